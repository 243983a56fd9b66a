import type { Bot } from '../bot.ts';
import { renderForConsole } from '../platforms/console/render.ts';
import { CONSOLE_CALLER } from '../platforms/console/session.ts';
import { saveAttachments } from '../platforms/console/files.ts';

export interface AskOutcome {
  readonly exitCode: 0 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** `paperbot ask "/paper MSC COVID"`: one answer, then exit; a bad command line exits 2. */
export async function askOnce(bot: Bot, line: string, filesDir: string): Promise<AskOutcome> {
  if (!line.trim())
    return {
      exitCode: 2,
      stdout: '',
      stderr: 'paperbot ask: give a command line, for example: paperbot ask "/paper MSC COVID"',
    };
  const reply = await bot.runLine(line, CONSOLE_CALLER);
  const text = renderForConsole(reply, { ansi: false, interactive: false }).text;
  if (reply.tone === 'error') return { exitCode: 2, stdout: '', stderr: `paperbot ask: ${text}` };
  const saved = await saveAttachments(filesDir, reply.attachments ?? []);
  return { exitCode: 0, stdout: [text, ...saved].join('\n'), stderr: '' };
}
