/** A thread for the ThreadRequests tests: answers, fails, hangs or dies as the request says. */
import { serveThreadRequests } from '../../../src/threads/serve-requests.ts';

serveThreadRequests<string, string>(async (request) => {
  if (request === 'fail') throw new Error('this request cannot be answered');
  if (request === 'hang') for (;;);
  if (request === 'die') process.exit(3);
  return `answer to ${request}`;
});
