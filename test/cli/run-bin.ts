/**
 * Runs the real paperbot entry point (or another command) as a child process from the repo root,
 * with an environment free of platform credentials, and lets a test type into it and read it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { REPO_ROOT } from '../support/corpus-files.ts';

/**
 * `bin/paperbot.js` runs the compiled dist/; the tests run the sources it is compiled from
 * (scripts/build-production.sh runs the bin itself).
 */
export const BIN = 'test/support/paperbot-from-source.mjs';

/** A test that never sees its text fails with this instead of hanging until vitest's own limit. */
const HANG_GUARD_MS = 25_000;

/** The parent's environment without anything that would start Discord or Slack or change logging. */
export function cleanEnv(overrides: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      /^(DISCORD_|SLACK_)/.test(name) ||
      ['LOG_LEVEL', 'CORPUS_DIR', 'DATA_DIR', 'MAX_FILE_BYTES', 'PORT'].includes(name)
    )
      continue;
    env[name] = value;
  }
  return { ...env, ...overrides };
}

/** Output with wrapping undone, so a wrapped title reads as one line. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ');
}

export class RunningProcess {
  private out = '';
  private err = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.err += chunk));
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  type(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Closes stdin: what Ctrl-D does in a terminal. */
  endInput(): void {
    this.child.stdin.end();
  }

  /** Resolves once stdout (wrapping undone) holds every one of `texts`; rejects if the process ends first. */
  async waitForOutput(...texts: string[]): Promise<void> {
    const seen = (): boolean => texts.every((text) => flatten(this.out).includes(text));
    const started = Date.now();
    while (!seen()) {
      const ended = await Promise.race([
        this.exited.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 25)),
      ]);
      if (seen()) return;
      if (ended || Date.now() - started > HANG_GUARD_MS) {
        throw new Error(
          `output never held ${JSON.stringify(texts)}\n--- stdout ---\n${this.out}\n--- stderr ---\n${this.err}`,
        );
      }
    }
  }

  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Every process started here, so afterEach can stop any a failed test left behind. */
const running = new Set<RunningProcess>();

export function startProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const process_ = new RunningProcess(child);
  running.add(process_);
  void process_.exited.then(() => running.delete(process_));
  return process_;
}

export function startBin(args: readonly string[], env: NodeJS.ProcessEnv): RunningProcess {
  return startProcess(process.execPath, [BIN, ...args], env);
}

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bin to the end with stdin closed. */
export async function runBin(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  const run = startBin(args, env);
  run.endInput();
  const code = await run.exited;
  return { code, stdout: run.stdout, stderr: run.stderr };
}

export async function stopAllProcesses(): Promise<void> {
  const left = [...running];
  for (const process_ of left) process_.stop();
  await Promise.all(left.map((process_) => process_.exited));
}
