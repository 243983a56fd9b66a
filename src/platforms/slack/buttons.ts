/**
 * How paperbot's buttons are named on Slack. The action id the core understands
 * (src/actions.ts) travels in the button's `value`; the `action_id` only says where the
 * button sits, which keeps action_ids unique within a message as Slack requires.
 */

export const ACTION_ID_PATTERN = /^paperbot:/;
export const SHARE_ACTION_ID = 'paperbot:share';

export function cardButtonActionId(cardIndex: number, buttonIndex: number): string {
  return `paperbot:card:${cardIndex}:${buttonIndex}`;
}

export function replyButtonActionId(buttonIndex: number): string {
  return `paperbot:reply:${buttonIndex}`;
}

/** What produced a reply, so that "Share in channel" can produce it again for everyone. */
export type ShareSource =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly actionId: string };

export type ButtonPress =
  | { readonly kind: 'run'; readonly scope: 'card' | 'reply'; readonly actionId: string }
  | { readonly kind: 'share'; readonly source: ShareSource }
  | { readonly kind: 'unknown' };

/** Slack's limit on a button value; a source that does not fit gets no Share button. */
export const MAX_SHARE_VALUE = 2_000;

export function encodeShareSource(source: ShareSource): string | undefined {
  const value = source.kind === 'text' ? `text:${source.text}` : `action:${source.actionId}`;
  return value.length <= MAX_SHARE_VALUE ? value : undefined;
}

function decodeShareSource(value: string): ShareSource | undefined {
  if (value.startsWith('text:')) return { kind: 'text', text: value.slice('text:'.length) };
  if (value.startsWith('action:')) return { kind: 'action', actionId: value.slice('action:'.length) };
  return undefined;
}

export function readButtonPress(actionId: string, value: string | undefined): ButtonPress {
  if (value === undefined) return { kind: 'unknown' };
  if (actionId === SHARE_ACTION_ID) {
    const source = decodeShareSource(value);
    return source ? { kind: 'share', source } : { kind: 'unknown' };
  }
  if (/^paperbot:card:\d+:\d+$/.test(actionId)) return { kind: 'run', scope: 'card', actionId: value };
  if (/^paperbot:reply:\d+$/.test(actionId)) return { kind: 'run', scope: 'reply', actionId: value };
  return { kind: 'unknown' };
}
