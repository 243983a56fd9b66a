/** Runs the real `paperbot` entry point as a child process, the way an operator would. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface PaperbotProcess {
  readonly child: ChildProcess;
  /** Resolves when stderr (where the logger writes) has shown a line matching `pattern`. */
  readonly waitForLog: (pattern: RegExp) => Promise<void>;
  /** What it has written to stderr (its log) so far. */
  readonly stderr: () => string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Every setting a developer's own `.env` or shell might hold is overridden, so only `env` counts. */
const NEUTRAL_ENV = {
  DISCORD_TOKEN: '',
  DISCORD_APPLICATION_ID: '',
  DISCORD_GUILD_ID: '',
  DISCORD_API_URL: '',
  SLACK_BOT_TOKEN: '',
  SLACK_APP_TOKEN: '',
  SLACK_SIGNING_SECRET: '',
  SLACK_API_URL: '',
  LOG_LEVEL: 'warn',
};

/**
 * `entry` is what node runs before `args`: by default the sources through tsx, as the tests run
 * them; the start-up bench passes the compiled `bin/paperbot.js`, as production runs it.
 */
export function spawnPaperbot(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  entry: readonly string[] = ['--import', 'tsx', path.resolve('src/main.ts')],
): PaperbotProcess {
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: path.resolve('.'),
    env: { ...process.env, ...NEUTRAL_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const logWaiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const waiter of [...logWaiters]) {
      if (waiter.pattern.test(stderr)) {
        logWaiters.splice(logWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const waitForLog = (pattern: RegExp): Promise<void> =>
    pattern.test(stderr) ? Promise.resolve() : new Promise((resolve) => logWaiters.push({ pattern, resolve }));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    },
  );
  return { child, exited, waitForLog, stderr: () => stderr };
}

/** Stops a child that is still running (a failed test must not leave it behind). */
export async function stopPaperbot(running: PaperbotProcess | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill('SIGKILL');
  await running.exited;
}
