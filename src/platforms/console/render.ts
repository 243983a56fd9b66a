import type { Action, Card, Reply, RichText, TextSegment } from '../../reply.ts';

/** Terminal width the console wraps to; replies read like a man page, not a log line. */
export const CONSOLE_WIDTH = 100;

export interface ConsoleRenderOptions {
  /** Marks matched words in bold with ANSI codes (only when writing to a terminal). */
  readonly ansi: boolean;
  readonly width?: number;
  /** Whether the user can press buttons by number (the interactive session); `ask` cannot. */
  readonly interactive?: boolean;
}

export interface ConsoleButton {
  /** What the user types to press it: `1`, `2`, … */
  readonly number: number;
  readonly action: Action;
}

export interface ConsoleRender {
  readonly text: string;
  readonly buttons: readonly ConsoleButton[];
}

/** Plain text for a terminal; buttons become numbered choices the session lets the user pick. */
export function renderForConsole(reply: Reply, options: ConsoleRenderOptions): ConsoleRender {
  const width = options.width ?? CONSOLE_WIDTH;
  const lines: string[] = [];
  const buttons: ConsoleButton[] = [];
  const interactive = options.interactive ?? true;
  const press = (action: Action): string => {
    const number = buttons.length + 1;
    buttons.push({ number, action });
    return interactive ? `[${number}] ${action.label}` : `[${action.label}]`;
  };
  if (reply.heading) lines.push(bold(safe(reply.heading), options.ansi));
  if (reply.text?.length) lines.push(...wrap(rich(reply.text, options.ansi), width));
  reply.cards.forEach((card, index) => {
    lines.push(
      '',
      ...renderCard(
        card,
        reply.cards.length > 1 ? index + 1 : undefined,
        width,
        options.ansi,
        interactive ? press : undefined,
      ),
    );
  });
  if (reply.actions.length && interactive) lines.push('', reply.actions.map(press).join('   '));
  if (buttons.length && interactive) lines.push('', 'Type a number to press its button.');
  return { text: lines.join('\n'), buttons };
}

function renderCard(
  card: Card,
  number: number | undefined,
  width: number,
  ansi: boolean,
  press: ((action: Action) => string) | undefined,
): string[] {
  const lines: string[] = [];
  const title = `${number ? `${number}. ` : ''}${safe(card.title)}`;
  lines.push(...wrap(bold(title, ansi), width));
  const indent = '   ';
  if (card.url) lines.push(`${indent}${safe(card.url)}`);
  if (card.subtitle) lines.push(...wrap(safe(card.subtitle), width - indent.length).map((line) => indent + line));
  // A record (BibTeX, RIS) is printed line for line, unwrapped, so it can be copied as it is.
  for (const run of groupCode(card.body ?? [])) {
    if (run.code)
      lines.push(
        ...run.text
          .map((segment) => safe(segment.text))
          .join('')
          .replace(/\s+$/, '')
          .split('\n')
          .map((line) => indent + line),
      );
    else
      for (const paragraph of rich(run.text, ansi).split('\n'))
        lines.push(...wrap(paragraph, width - indent.length).map((line) => indent + line));
  }
  // Inline fields (kind, DOI) share a line, as they share a row on Discord; others get a line each.
  const fields = card.fields ?? [];
  const inline = fields.filter((field) => field.inline).map((field) => `${safe(field.name)}: ${safe(field.value)}`);
  if (inline.length) lines.push(...wrap(inline.join(' | '), width - indent.length).map((line) => indent + line));
  for (const field of fields.filter((candidate) => !candidate.inline)) {
    lines.push(
      ...wrap(`${safe(field.name)}: ${safe(field.value)}`, width - indent.length).map((line) => indent + line),
    );
  }
  if (card.footer) lines.push(`${indent}${safe(card.footer)}`);
  if (card.actions?.length && press) lines.push(indent + card.actions.map(press).join('   '));
  return lines;
}

/** Consecutive segments that are, or are not, preformatted. */
function groupCode(text: RichText): { code: boolean; text: TextSegment[] }[] {
  const runs: { code: boolean; text: TextSegment[] }[] = [];
  for (const segment of text) {
    const code = Boolean(segment.code);
    const last = runs[runs.length - 1];
    if (last && last.code === code) last.text.push(segment);
    else runs.push({ code, text: [segment] });
  }
  return runs;
}

function rich(text: RichText, ansi: boolean): string {
  return text
    .map((segment) => {
      const shown = segment.strong ? bold(safe(segment.text), ansi) : safe(segment.text);
      return segment.url ? `${shown} <${safe(segment.url)}>` : shown;
    })
    .join('');
}

function bold(text: string, ansi: boolean): string {
  return ansi ? `\u001b[1m${text}\u001b[22m` : text;
}

/** Corpus text must not move the cursor or recolour the terminal. */
function safe(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Greedy word wrap that counts visible characters only. */
export function wrap(text: string, width: number): string[] {
  const visible = (s: string): number => s.replace(/\u001b\[\d+m/g, '').length;
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (line && visible(line) + 1 + visible(word) > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}
