import type { Worker } from 'node:worker_threads';
import { startWorker } from './start-worker.ts';

/** A request on its way to a worker, and the worker's answer to it. */
export interface WorkerRequest<Request> {
  readonly id: number;
  readonly request: Request;
}
export type WorkerAnswer<Answer> =
  | { readonly id: number; readonly answer: Answer }
  | { readonly id: number; readonly error: string };

interface Waiting<Answer> {
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Asks a worker module (one that calls serveWorkerRequests) for answers. The worker starts on
 * the first request; one that dies or takes longer than `timeoutMs` fails what it was asked,
 * and the next request starts a new one. It keeps the process alive only while it owes answers.
 */
export class WorkerRequests<Request, Answer> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting<Answer>>();

  constructor(
    private readonly module: URL,
    /** What the worker does, for error messages ("writing a citation"). */
    private readonly work: string,
    private readonly timeoutMs: number,
  ) {}

  ask(request: Request): Promise<Answer> {
    const worker = this.running();
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(id)?.reject(new Error(`${this.work} took longer than ${this.timeoutMs / 1000} s`));
        // What it is stuck in would hold the next request too: the next one gets a new worker.
        this.failAll(worker, `${this.work} stopped before it answered`);
        void worker.terminate();
      }, this.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      worker.ref();
      const message: WorkerRequest<Request> = { id, request };
      worker.postMessage(message);
    });
  }

  /** Stops the worker; what it still owed fails with "<work> was stopped". */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.failAll(worker, `${this.work} was stopped`);
    await worker.terminate();
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.module, undefined);
    this.worker = worker;
    worker.unref();
    worker.on('message', (message: WorkerAnswer<Answer>) => {
      const waiting = this.settle(message.id);
      if (!waiting) return;
      if ('error' in message) waiting.reject(new Error(message.error));
      else waiting.resolve(message.answer);
    });
    worker.on('error', (error) => this.failAll(worker, `${this.work} failed: ${error.message}`));
    worker.on('exit', () => this.failAll(worker, `${this.work} stopped before it answered`));
    return worker;
  }

  private settle(id: number): Waiting<Answer> | undefined {
    const waiting = this.waiting.get(id);
    if (!waiting) return undefined;
    clearTimeout(waiting.timer);
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker?.unref();
    return waiting;
  }

  private failAll(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const id of [...this.waiting.keys()]) this.settle(id)?.reject(new Error(reason));
  }
}
