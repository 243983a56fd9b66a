import type { Worker } from 'node:worker_threads';
import { startThread } from './start-thread.ts';

/** A request on its way to a thread, and the thread's answer to it. */
export interface ThreadRequest<Request> {
  readonly id: number;
  readonly request: Request;
}
export type ThreadAnswer<Answer> = { readonly id: number; readonly answer: Answer } | { readonly id: number; readonly error: string };

interface Waiting<Answer> {
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Asks a thread module (one that calls serveThreadRequests) for answers. The thread starts on
 * the first request; one that dies or takes longer than `timeoutMs` fails what it was asked,
 * and the next request starts a new one. It keeps the process alive only while it owes answers.
 */
export class ThreadRequests<Request, Answer> {
  private thread: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting<Answer>>();

  constructor(
    private readonly module: URL,
    /** What the thread does, for error messages ("writing a citation"). */
    private readonly work: string,
    private readonly timeoutMs: number,
  ) {}

  ask(request: Request): Promise<Answer> {
    const thread = this.running();
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(id)?.reject(new Error(`${this.work} took longer than ${this.timeoutMs / 1000} s`));
        // What it is stuck in would hold the next request too: the next one gets a new thread.
        this.failAll(thread, `${this.work} stopped before it answered`);
        void thread.terminate();
      }, this.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      thread.ref();
      const message: ThreadRequest<Request> = { id, request };
      thread.postMessage(message);
    });
  }

  /** Stops the thread; what it still owed fails with "<work> was stopped". */
  async close(): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    this.failAll(thread, `${this.work} was stopped`);
    await thread.terminate();
  }

  private running(): Worker {
    if (this.thread) return this.thread;
    const thread = startThread(this.module, undefined);
    this.thread = thread;
    thread.unref();
    thread.on('message', (message: ThreadAnswer<Answer>) => {
      const waiting = this.settle(message.id);
      if (!waiting) return;
      if ('error' in message) waiting.reject(new Error(message.error));
      else waiting.resolve(message.answer);
    });
    thread.on('error', (error) => this.failAll(thread, `${this.work} failed: ${error.message}`));
    thread.on('exit', () => this.failAll(thread, `${this.work} stopped before it answered`));
    return thread;
  }

  private settle(id: number): Waiting<Answer> | undefined {
    const waiting = this.waiting.get(id);
    if (!waiting) return undefined;
    clearTimeout(waiting.timer);
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.thread?.unref();
    return waiting;
  }

  private failAll(thread: Worker, reason: string): void {
    if (this.thread !== thread) return;
    this.thread = undefined;
    for (const id of [...this.waiting.keys()]) this.settle(id)?.reject(new Error(reason));
  }
}
