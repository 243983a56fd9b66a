/**
 * Reply -> Slack Block Kit message. Pure: the same Reply always gives the same payload.
 *
 * Limits: https://api.slack.com/reference/block-kit/blocks (50 blocks; section text 3000;
 * header 150 plain text; context up to 10 elements of 2000), and
 * https://api.slack.com/reference/block-kit/block-elements#button (text 75, action_id 255,
 * value 2000; up to 25 elements in an actions block). Slack also refuses a message whose
 * blocks hold roughly 13 000 characters in all with `msg_blocks_too_long`, undocumented
 * (https://github.com/slackapi/bolt-js/issues/2509), so the serialised blocks are kept under
 * MAX_BLOCKS_JSON. Anything too long is trimmed with an ellipsis, never refused.
 */
import type { types } from '@slack/bolt';
import type { Action, Card, Reply } from '../../reply.ts';
import { cardButtonActionId, replyButtonActionId, SHARE_ACTION_ID } from './buttons.ts';
import { fitMrkdwn, fitPlain, richToMrkdwn } from './mrkdwn.ts';

export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3_000;
export const MAX_HEADER_TEXT = 150;
export const MAX_CONTEXT_ELEMENTS = 10;
export const MAX_CONTEXT_ELEMENT_TEXT = 2_000;
export const MAX_BUTTON_TEXT = 75;
export const MAX_ACTION_ID = 255;
export const MAX_BUTTON_VALUE = 2_000;
export const MAX_ACTIONS_ELEMENTS = 25;
/** The message's `text`, shown in notifications; Slack truncates far later, we keep it readable. */
export const MAX_FALLBACK_TEXT = 3_000;
/** JSON length of all blocks together: a safe margin under the ~13 000 that Slack refuses. */
export const MAX_BLOCKS_JSON = 10_000;

/** Our own choices, for a readable card rather than a platform rule. */
const TITLE_LENGTH = 300;
const SUBTITLE_LENGTH = 300;
const META_LENGTH = 600;
const CARD_BUTTONS = 5;
const MIN_BODY = 40;
const MIN_CARD_SHARE = 700;
const TAIL_SHARE = 3_000;
const NOTE_RESERVE = 200;

export type SlackBlock =
  | types.HeaderBlock
  | types.SectionBlock
  | types.ContextBlock
  | types.ActionsBlock
  | types.DividerBlock;

export interface SlackMessage {
  /** Plain fallback for notifications and clients without blocks, escaped like the blocks. */
  readonly text: string;
  readonly blocks: SlackBlock[];
}

export interface RenderOptions {
  /** Adds a "Share in channel" button whose value is this (see buttons.ts). */
  readonly shareValue?: string;
  /** Where the reply's files are uploaded (uploads.ts), said under the message; no line without files. */
  readonly filesGoTo?: 'direct' | 'channel';
}

export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const head = headBlocks(reply);
  const tail = tailBlocks(reply, options);
  const fixedJson = jsonLength(head) + jsonLength(tail) + NOTE_RESERVE;
  const blocksForCards = MAX_BLOCKS - head.length - tail.length - 1;

  let cards = renderCards(reply.cards, blocksForCards, MAX_BLOCKS_JSON - fixedJson);
  let blocks = assemble(head, cards, tail, reply.cards.length);
  // Estimates above are close; this makes the limit a guarantee.
  while (jsonLength(blocks) > MAX_BLOCKS_JSON && cards.length) {
    cards = cards.slice(0, -1);
    blocks = assemble(head, cards, tail, reply.cards.length);
  }
  // Escaping drops control characters, so a fallback of nothing else is judged after it.
  if (!blocks.length) blocks = [section(fitMrkdwn(reply.fallback, MAX_SECTION_TEXT) || ' ')];
  return { text: fitMrkdwn(reply.fallback, MAX_FALLBACK_TEXT) || ' ', blocks };
}

function headBlocks(reply: Reply): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  const heading = oneLine(reply.heading ?? '');
  if (heading)
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: fitPlain(heading, MAX_HEADER_TEXT), emoji: false },
    });
  const prefix = reply.tone === 'error' ? ':warning: ' : '';
  const intro = richToMrkdwn(reply.text ?? [], MAX_SECTION_TEXT - prefix.length);
  if (intro.trim()) blocks.push(section(prefix + intro));
  return blocks;
}

function tailBlocks(reply: Reply, { shareValue, filesGoTo }: RenderOptions): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  const files = reply.attachments ?? [];
  if (files.length && filesGoTo) {
    const names = files.map((file) => oneLine(file.name)).join(', ');
    const where = filesGoTo === 'direct' ? 'sent to your direct messages with paperbot' : 'uploaded to this channel';
    blocks.push(context([fitMrkdwn(`:paperclip: ${names}: ${where}`, META_LENGTH)]));
  }
  if (reply.paging && reply.paging.pages > 1) {
    const { page, pages, total } = reply.paging;
    blocks.push(context([`Page ${page} of ${pages} · ${total} ${total === 1 ? 'entry' : 'entries'}`]));
  }
  const buttons = reply.actions.map((action, index) => button(action, replyButtonActionId(index)));
  if (shareValue !== undefined) buttons.push(shareButton(shareValue));
  const row = actionsRow(buttons, MAX_ACTIONS_ELEMENTS, TAIL_SHARE - jsonLength(blocks));
  if (row) blocks.push(row);
  return blocks;
}

