/**
 * What every payload must satisfy whatever the input: within the platform's limits (checked by
 * the limit checkers written from the platform docs), no mention a client would parse, and no
 * link that text (rather than a link field) put there. Each check throws with the offending text.
 */
import type { Reply } from '../../src/reply.ts';
import {
  renderChoices,
  renderReply as renderDiscord,
  type Choice,
  type DiscordMessage,
} from '../../src/platforms/discord/render.ts';
import { responseFor } from '../../src/platforms/slack/response.ts';
import { limitViolations, mrkdwnTexts } from './slack-blocks.ts';
import { EVIL_HOST } from './hardening-arbitraries.ts';

/**
 * What Discord turns into a mention or a pill: `<@1>`, `<@!1>`, `<@&1>`, `<#1>`, `</cmd sub:1>`,
 * `<:e:1>`, `<a:e:1>`, `<t:1:R>`, `<id:browse>` (https://discord.com/developers/docs/reference#message-formatting).
 */
const DISCORD_ANGLE_MENTION = /<(?:@[!&]?\d+|#\d+|\/[^:<>]+:\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFR])?|id:[\w-]+(?::\d+)?)>/;
const DISCORD_MASS_MENTION = /@(?:everyone|here)/i;
/** `<!channel>`, `<!here>`, `<!subteam^…>`, `<@U…>`, `<#C…>`: Slack's special mentions all start so. */
const SLACK_MENTION = /<[!@#]/;
/** Without `link_names`, Slack does not turn these into pings, but the renderer breaks them anyway. */
const SLACK_BARE_BROADCAST = /@(?:channel|here|everyone)/i;

function fail(what: string, text: string): never {
  const at = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  throw new Error(`${what}: ${JSON.stringify(at)}`);
}

/** Where a link really goes: its host, not whatever its path quotes. */
function linksToEvilHost(target: string): boolean {
  try {
    return new URL(target).hostname.endsWith(EVIL_HOST);
  } catch {
    return true;
  }
}

/** Discord's markdown with escaped characters blanked out, so only live markup is left to find. */
function liveMarkdown(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\' && i + 1 < text.length) {
      out += '\u0000\u0000';
      i += 1;
    } else out += text[i];
  }
  return out;
}

/** Targets of live masked links `[label](target)` in Discord markdown. */
export function discordLinkTargets(text: string): string[] {
  const live = liveMarkdown(text);
  return [...live.matchAll(/\[[^\]\u0000]*\]\(\s*<?([^)\s>]*)/g)].map((match) =>
    text.slice(match.index + match[0].length - (match[1] ?? '').length, match.index + match[0].length),
  );
}

interface ShownText {
  readonly text: string;
  /** Where Discord renders markdown, and so masked links; titles, footers and labels show text as it is. */
  readonly markdown: boolean;
}

function discordTexts(message: DiscordMessage): ShownText[] {
  const texts: ShownText[] = [{ text: message.content ?? '', markdown: true }];
  for (const embed of message.embeds) {
    texts.push(
      { text: embed.description ?? '', markdown: true },
      { text: embed.title ?? '', markdown: false },
      { text: embed.footer?.text ?? '', markdown: false },
    );
    for (const field of embed.fields ?? [])
      texts.push({ text: field.name, markdown: true }, { text: field.value, markdown: true });
  }
  for (const row of message.components)
    for (const button of row.components)
      texts.push({ text: 'label' in button ? (button.label ?? '') : '', markdown: false });
  return texts;
}

/**
 * Discord's numbers, from https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * and https://discord.com/developers/docs/components/reference#button (not the renderer's constants).
 * Written without `expect` so that a property can check thousands of payloads quickly.
 */
const DISCORD = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  rows: 5,
  buttonsPerRow: 5,
  label: 80,
  customId: 100,
} as const;

export function discordLimitViolations(message: DiscordMessage): string[] {
  const problems: string[] = [];
  const over = (what: string, length: number, max: number, min = 0): void => {
    if (length > max || length < min) problems.push(`${what} ${length} (allowed ${min}-${max})`);
  };
  over('content', (message.content ?? '').length, DISCORD.content);
  over('embeds', message.embeds.length, DISCORD.embeds);
  let total = 0;
  message.embeds.forEach((embed, index) => {
    const fields = embed.fields ?? [];
    over(`embed ${index} title`, embed.title?.length ?? 0, DISCORD.title);
    over(`embed ${index} description`, embed.description?.length ?? 0, DISCORD.description);
    over(`embed ${index} footer`, embed.footer?.text.length ?? 0, DISCORD.footer);
    over(`embed ${index} author`, embed.author?.name.length ?? 0, DISCORD.author);
    over(`embed ${index} fields`, fields.length, DISCORD.fields);
    for (const field of fields) {
      over(`embed ${index} field name`, field.name.length, DISCORD.fieldName, 1);
      over(`embed ${index} field value`, field.value.length, DISCORD.fieldValue, 1);
    }
    if (!embed.title && !embed.description && !fields.length && !embed.footer && !embed.author)
      problems.push(`embed ${index} is empty`);
    total +=
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.author?.name.length ?? 0);
    total += fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  });
  over('embed total', total, DISCORD.embedTotal);
  over('action rows', message.components.length, DISCORD.rows);
  const ids = new Set<string>();
  for (const row of message.components) {
    over('buttons in a row', row.components.length, DISCORD.buttonsPerRow, 1);
    for (const button of row.components) {
      over('button label', button.label?.length ?? 0, DISCORD.label, 1);
      over('custom_id', button.custom_id.length, DISCORD.customId, 1);
      if (ids.has(button.custom_id)) problems.push(`duplicate custom_id ${button.custom_id}`);
      ids.add(button.custom_id);
    }
  }
  if (!message.content && !message.embeds.length) problems.push('message has neither content nor embeds');
  return problems;
}

