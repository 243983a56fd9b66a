import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveAttachments } from '../../src/platforms/console/files.ts';
import type { Attachment } from '../../src/reply.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function chart(n: number): Attachment {
  return { name: `timeline-${n}.png`, contentType: 'image/png', data: new Uint8Array(1_000), description: 'a chart' };
}

describe('the console files folder', () => {
  it('keeps the newest 50 saved files and nothing older than a day, and leaves other files alone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-console-files-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'the operator keeps this');
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    // 60 commands over an hour, some with two files: 90 files, as the issue saw.
    for (let n = 0; n < 60; n += 1) {
      const files = n % 2 ? [chart(n), chart(n + 1000)] : [chart(n)];
      await saveAttachments(dir, files, new Date(start + n * 60_000));
    }
    const kept = readdirSync(dir).filter((name) => name !== 'notes.txt');
    expect(kept).toHaveLength(50);
    expect(kept).toContain('2026-01-01T00-59-00-000Z-2-timeline-1059.png');
    expect(kept).not.toContain('2026-01-01T00-00-00-000Z-1-timeline-0.png');
    expect(readdirSync(dir)).toContain('notes.txt');

    // A day later, one more command: everything older than a day is gone.
    const saved = await saveAttachments(dir, [chart(99)], new Date(start + 25 * 60 * 60_000));
    expect(saved[0]).toMatch(/^Saved a chart: .*2026-01-02T01-00-00-000Z-1-timeline-99\.png$/);
    expect(readdirSync(dir).sort()).toEqual(['2026-01-02T01-00-00-000Z-1-timeline-99.png', 'notes.txt']);
  });
});
