// Work moved off the bot's thread (citations, the folder watcher's scan) must still answer every
// request it is given: with its answer, with its error, or with a clear failure when the worker
// is stuck or gone, and the next request is served by a new worker.
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerRequests } from '../../src/workers/worker-requests.ts';

const WORKER = new URL('../support/workers/answering-worker.ts', import.meta.url);
const opened: WorkerRequests<string, string>[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((requests) => requests.close()));
});

function workerRequests(timeoutMs = 20_000): WorkerRequests<string, string> {
  const requests = new WorkerRequests<string, string>(WORKER, 'answering', timeoutMs);
  opened.push(requests);
  return requests;
}

describe('requests answered on a worker thread', () => {
  it('answers each request with its own answer, however many are in flight', async () => {
    const requests = workerRequests();
    const answers = await Promise.all(['a', 'b', 'c'].map((request) => requests.ask(request)));
    expect(answers).toEqual(['answer to a', 'answer to b', 'answer to c']);
  });

  it("passes on the worker's error for that request alone", async () => {
    const requests = workerRequests();
    await expect(requests.ask('fail')).rejects.toThrow('this request cannot be answered');
    await expect(requests.ask('next')).resolves.toBe('answer to next');
  });

  it('fails a request the worker is stuck on after the timeout, and answers the next from a new worker', async () => {
    const requests = workerRequests(5_000);
    await expect(requests.ask('hang')).rejects.toThrow('answering took longer than 5 s');
    await expect(requests.ask('after')).resolves.toBe('answer to after');
  });

  it('fails what the worker owed when it is closed', async () => {
    const requests = workerRequests();
    const owed = expect(requests.ask('hang')).rejects.toThrow('answering was stopped');
    await requests.close();
    await owed;
  });

  it('fails what a dying worker owed, and answers the next from a new worker', async () => {
    const requests = workerRequests();
    await expect(requests.ask('die')).rejects.toThrow('answering stopped before it answered');
    await expect(requests.ask('after')).resolves.toBe('answer to after');
  });
});
