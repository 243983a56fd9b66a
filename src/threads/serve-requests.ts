import { parentPort } from 'node:worker_threads';
import type { ThreadAnswer, ThreadRequest } from './thread-requests.ts';

/** Inside a thread: answers each request ThreadRequests sends with `answer`, one at a time, in order. */
export function serveThreadRequests<Request, Answer>(answer: (request: Request) => Promise<Answer>): void {
  let queue = Promise.resolve();
  parentPort?.on('message', ({ id, request }: ThreadRequest<Request>) => {
    queue = queue.then(async () => {
      let reply: ThreadAnswer<Answer>;
      try {
        reply = { id, answer: await answer(request) };
      } catch (error) {
        reply = { id, error: error instanceof Error ? error.message : String(error) };
      }
      parentPort?.postMessage(reply);
    });
  });
}
