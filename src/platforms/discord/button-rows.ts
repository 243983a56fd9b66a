/**
 * Buttons -> Discord action rows: at most 5 rows of 5 buttons, ids of at most 100 characters.
 * https://discord.com/developers/docs/components/reference#action-row
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
} from 'discord.js';
import type { Action, Card } from '../../reply.ts';
import { escapePlain, trimText } from './markdown.ts';

export const MAX_ACTION_ROWS = 5;
export const MAX_BUTTONS_PER_ROW = 5;
export const MAX_CUSTOM_ID_LENGTH = 100;
export const MAX_BUTTON_LABEL_LENGTH = 80;

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;
type Button = APIButtonComponentWithCustomId;

/**
 * Discord cannot place buttons under a particular embed, so with several cards the buttons
 * carry the card's number ("1 · Summary"). The reply's own buttons (paging, Timeline) take the
 * last row. Each card's buttons stay together on one row when every card's group fits that
 * way; when they do not (five cards of three or four buttons), the buttons flow densely in
 * card order instead, so that every card keeps all of its buttons.
 */
export function buttonRows(cards: readonly Card[], replyActions: readonly Action[], numbered: boolean): ButtonRow[] {
  const usedIds = new Set<string>();
  const replyButtons = buttonsFor(replyActions, '', usedIds).slice(0, MAX_BUTTONS_PER_ROW);
  const cardRowLimit = MAX_ACTION_ROWS - (replyButtons.length ? 1 : 0);
  const groups = cards.map((card, index) => buttonsFor(card.actions ?? [], numbered ? `${index + 1} · ` : '', usedIds));
  const rows = groupsWhole(groups, cardRowLimit) ?? flowDensely(groups.flat(), cardRowLimit);
  if (replyButtons.length) rows.push(replyButtons);
  return rows.map((components) => ({ type: ComponentType.ActionRow, components }));
}

/** Groups side by side while a whole group fits the current row; undefined when that needs too many rows. */
function groupsWhole(groups: readonly Button[][], rowLimit: number): Button[][] | undefined {
  const rows: Button[][] = [];
  for (const group of groups) {
    if (!group.length) continue;
    if (group.length > MAX_BUTTONS_PER_ROW) return undefined;
    const current = rows[rows.length - 1];
    if (current && current.length + group.length <= MAX_BUTTONS_PER_ROW) current.push(...group);
    else rows.push([...group]);
  }
  return rows.length <= rowLimit ? rows : undefined;
}

/** Rows filled in order; what still does not fit in `rowLimit` rows is left out. */
function flowDensely(buttons: readonly Button[], rowLimit: number): Button[][] {
  const rows: Button[][] = [];
  for (let start = 0; start < buttons.length && rows.length < rowLimit; start += MAX_BUTTONS_PER_ROW) {
    rows.push(buttons.slice(start, start + MAX_BUTTONS_PER_ROW));
  }
  return rows;
}

/**
 * A button whose id is too long is left out: a cut id could never be decoded, and the core
 * keeps its ids within the limit (src/actions.ts). Discord also refuses a repeated id.
 */
function buttonsFor(actions: readonly Action[], labelPrefix: string, usedIds: Set<string>): Button[] {
  const buttons: Button[] = [];
  for (const action of actions) {
    if (!action.id || action.id.length > MAX_CUSTOM_ID_LENGTH || usedIds.has(action.id)) continue;
    usedIds.add(action.id);
    // Judged after cleaning: a label of control characters alone would be empty, which Discord refuses.
    const shown = escapePlain(action.label).replace(/\s+/g, ' ').trim() || 'Open';
    const label = trimText(labelPrefix + shown, MAX_BUTTON_LABEL_LENGTH);
    buttons.push({
      type: ComponentType.Button,
      style: action.style === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary,
      label,
      custom_id: action.id,
    });
  }
  return buttons;
}
