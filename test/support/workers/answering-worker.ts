/** A worker for the WorkerRequests tests: answers, fails, hangs or dies as the request says. */
import { serveWorkerRequests } from '../../../src/workers/serve-requests.ts';

serveWorkerRequests<string, string>(async (request) => {
  if (request === 'fail') throw new Error('this request cannot be answered');
  if (request === 'hang') for (;;);
  if (request === 'die') process.exit(3);
  return `answer to ${request}`;
});