/** Blocks per card: section, context, actions, and a divider before every card but the first. */
const BLOCKS_PER_CARD = 4;

function renderCards(cards: readonly Card[], blockRoom: number, jsonRoom: number): SlackBlock[][] {
  const byBlocks = Math.floor((blockRoom + 1) / BLOCKS_PER_CARD);
  const byJson = Math.max(1, Math.floor(jsonRoom / MIN_CARD_SHARE));
  const count = Math.max(0, Math.min(cards.length, byBlocks, byJson));
  if (!count) return [];
  const share = Math.floor(jsonRoom / count) - jsonLength([divider()]);
  return cards.slice(0, count).map((card, index) => renderCard(card, index, share));
}

function renderCard(card: Card, cardIndex: number, jsonShare: number): SlackBlock[] {
  const title = richToMrkdwn([{ text: oneLine(card.title) || 'Untitled', url: card.url, strong: true }], TITLE_LENGTH);
  const meta = [
    ...(card.fields ?? []).map((field) => `${oneLine(field.name)}: ${oneLine(field.value)}`),
    ...(card.footer ? [oneLine(card.footer)] : []),
  ].join(' · ');
  const contextLines = [
    card.subtitle ? fitMrkdwn(oneLine(card.subtitle), SUBTITLE_LENGTH) : '',
    meta ? fitMrkdwn(meta, META_LENGTH) : '',
  ].filter(Boolean);
  const buttons = (card.actions ?? []).map((action, index) => button(action, cardButtonActionId(cardIndex, index)));
  const row = actionsRow(buttons, CARD_BUTTONS, Math.floor(jsonShare / 2));

  const build = (bodyRoom: number): SlackBlock[] => {
    const body = bodyRoom >= MIN_BODY ? richToMrkdwn(card.body ?? [], bodyRoom) : '';
    const blocks: SlackBlock[] = [section(body.trim() ? `${title}\n${body}` : title)];
    if (contextLines.length) blocks.push(context(contextLines));
    if (row) blocks.push(row);
    return blocks;
  };
  let room = MAX_SECTION_TEXT - title.length - 1;
  let blocks = build(room);
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const over = jsonLength(blocks) - jsonShare;
    if (over <= 0) break;
    room = room - over - 16;
    blocks = build(room);
  }
  return blocks;
}

function assemble(head: SlackBlock[], cards: SlackBlock[][], tail: SlackBlock[], cardTotal: number): SlackBlock[] {
  const blocks: SlackBlock[] = [...head];
  cards.forEach((card, index) => {
    if (index) blocks.push(divider());
    blocks.push(...card);
  });
  blocks.push(...tail);
  const hidden = cardTotal - cards.length;
  if (hidden > 0) blocks.push(context([`…and ${hidden} more not shown here.`]));
  return blocks;
}

/** Adds buttons while both the element count and the character share allow; drops ids too long to carry. */
function actionsRow(
  buttons: readonly (types.Button | undefined)[],
  maxElements: number,
  jsonShare: number,
): types.ActionsBlock | undefined {
  const elements: types.Button[] = [];
  let used = jsonLength({ type: 'actions', elements: [] });
  for (const candidate of buttons) {
    if (!candidate || elements.length >= Math.min(maxElements, MAX_ACTIONS_ELEMENTS)) continue;
    const cost = jsonLength(candidate) + 1;
    if (used + cost > jsonShare) continue;
    elements.push(candidate);
    used += cost;
  }
  return elements.length ? { type: 'actions', elements } : undefined;
}

function button(action: Action, actionId: string): types.Button | undefined {
  // A cut id would run the wrong thing; a button that cannot carry its id is left out.
  if (action.id.length > MAX_BUTTON_VALUE || actionId.length > MAX_ACTION_ID) return undefined;
  const label = fitPlain(oneLine(action.label) || 'Open', MAX_BUTTON_TEXT);
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label, emoji: true },
    value: action.id,
    ...(action.style === 'primary' ? { style: 'primary' as const } : {}),
  };
}

function shareButton(value: string): types.Button | undefined {
  if (value.length > MAX_BUTTON_VALUE) return undefined;
  return {
    type: 'button',
    action_id: SHARE_ACTION_ID,
    text: { type: 'plain_text', text: 'Share in channel', emoji: true },
    value,
  };
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

/** Lines are escaped mrkdwn already, each far shorter than MAX_CONTEXT_ELEMENT_TEXT (see the lengths above). */
function context(lines: readonly string[]): types.ContextBlock {
  return {
    type: 'context',
    elements: lines.slice(0, MAX_CONTEXT_ELEMENTS).map((text) => ({ type: 'mrkdwn' as const, text, verbatim: true })),
  };
}

function divider(): types.DividerBlock {
  return { type: 'divider' };
}

/** Control characters are dropped first (escaping would), so an empty title or label is seen here. */
function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function jsonLength(value: unknown): number {
  return JSON.stringify(value).length;
}
