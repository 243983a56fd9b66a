import { createInterface } from 'node:readline';
import type { Caller } from '../../command-types.ts';
import type { Bot } from '../../bot.ts';
import type { Reply } from '../../reply.ts';
import { saveAttachments } from './files.ts';
import { renderForConsole, type ConsoleButton } from './render.ts';

export const CONSOLE_CALLER: Caller = {
  platform: 'console',
  channelId: 'console',
  userId: 'console',
  canManageChannel: true,
};

export interface ConsoleSessionOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly ansi: boolean;
  /** Where a reply's files (a timeline chart) are written; their paths are printed. */
  readonly filesDir: string;
}

/**
 * An interactive terminal session with the same grammar as Slack (`/paper MSC COVID`).
 * Buttons are numbered; typing the number presses it. Resolves when the user leaves.
 */
export class ConsoleSession {
  private buttons: readonly ConsoleButton[] = [];
  private closed = false;

  constructor(
    private readonly bot: Bot,
    private readonly options: ConsoleSessionOptions,
  ) {}

  /** Writes a line that did not come from a command, such as a notification. */
  print(text: string): void {
    if (!this.closed) this.options.output.write(`\n${text}\n`);
  }

  printReply(reply: Reply): void {
    const rendered = renderForConsole(reply, { ansi: this.options.ansi });
    // A notification's buttons become the ones a typed number presses, as for any reply.
    if (rendered.buttons.length) this.buttons = rendered.buttons;
    this.print(rendered.text);
  }

  async run(): Promise<void> {
    const entries = await this.bot.search.count();
    const lines = createInterface({ input: this.options.input, output: this.options.output, terminal: false });
    const prompt = (): void => {
      if (!this.closed) this.options.output.write('paperbot> ');
    };
    this.options.output.write(`paperbot console: ${entries} entries. Type /paper help, or exit to leave.\n`);
    prompt();
    return new Promise((resolve) => {
      let queue = Promise.resolve();
      lines.on('line', (line) => {
        queue = queue.then(async () => {
          if (this.closed) return;
          const trimmed = line.trim();
          if (trimmed === 'exit' || trimmed === 'quit' || trimmed === '/exit') {
            lines.close();
            return;
          }
          // A failure here must not end the session: the queue would stay rejected and later lines go unanswered.
          if (trimmed) {
            await this.answer(trimmed).catch(() =>
              this.options.output.write('Something went wrong while answering that; please try again.\n'),
            );
          }
          prompt();
        });
      });
      lines.on('close', () => {
        void queue.then(() => {
          this.closed = true;
          this.options.output.write('\nbye\n');
          resolve();
        });
      });
    });
  }

  private async answer(line: string): Promise<void> {
    const button = /^\d{1,3}$/.test(line)
      ? this.buttons.find((candidate) => candidate.number === Number(line))
      : undefined;
    const reply = button
      ? await this.bot.runAction(button.action.id, CONSOLE_CALLER)
      : await this.bot.runLine(line, CONSOLE_CALLER);
    const rendered = renderForConsole(reply, { ansi: this.options.ansi });
    if (rendered.buttons.length) this.buttons = rendered.buttons;
    this.options.output.write(`${rendered.text}\n`);
    const saved = await saveAttachments(this.options.filesDir, reply.attachments ?? []);
    if (saved.length) this.options.output.write(`${saved.join('\n')}\n`);
  }
}