export function checkDiscordMessage(message: DiscordMessage): void {
  const violations = discordLimitViolations(message);
  if (violations.length) fail('Discord limits broken', violations.join('; '));
  if (message.allowed_mentions.parse.length) fail('mentions are allowed', JSON.stringify(message.allowed_mentions));
  for (const { text, markdown } of discordTexts(message)) {
    if (DISCORD_MASS_MENTION.test(text)) fail('Discord text holds a mass mention', text);
    if (DISCORD_ANGLE_MENTION.test(text)) fail('Discord text holds a parsed mention', text);
    for (const target of markdown ? discordLinkTargets(text) : []) {
      if (!/^https?:\/\//i.test(target) || linksToEvilHost(target))
        fail(`Discord text holds a link to ${target}`, text);
    }
  }
  for (const embed of message.embeds) {
    if (embed.url !== undefined && (!/^https?:\/\//.test(embed.url) || embed.url.length > 2048))
      fail('embed url is not a web link', embed.url);
  }
}

export function checkDiscordChoices(choices: readonly Choice[]): void {
  if (choices.length > 25) fail('more than 25 choices', String(choices.length));
  for (const choice of choices) {
    if (!choice.name.length || choice.name.length > 100) fail('choice name length', choice.name);
    if (!choice.value.length || choice.value.length > 100) fail('choice value length', choice.value);
    if (DISCORD_MASS_MENTION.test(choice.name) || DISCORD_ANGLE_MENTION.test(choice.name))
      fail('choice name holds a mention', choice.name);
  }
}

/** Every `<…>` left in mrkdwn must be a web link the renderer made, never one typed in text. */
function checkSlackMarkup(text: string): void {
  if (SLACK_MENTION.test(text)) fail('Slack mrkdwn holds a special mention', text);
  // Slack reads nothing inside a link's target, so only the text around links is judged.
  if (SLACK_BARE_BROADCAST.test(text.replace(/<https?:\/\/[^|<>\s]+/g, '<')))
    fail('Slack mrkdwn holds a bare broadcast', text);
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
    const link = /^<(https?:\/\/[^|<>\s]+)(?:\|[^<>]*)?>/.exec(text.slice(at));
    if (!link?.[1]) fail('Slack mrkdwn holds a < that opens no web link', text.slice(at));
    if (linksToEvilHost(link[1].replace(/&amp;/g, '&'))) fail(`Slack mrkdwn links to ${link[1]}`, text);
  }
}

export function checkSlackMessage(message: unknown): void {
  const violations = limitViolations(message);
  if (violations.length) fail('Slack limits broken', violations.join('; '));
  for (const text of mrkdwnTexts(message)) checkSlackMarkup(text);
}

/**
 * Renders a Reply the ways the platforms send it and checks every payload: Discord, Slack's
 * private answer (with a Share button when `shareText` is given) and, unless `sharedToo` is
 * false, Slack's shared copy.
 */
export function checkRendered(reply: Reply, shareText?: string, sharedToo = true): void {
  checkDiscordMessage(renderDiscord(reply));
  checkSlackMessage(responseFor(reply, shareText === undefined ? {} : { source: { kind: 'text', text: shareText } }));
  if (sharedToo) checkSlackMessage(responseFor(reply, { inChannel: true, replaceOriginal: false }));
}

/** A Reply a user can read: a short sentence for errors, never a stack trace or an empty answer. */
export function checkReplyShape(reply: Reply): void {
  if (!reply.fallback.trim() && !reply.cards.length) fail('empty reply', JSON.stringify(reply));
  if (reply.tone === 'error') {
    const message = reply.fallback;
    if (/\n\s+at .+:\d+:\d+/.test(message) || /TypeError|RangeError|ReferenceError/.test(message))
      fail('error reply shows internals', message);
  }
}

export function checkSuggestions(choices: readonly Choice[]): void {
  checkDiscordChoices(renderChoices(choices));
}
