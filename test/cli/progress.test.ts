// The progress line of `paperbot check` and of a first start: on a terminal only, and cleared after.
import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../../src/cli/progress.ts';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) > 0 };
}

describe('the progress line', () => {
  it('counts files on a terminal, ends with the total, and clears itself', () => {
    const terminal = stream(true);
    const progress = terminalProgress(terminal, 'Reading the corpus');
    for (let done = 1; done <= 5_000; done++) progress?.update(done, 5_000);
    progress?.end();
    expect(terminal.written[0]).toBe('\rReading the corpus: 1 / 5000 files');
    expect(terminal.written.at(-2)).toBe('\rReading the corpus: 5000 / 5000 files');
    expect(terminal.written.at(-1)).toBe('\r\u001b[2K');
  });

  it('prints nothing where the output is not a terminal (a CI log, a pipe)', () => {
    expect(terminalProgress(stream(false), 'Reading the corpus')).toBeUndefined();
  });

  it('prints nothing for a folder small enough to read at once', () => {
    const terminal = stream(true);
    const progress = terminalProgress(terminal, 'Reading the corpus');
    for (let done = 1; done <= 50; done++) progress?.update(done, 50);
    progress?.end();
    expect(terminal.written).toEqual([]);
  });
});
