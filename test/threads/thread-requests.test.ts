// Work moved off the bot's thread (citations, the folder watcher's scan) must still answer every
// request it is given: with its answer, with its error, or with a clear failure when the thread
// is stuck or gone, and the next request is served by a new thread.
import { afterEach, describe, expect, it } from 'vitest';
import { ThreadRequests } from '../../src/threads/thread-requests.ts';

const THREAD = new URL('../support/threads/answering-thread.ts', import.meta.url);
const opened: ThreadRequests<string, string>[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((requests) => requests.close()));
});

function threadRequests(timeoutMs = 20_000): ThreadRequests<string, string> {
  const requests = new ThreadRequests<string, string>(THREAD, 'answering', timeoutMs);
  opened.push(requests);
  return requests;
}

describe('requests answered on a thread', () => {
  it('answers each request with its own answer, however many are in flight', async () => {
    const requests = threadRequests();
    const answers = await Promise.all(['a', 'b', 'c'].map((request) => requests.ask(request)));
    expect(answers).toEqual(['answer to a', 'answer to b', 'answer to c']);
  });

  it("passes on the thread's error for that request alone", async () => {
    const requests = threadRequests();
    await expect(requests.ask('fail')).rejects.toThrow('this request cannot be answered');
    await expect(requests.ask('next')).resolves.toBe('answer to next');
  });

  it('fails a request the thread is stuck on after the timeout, and answers the next from a new thread', async () => {
    const requests = threadRequests(5_000);
    await expect(requests.ask('hang')).rejects.toThrow('answering took longer than 5 s');
    await expect(requests.ask('after')).resolves.toBe('answer to after');
  });

  it('fails what the thread owed when it is closed', async () => {
    const requests = threadRequests();
    const owed = expect(requests.ask('hang')).rejects.toThrow('answering was stopped');
    await requests.close();
    await owed;
  });

  it('fails what a dying thread owed, and answers the next from a new thread', async () => {
    const requests = threadRequests();
    await expect(requests.ask('die')).rejects.toThrow('answering stopped before it answered');
    await expect(requests.ask('after')).resolves.toBe('answer to after');
  });
});
