/**
 * The platform-neutral answer to a command. Everything here is data: corpus text stays
 * plain and unescaped, and each platform's renderer escapes it and enforces its limits.
 */

/** Inline text: plain runs, some marked strong (matched words) or linked. */
export type RichText = readonly TextSegment[];

export interface TextSegment {
  readonly text: string;
  readonly strong?: boolean;
  readonly url?: string;
  /**
   * Shown verbatim as a preformatted block (a BibTeX record): renderers fence it on its own
   * lines and keep it from closing its fence early; it is never combined with strong or url.
   */
  readonly code?: boolean;
}

export interface Field {
  readonly name: string;
  readonly value: string;
  readonly inline?: boolean;
}

export interface Action {
  /** Stable, compact id that the core decodes back into a command (see src/actions.ts). */
  readonly id: string;
  readonly label: string;
  readonly style?: 'primary' | 'secondary';
}

export interface Card {
  readonly title: string;
  readonly url?: string;
  /** One line under the title: authors, journal, year. */
  readonly subtitle?: string;
  readonly body?: RichText;
  readonly fields?: readonly Field[];
  readonly footer?: string;
  readonly actions?: readonly Action[];
  /**
   * The attachment (by name) whose presence the footer speaks of ("the whole record is in the
   * attached …"); a renderer that cannot send that file says so in the footer's place.
   */
  readonly attachedFile?: string;
}

/** A file that goes with the reply: a chart, or a record too long to show inline. */
export interface Attachment {
  /** A plain file name (letters, digits, `.`, `-`, `_`), unique within the reply. */
  readonly name: string;
  readonly contentType: 'image/png' | 'text/plain' | 'application/x-bibtex' | 'application/x-research-info-systems';
  readonly data: Uint8Array;
  /** What the file shows, for alt text and upload titles. */
  readonly description: string;
  /** An image the renderer may show inside the reply (Discord embeds it in the first card). */
  readonly inline?: boolean;
  /** The numbers a chart draws, in order (a bar per label): its text alternative, and what tests check. */
  readonly figures?: readonly { readonly label: string; readonly value: number }[];
}

export interface Paging {
  /** 1-based. */
  readonly page: number;
  readonly pages: number;
  readonly total: number;
}

export interface Reply {
  readonly tone: 'result' | 'notice' | 'error';
  /** A heading line above the cards (`3 results for "MSC COVID"`). */
  readonly heading?: string;
  /** A paragraph under the heading. */
  readonly text?: RichText;
  readonly cards: readonly Card[];
  /** Actions for the reply as a whole: paging, share. */
  readonly actions: readonly Action[];
  readonly paging?: Paging;
  /** Only the person who asked sees it, where the platform allows. */
  readonly ephemeral: boolean;
  /** The whole reply as plain text, for notifications and clients that show no cards. */
  readonly fallback: string;
  /** Files sent with the reply: attached on Discord, uploaded on Slack, written to disk in the console. */
  readonly attachments?: readonly Attachment[];
}

export function plain(text: string): RichText {
  return text ? [{ text }] : [];
}

export function richToPlain(text: RichText | undefined): string {
  return (text ?? []).map((segment) => segment.text).join('');
}

/** A short answer with no cards: errors, confirmations, help lines. */
export function noticeReply(
  message: string,
  options: { tone?: Reply['tone']; ephemeral?: boolean; heading?: string } = {},
): Reply {
  return {
    tone: options.tone ?? 'notice',
    heading: options.heading,
    text: plain(message),
    cards: [],
    actions: [],
    ephemeral: options.ephemeral ?? true,
    fallback: options.heading ? `${options.heading}\n${message}` : message,
  };
}

export function errorReply(message: string): Reply {
  return noticeReply(message, { tone: 'error', ephemeral: true });
}

/** Builds the fallback text from the structured parts, so it never drifts from them. */
export function fallbackText(parts: {
  heading?: string;
  text?: RichText;
  cards: readonly Card[];
  paging?: Paging;
}): string {
  const lines: string[] = [];
  if (parts.heading) lines.push(parts.heading);
  const intro = richToPlain(parts.text);
  if (intro) lines.push(intro);
  parts.cards.forEach((card, index) => {
    lines.push('', `${index + 1}. ${card.title}${card.url ? ` <${card.url}>` : ''}`);
    if (card.subtitle) lines.push(`   ${card.subtitle}`);
    const body = richToPlain(card.body);
    if (body) lines.push(`   ${body}`);
    for (const field of card.fields ?? []) lines.push(`   ${field.name}: ${field.value}`);
    if (card.footer) lines.push(`   ${card.footer}`);
  });
  if (parts.paging && parts.paging.pages > 1) lines.push('', `Page ${parts.paging.page} of ${parts.paging.pages}`);
  return lines.join('\n');
}
