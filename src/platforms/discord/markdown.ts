/**
 * Corpus text is data: on Discord it must read exactly as written, never as markdown, a
 * mention or a masked link. Discord's formatting rules:
 * https://support.discord.com/hc/en-us/articles/210298617 (markdown) and
 * https://discord.com/developers/docs/reference#message-formatting (mentions, timestamps).
 */
import type { RichText, TextSegment } from '../../reply.ts';
import { safeLinkUrl } from '../safe-link.ts';

export const ELLIPSIS = '…';
const ZERO_WIDTH_SPACE = '\u200b';

/** Everything but tab and newline: a title must not carry terminal or layout control codes. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
/** Characters that open inline markdown anywhere: bold, italics, underline, strike, spoiler, code, links. */
const INLINE_MARKDOWN = /[\\*_~|`[\]]/g;
/** What opens a block at the start of a line: headings, subtext (`-#`), quotes, lists. */
const LINE_START_MARKER = /^([ \t]*)([#>+-])/gm;
const LINE_START_NUMBER = /^([ \t]*)(\d+)\./gm;
/** `<@1>`, `<@&1>`, `<#1>`, `<:emoji:1>`, `<a:emoji:1>`, `<t:1>`, `</cmd:1>`, `<id:browse>`. */
const ANGLE_MENTION = /<(?=[@#:/]|a:|t:|id:)/gi;
const MASS_MENTION = /@(everyone|here)/gi;

/** Normalises line ends and removes control characters. */
function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '');
}

/** Breaks mentions with an invisible space so they show as typed; no markdown involved. */
function breakMentions(text: string): string {
  return text.replace(MASS_MENTION, `@${ZERO_WIDTH_SPACE}$1`).replace(ANGLE_MENTION, `<${ZERO_WIDTH_SPACE}`);
}

/** For places that render markdown (content, titles, descriptions, fields): shows text as typed. */
export function escapeMarkdown(text: string): string {
  const escaped = clean(text)
    .replace(INLINE_MARKDOWN, (char) => `\\${char}`)
    .replace(LINE_START_MARKER, '$1\\$2')
    .replace(LINE_START_NUMBER, '$1$2\\.');
  return breakMentions(escaped);
}

/** For places that show plain text (footers, button labels, choice names): a backslash would show. */
export function escapePlain(text: string): string {
  return breakMentions(clean(text));
}

/** Only web links may become masked links; the characters that would end the link early are encoded. */
export function discordLinkUrl(url: string | undefined): string | undefined {
  const parsed = safeLinkUrl(url);
  if (!parsed) return undefined;
  // encodeURIComponent leaves parentheses alone, and `)` would end a masked link early.
  const href = parsed.href.replace(
    /[()<>\s]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  // Discord finds @everyone anywhere in the raw text, link targets included; %40 is the same URL.
  const unmentioned = href.replace(/@(?=everyone|here)/gi, '%40');
  return unmentioned.length <= MAX_LINK_LENGTH ? unmentioned : undefined;
}

/** Discord refuses embed URLs longer than this. */
const MAX_LINK_LENGTH = 2048;

/** Cuts plain text to `max` characters, ending with an ellipsis when anything was cut. */
export function trimText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return '';
  return `${cutAt(text, max - ELLIPSIS.length).trimEnd()}${ELLIPSIS}`;
}

/**
 * The longest rendering of a prefix of `raw` that fits in `max` characters, with an ellipsis
 * when cut. Cutting the raw text before rendering keeps escapes and markup whole.
 */
export function fitRendered(raw: string, max: number, render: (text: string) => string): string {
  const full = render(raw);
  if (full.length <= max) return full;
  const room = max - ELLIPSIS.length;
  if (room < 0) return '';
  const prefix = longestFittingPrefix(raw, room, render);
  return prefix === undefined ? ELLIPSIS : `${render(prefix)}${ELLIPSIS}`;
}

/** Rich text as Discord markdown within `max` characters: strong runs bold, linked runs masked links. */
export function richToMarkdown(text: RichText, max: number): string {
  const segments = mergeRuns(text);
  const rendered = segments.map((segment) => renderSegment(segment, segment.text));
  if (rendered.reduce((sum, piece) => sum + piece.length, 0) <= max) return rendered.join('');
  const room = max - ELLIPSIS.length;
  if (room < 0) return '';
  let out = '';
  for (const [index, segment] of segments.entries()) {
    const piece = rendered[index] ?? '';
    if (out.length + piece.length <= room) {
      out += piece;
      continue;
    }
    const prefix = longestFittingPrefix(segment.text, room - out.length, (part) => renderSegment(segment, part));
    if (prefix !== undefined) out += renderSegment(segment, prefix);
    break;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}

function renderSegment(segment: TextSegment, text: string): string {
  if (segment.code) return codeBlock(text);
  let out = escapeMarkdown(text);
  if (segment.strong && out.trim()) {
    // Markdown bold does not open or close next to a space, so the spaces stay outside.
    const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(out);
    out = `${match?.[1] ?? ''}**${match?.[2] ?? out}**${match?.[3] ?? ''}`;
  }
  const url = discordLinkUrl(segment.url);
  if (url && out.trim()) out = `[${out}](${url})`;
  return out;
}

/**
 * A fenced block (text around it brings its own line breaks). Markdown and mentions inside show as typed; a run of three
 * backticks in the text would close the fence, so an invisible space splits it.
 */
function codeBlock(text: string): string {
  const body = escapePlain(text)
    .replace(/`(?=`)/g, `\`${ZERO_WIDTH_SPACE}`)
    .replace(/\n+$/, '');
  return body.trim() ? `\`\`\`\n${body}\n\`\`\`` : '';
}

/** Adjacent runs with the same marks become one, so `**a****b**` never appears. */
function mergeRuns(text: RichText): TextSegment[] {
  const merged: TextSegment[] = [];
  for (const segment of text) {
    const last = merged[merged.length - 1];
    if (
      last &&
      Boolean(last.strong) === Boolean(segment.strong) &&
      last.url === segment.url &&
      Boolean(last.code) === Boolean(segment.code)
    ) {
      merged[merged.length - 1] = { ...last, text: last.text + segment.text };
    } else if (segment.text) {
      merged.push(segment);
    }
  }
  return merged;
}

/** Binary search: rendering grows with the prefix, so the longest fitting one is found in log steps. */
function longestFittingPrefix(raw: string, max: number, render: (text: string) => string): string | undefined {
  let low = 0;
  let high = raw.length;
  let best: string | undefined;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const prefix = cutAt(raw, middle);
    const length = prefix ? render(prefix.trimEnd()).length : 0;
    if (length <= max) {
      if (prefix.trim()) best = prefix.trimEnd();
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

/** A prefix of `length` code units that does not split a surrogate pair. */
function cutAt(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, length - 1) : text.slice(0, length);
}
