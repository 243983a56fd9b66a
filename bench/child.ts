import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage } from './sides/protocol.ts';

const SIDES = fileURLToPath(new URL('./sides/', import.meta.url));
/** Generous: the 100 000-entry stock side alone takes minutes. */
const CHILD_TIMEOUT_MS = 20 * 60 * 1000;

/** Runs one measuring child; resolves with its report and when (from spawn) it said it was ready. */
export function runChild<T>(
  script: string,
  inputFile: string,
  expected: 'result' | 'cold-start' | 'postgres-result',
  extraArgs: readonly string[] = [],
  timeoutMs = CHILD_TIMEOUT_MS,
): Promise<{ value: T; readyMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let readyMs = Number.NaN;
    let settled = false;
    const child = fork(path.join(SIDES, script), [inputFile], {
      execArgv: [...process.execArgv, ...extraArgs],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`${script} took longer than ${timeoutMs / 60_000} minutes`));
    }, timeoutMs);
    const finish = (error: Error | undefined, value?: T): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve({ value: value as T, readyMs });
    };
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') readyMs = performance.now() - started;
      else if (message.type === 'error') finish(new Error(`${script} failed: ${message.message}`));
      else if (message.type === expected)
        finish(undefined, ('result' in message ? message.result : message.report) as T);
    });
    child.on('error', (error) => finish(error));
    child.on('close', (code, signal) =>
      finish(new Error(`${script} exited (${signal ?? `code ${code}`}) before reporting`)),
    );
  });
}
