import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, STORE_FILE_NAME } from '../../src/store/sqlite/open.ts';

/**
 * A process doing 1 000 subscribe/unsubscribe operations is killed with SIGKILL part-way: the
 * database still opens, passes SQLite's integrity check, and holds exactly the acknowledged
 * operations — the one in flight at the kill may have landed or not, nothing else differs.
 */
const CHILD = path.resolve('test/support/hardening-store-child.ts');
const OPERATIONS = 1_000;
const KILL_AFTER_ACKS = 400;

const folders: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

interface Operation {
  readonly n: number;
  readonly kind: 'sub' | 'unsub';
  readonly channel: string;
  readonly query: string;
}

function parse(text: string): Operation {
  const match = /^(?:begin|ack) (\d+) (sub|unsub) (\S+) (.*)$/.exec(text);
  if (!match) throw new Error(`unexpected line from the child: ${text}`);
  return { n: Number(match[1]), kind: match[2] as Operation['kind'], channel: match[3] ?? '', query: match[4] ?? '' };
}

/** Runs the child until it has acknowledged `killAfter` operations, then kills it; resolves with its whole output. */
function runAndKill(
  dataDir: string,
  killAfter: number,
): Promise<{ lines: string[]; ackedAtKill: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(OPERATIONS), '7'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    let errors = '';
    let acked = 0;
    let ackedAtKill = -1;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      acked = output.split('\n').filter((line) => line.startsWith('ack ')).length;
      if (ackedAtKill < 0 && acked >= killAfter) {
        ackedAtKill = acked;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the child was not killed (exit ${code}): ${errors.slice(-1000)}`));
      else resolve({ lines: output.split('\n').filter(Boolean), ackedAtKill, signal });
    });
  });
}

function apply(state: Set<string>, operation: Operation): void {
  const key = `${operation.channel} ${operation.query}`;
  if (operation.kind === 'sub') state.add(key);
  else state.delete(key);
}

describe('the store under SIGKILL', () => {
  it('keeps every acknowledged subscription change and nothing never requested', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-crash-'));
    folders.push(dataDir);
    const run = await runAndKill(dataDir, KILL_AFTER_ACKS);

    const acked = run.lines.filter((line) => line.startsWith('ack ')).map(parse);
    const begun = run.lines.filter((line) => line.startsWith('begin ')).map(parse);
    expect(run.lines).not.toContain('done');
    expect(acked.map((operation) => operation.n)).toEqual(acked.map((_, index) => index + 1));
    const inFlight = begun.filter((operation) => operation.n > acked.length);
    expect(inFlight.length).toBeLessThanOrEqual(1);

    const integrity = new Database(path.join(dataDir, STORE_FILE_NAME));
    const check = integrity.pragma('integrity_check', { simple: true });
    integrity.close();
    expect(check).toBe('ok');

    const store = openSqliteStore(dataDir);
    const stored = new Set(
      (await store.subscriptions.activeSubscriptions()).map(
        (subscription) => `${subscription.channelId} ${subscription.query}`,
      ),
    );
    await store.close();

    const expected = new Set<string>();
    for (const operation of acked) apply(expected, operation);
    const withInFlight = new Set(expected);
    for (const operation of inFlight) apply(withInFlight, operation);
    const requested = new Set(
      begun
        .filter((operation) => operation.kind === 'sub')
        .map((operation) => `${operation.channel} ${operation.query}`),
    );

    for (const key of stored) expect(requested.has(key), `never requested: ${key}`).toBe(true);
    const matches =
      [...stored].sort().join('|') === [...expected].sort().join('|')
        ? 'the acknowledged state'
        : [...stored].sort().join('|') === [...withInFlight].sort().join('|')
          ? 'the acknowledged state plus the operation in flight'
          : 'neither';
    console.log(
      `store crash test: SIGKILL after ${run.ackedAtKill} acks read; ${acked.length} of ${OPERATIONS} operations acknowledged in all, ${inFlight.length} in flight; database integrity_check "${check}"; ${stored.size} subscriptions stored = ${matches}`,
    );
    expect(matches).not.toBe('neither');
  });
});
