/**
 * A one-line "Reading the corpus: 1 234 / 5 000 files" counter, rewritten in place on a
 * terminal and nowhere else: a CI log or a pipe gets nothing, so its output stays exactly the
 * report. Small folders read too fast to need it.
 */

/** Below this many files the count would only flicker. */
const MIN_FILES = 200;
/** At most this often, so printing never costs more than the reading. */
const INTERVAL_MS = 100;

export interface ProgressLine {
  update(done: number, total: number): void;
  /** Clears the line, leaving the terminal as it was. */
  end(): void;
}

export function terminalProgress(
  stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>,
  label: string,
): ProgressLine | undefined {
  if (!stream.isTTY) return undefined;
  let lastWrite = 0;
  let shown = false;
  return {
    update(done, total) {
      if (total < MIN_FILES) return;
      const now = Date.now();
      if (done < total && now - lastWrite < INTERVAL_MS) return;
      lastWrite = now;
      shown = true;
      stream.write(`\r${label}: ${done} / ${total} files`);
    },
    end() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}
