import { randomUUID } from 'node:crypto';
import { UserError } from '../errors.ts';
import type { Reply } from '../reply.ts';
import type { DiscussionOpener, OpenedDiscussion, ThreadSurface } from '../command-types.ts';
import type { DiscussionThreadStore } from '../store/store.ts';

/** Longer than opening a thread ever takes; a claim whose holder died frees itself after this. */
export const DISCUSSION_CLAIM_MS = 15_000;
const WAIT_STEP_MS = 150;

export interface DiscussionsOptions {
  readonly claimMs?: number;
  readonly waitStepMs?: number;
}

/**
 * One thread per entry per channel. The store remembers it, so pressing Discuss again (or after
 * a restart, or in another process) points to the same thread. Before a thread is opened the
 * opening is claimed in the store, so two processes pressed at the same moment open one thread:
 * the other waits for it and points to it. A double press in one process waits for the first.
 */
export class Discussions implements DiscussionOpener {
  private readonly opening = new Map<string, Promise<OpenedDiscussion>>();
  /** This process, as the holder of its claims. */
  private readonly claimant = randomUUID();
  private readonly claimMs: number;
  private readonly waitStepMs: number;

  constructor(
    private readonly store: DiscussionThreadStore,
    options: DiscussionsOptions = {},
  ) {
    this.claimMs = options.claimMs ?? DISCUSSION_CLAIM_MS;
    this.waitStepMs = options.waitStepMs ?? WAIT_STEP_MS;
  }

  open(surface: ThreadSurface, entryKey: string, name: string, first: Reply): Promise<OpenedDiscussion> {
    const id = `${surface.channel.platform}\u0000${surface.channel.channelId}\u0000${entryKey}`;
    const running = this.opening.get(id);
    if (running) return running;
    const work = this.openOnce(surface, entryKey, name, first).finally(() => this.opening.delete(id));
    this.opening.set(id, work);
    return work;
  }

  private async openOnce(
    surface: ThreadSurface,
    entryKey: string,
    name: string,
    first: Reply,
  ): Promise<OpenedDiscussion> {
    const known = await this.store.discussionThread(surface.channel, entryKey);
    if (known) {
      if (await surface.exists(known.threadId)) return this.found(surface, known.threadId);
      await this.store.forgetDiscussionThread(surface.channel, entryKey, known.threadId);
    }
    if (surface.currentThread) {
      // A thread cannot hold another thread: the one the user is in becomes the discussion.
      const kept = await this.store.rememberDiscussionThread(surface.channel, entryKey, surface.currentThread);
      return this.found(surface, kept.threadId);
    }
    const deadline = Date.now() + 2 * this.claimMs;
    while (!(await this.store.claimDiscussion(surface.channel, entryKey, this.claimant, this.claimMs))) {
      // Another process is opening it: its thread is the one to point to, once remembered.
      const theirs = await this.store.discussionThread(surface.channel, entryKey);
      if (theirs) return this.found(surface, theirs.threadId);
      if (Date.now() > deadline)
        throw new UserError('This discussion is being opened elsewhere just now. Press Discuss again in a moment.');
      await new Promise((resolve) => setTimeout(resolve, this.waitStepMs));
    }
    try {
      // The thread may have been remembered between the look-up above and the claim.
      const theirs = await this.store.discussionThread(surface.channel, entryKey);
      if (theirs) return this.found(surface, theirs.threadId);
      const threadId = await surface.open(name, first);
      const kept = await this.store.rememberDiscussionThread(surface.channel, entryKey, threadId);
      return kept.threadId === threadId
        ? { threadId, link: surface.link(threadId), outcome: 'opened' }
        : this.found(surface, kept.threadId);
    } finally {
      await this.store.releaseDiscussion(surface.channel, entryKey, this.claimant);
    }
  }

  private found(surface: ThreadSurface, threadId: string): OpenedDiscussion {
    return {
      threadId,
      link: surface.link(threadId),
      outcome: surface.currentThread === threadId ? 'here' : 'existing',
    };
  }
}
