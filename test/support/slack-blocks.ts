/**
 * Reading Slack messages the way a user sees them, from the JSON the bot put on the wire,
 * and checking them against Slack's published limits (independently of the renderer's own
 * constants, so a wrong constant there shows up here).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface SeenButton {
  readonly text: string;
  readonly actionId: string;
  readonly value: string;
}

/** Slack's numbers, from https://api.slack.com/reference/block-kit/blocks and block-elements. */
const SLACK = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  actionsElements: 25,
  fallbackText: 3000,
  /** Refused as msg_blocks_too_long at about 13 000 (bolt-js #2509); we want a margin. */
  blocksJson: 12_000,
} as const;

export function asJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

function record(value: Json | undefined): Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function list(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

export function blocksOf(message: unknown): Record<string, Json>[] {
  return list(record(asJson(message))['blocks']).map(record);
}

/** Every text the message shows, in order: header, sections, context lines, button labels. */
export function visibleTexts(message: unknown): string[] {
  const out: string[] = [];
  for (const block of blocksOf(message)) {
    const own = record(block['text']);
    if (own['text'] !== undefined) out.push(text(own['text']));
    for (const field of list(block['fields'])) out.push(text(record(field)['text']));
    for (const element of list(block['elements'])) {
      const item = record(element);
      if (item['type'] === 'button') out.push(text(record(item['text'])['text']));
      else out.push(text(item['text']));
    }
  }
  return out;
}

/** Only the mrkdwn texts: where Slack would act on markup. */
export function mrkdwnTexts(message: unknown): string[] {
  const out: string[] = [];
  const visit = (value: Json): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    if (value['type'] === 'mrkdwn') out.push(text(value['text']));
    Object.values(value).forEach(visit);
  };
  visit(asJson(message));
  const fallback = record(asJson(message))['text'];
  if (typeof fallback === 'string') out.push(fallback);
  return out;
}

export function buttonsOf(message: unknown): SeenButton[] {
  const out: SeenButton[] = [];
  for (const block of blocksOf(message)) {
    if (block['type'] !== 'actions') continue;
    for (const element of list(block['elements']).map(record)) {
      out.push({
        text: text(record(element['text'])['text']),
        actionId: text(element['action_id']),
        value: text(element['value']),
      });
    }
  }
  return out;
}

export function headerOf(message: unknown): string | undefined {
  const header = blocksOf(message).find((block) => block['type'] === 'header');
  return header ? text(record(header['text'])['text']) : undefined;
}

/** Every way the message breaks a Slack limit; an empty list means Slack accepts it. */
export function limitViolations(message: unknown): string[] {
  const problems: string[] = [];
  const blocks = blocksOf(message);
  const fallback = text(record(asJson(message))['text']);
  if (!fallback) problems.push('no fallback text');
  if (Array.from(fallback).length > SLACK.fallbackText) problems.push(`fallback text ${fallback.length}`);
  if (blocks.length > SLACK.blocks) problems.push(`${blocks.length} blocks`);
  const blocksJson = JSON.stringify(blocks).length;
  if (blocksJson > SLACK.blocksJson) problems.push(`blocks hold ${blocksJson} characters`);
  const actionIds = new Set<string>();
  blocks.forEach((block, index) => {
    const where = `block ${index} (${text(block['type'])})`;
    const ownText = text(record(block['text'])['text']);
    if (block['type'] === 'header' && Array.from(ownText).length > SLACK.headerText)
      problems.push(`${where}: header ${ownText.length}`);
    if (block['type'] === 'section') {
      if (!ownText) problems.push(`${where}: empty section`);
      if (Array.from(ownText).length > SLACK.sectionText) problems.push(`${where}: section ${ownText.length}`);
    }
    if (block['type'] === 'context') {
      const elements = list(block['elements']).map(record);
      if (elements.length > SLACK.contextElements) problems.push(`${where}: ${elements.length} context elements`);
      for (const element of elements)
        if (Array.from(text(element['text'])).length > SLACK.contextText)
          problems.push(`${where}: context element too long`);
    }
    if (block['type'] === 'actions') {
      const elements = list(block['elements']).map(record);
      if (elements.length > SLACK.actionsElements) problems.push(`${where}: ${elements.length} buttons`);
      for (const element of elements) {
        const label = text(record(element['text'])['text']);
        const actionId = text(element['action_id']);
        if (!label || Array.from(label).length > SLACK.buttonText)
          problems.push(`${where}: button text ${label.length}`);
        if (!actionId || actionId.length > SLACK.actionId) problems.push(`${where}: action_id ${actionId.length}`);
        if (actionIds.has(actionId)) problems.push(`${where}: duplicate action_id ${actionId}`);
        actionIds.add(actionId);
        if (text(element['value']).length > SLACK.buttonValue)
          problems.push(`${where}: value ${text(element['value']).length}`);
      }
    }
  });
  return problems;
}
