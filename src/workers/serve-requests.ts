import { parentPort } from 'node:worker_threads';
import type { WorkerAnswer, WorkerRequest } from './worker-requests.ts';

/** Inside a worker: answers each request WorkerRequests sends with `answer`, one at a time, in order. */
export function serveWorkerRequests<Request, Answer>(answer: (request: Request) => Promise<Answer>): void {
  let queue = Promise.resolve();
  parentPort?.on('message', ({ id, request }: WorkerRequest<Request>) => {
    queue = queue.then(async () => {
      let reply: WorkerAnswer<Answer>;
      try {
        reply = { id, answer: await answer(request) };
      } catch (error) {
        reply = { id, error: error instanceof Error ? error.message : String(error) };
      }
      parentPort?.postMessage(reply);
    });
  });
}
