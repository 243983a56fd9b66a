import type { Reply } from '../reply.ts';
import type { DiscussionOpener, OpenedDiscussion, ThreadSurface } from '../command-types.ts';
import type { DiscussionThreadStore } from '../store/store.ts';

/**
 * One thread per entry per channel. The store remembers it, so pressing Discuss again (or after
 * a restart, or in another process) points to the same thread; a double press in one process
 * waits for the first instead of opening a second thread.
 */
export class Discussions implements DiscussionOpener {
  private readonly opening = new Map<string, Promise<OpenedDiscussion>>();

  constructor(private readonly store: DiscussionThreadStore) {}

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
    const threadId = await surface.open(name, first);
    const kept = await this.store.rememberDiscussionThread(surface.channel, entryKey, threadId);
    return kept.threadId === threadId
      ? { threadId, link: surface.link(threadId), outcome: 'opened' }
      : this.found(surface, kept.threadId);
  }

  private found(surface: ThreadSurface, threadId: string): OpenedDiscussion {
    return {
      threadId,
      link: surface.link(threadId),
      outcome: surface.currentThread === threadId ? 'here' : 'existing',
    };
  }
}
