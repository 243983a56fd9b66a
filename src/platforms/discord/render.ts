/**
 * Reply -> Discord message payload (the JSON of an interaction response or of
 * `POST /channels/{id}/messages`). Pure: no client, no network. Every limit is enforced by
 * trimming with an ellipsis or leaving out what does not fit, never by failing.
 *
 * Limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * https://discord.com/developers/docs/components/reference (action rows, buttons)
 * https://discord.com/developers/docs/interactions/application-commands#autocomplete
 */
import { MessageFlags, type APIEmbed } from 'discord.js';
import type { Attachment, Card, Reply } from '../../reply.ts';
import { buttonRows, type ButtonRow } from './button-rows.ts';
import {
  ELLIPSIS,
  escapeMarkdown,
  escapePlain,
  fitRendered,
  richToMarkdown,
  discordLinkUrl,
  trimText,
} from './markdown.ts';

export const MAX_CONTENT_LENGTH = 2000;
export const MAX_EMBEDS = 10;
export const MAX_EMBED_TOTAL_LENGTH = 6000;
export const MAX_EMBED_TITLE_LENGTH = 256;
export const MAX_EMBED_DESCRIPTION_LENGTH = 4096;
export const MAX_EMBED_FIELDS = 25;
export const MAX_FIELD_NAME_LENGTH = 256;
export const MAX_FIELD_VALUE_LENGTH = 1024;
export const MAX_FOOTER_LENGTH = 2048;
export const MAX_CHOICES = 25;
export const MAX_CHOICE_NAME_LENGTH = 100;
export const MAX_CHOICE_VALUE_LENGTH = 100;
export const MAX_FILES = 10;
export const MAX_FILES_BYTES = 10 * 1024 * 1024;
export const MAX_FILE_DESCRIPTION_LENGTH = 1024;
/** The note naming files left out stays a line or two, whatever their number. */
const MAX_OMITTED_NOTE_LENGTH = 400;

/** A subtitle (authors, journal, year) is one line; a longer one would crowd out the snippet. */
const MAX_SUBTITLE_LENGTH = 300;
const MAX_HEADING_LENGTH = 300;
const TONE_COLOURS: Record<Reply['tone'], number> = { result: 0x5865f2, notice: 0x99aab5, error: 0xed4245 };

export {
  MAX_ACTION_ROWS,
  MAX_BUTTONS_PER_ROW,
  MAX_CUSTOM_ID_LENGTH,
  MAX_BUTTON_LABEL_LENGTH,
  type ButtonRow,
} from './button-rows.ts';

/** A file the reply holds that the message cannot carry: named in the message, never claimed. */
interface OmittedFile {
  readonly name: string;
  readonly bytes: number;
}

/** A file sent with a message (multipart); an embed shows an image one as `attachment://name`. */
export interface DiscordFile {
  readonly name: string;
  readonly data: Buffer;
  readonly description: string;
}

/** What the bot sends; the same shape answers an interaction and posts to a channel. */
export interface DiscordMessage {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly components: ButtonRow[];
  readonly files?: DiscordFile[];
  /** Always empty: corpus text must never ping anyone. */
  readonly allowed_mentions: { readonly parse: [] };
  readonly flags?: MessageFlags.Ephemeral;
}

export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** What the place a message goes to allows beyond Discord's fixed limits. */
export interface DeliveryLimits {
  /** The largest file it takes, in bytes: an interaction's `attachment_size_limit` (a server's boosts raise it). */
  readonly maxFileBytes?: number;
}

/** The answer to a command or a button, visible to the caller only when the reply is ephemeral. */
export function renderReply(reply: Reply, limits: DeliveryLimits = {}): DiscordMessage {
  const message = renderChannelMessage(reply, limits);
  return reply.ephemeral ? { ...message, flags: MessageFlags.Ephemeral } : message;
}

/** A message posted to a channel (notifications); channel messages cannot be ephemeral. */
export function renderChannelMessage(reply: Reply, limits: DeliveryLimits = {}): DiscordMessage {
  const { files, omitted } = renderFiles(reply.attachments ?? [], limits.maxFileBytes ?? MAX_FILES_BYTES);
  const omittedNames = new Set(omitted.map((file) => file.name));
  // A card never claims a file that is not there: it names it as left out instead.
  const cards = reply.cards
    .slice(0, MAX_EMBEDS)
    .map((card) =>
      card.attachedFile && omittedNames.has(card.attachedFile)
        ? { ...card, footer: `${card.attachedFile} is not attached: it is over the upload limit here.` }
        : card,
    );
  const numbered = cards.filter((card) => card.actions?.length).length > 1;
  const embeds = fitEmbedTotal(
    cards.map((card, index) => ({ card, number: numbered ? index + 1 : undefined })),
    TONE_COLOURS[reply.tone],
  );
  const components = buttonRows(cards, reply.actions, numbered);
  const image = files.find((file) =>
    reply.attachments?.some((attachment) => attachment.inline && attachment.name === file.name),
  );
  const first = embeds[0];
  if (image && first) embeds[0] = { ...first, image: { url: `attachment://${image.name}` } };
  let content = renderContent(reply, reply.cards.length - cards.length, omitted);
  // A fallback of control characters alone renders empty, and Discord refuses an empty message.
  if (!content && !embeds.length) content = fitRendered(reply.fallback, MAX_CONTENT_LENGTH, escapeMarkdown) || 'Done.';
  return {
    ...(content ? { content } : {}),
    embeds,
    components,
    allowed_mentions: { parse: [] },
    ...(files.length ? { files } : {}),
  };
}

/** Autocomplete choices: at most 25, names and values within 100 characters, no duplicate values. */
export function renderChoices(suggestions: readonly Choice[]): Choice[] {
  const seen = new Set<string>();
  const choices: Choice[] = [];
  for (const suggestion of suggestions) {
    // A value is typed back into the command, so it is cut, never decorated with an ellipsis.
    const value = suggestion.value.trim().slice(0, MAX_CHOICE_VALUE_LENGTH);
    const name = trimText(escapePlain(suggestion.name).replace(/\s+/g, ' ').trim(), MAX_CHOICE_NAME_LENGTH) || value;
    if (!value || seen.has(value)) continue;
    seen.add(value);
    choices.push({ name, value });
    if (choices.length === MAX_CHOICES) break;
  }
  return choices;
}

function renderContent(reply: Reply, omittedCards: number, omittedFiles: readonly OmittedFile[]): string {
  const parts: string[] = [];
  if (reply.heading?.trim())
    parts.push(fitRendered(reply.heading, MAX_HEADING_LENGTH, (text) => `**${escapeMarkdown(text).trim()}**`));
  const cardNote = omittedCards > 0 ? `\n*${MAX_EMBEDS} of ${reply.cards.length} shown.*` : '';
  const fileNote = omittedFiles.length
    ? `\n*Not attached, over the upload limit here: ${trimText(
        omittedFiles.map((file) => `${escapeMarkdown(file.name)} (${describeBytes(file.bytes)})`).join(', '),
        MAX_OMITTED_NOTE_LENGTH,
      )}.*`
    : '';
  const note = cardNote + fileNote;
  if (reply.text?.length) {
    const used = parts.reduce((sum, part) => sum + part.length + 1, 0);
    parts.push(richToMarkdown(reply.text, MAX_CONTENT_LENGTH - used - note.length));
  }
  return trimText(parts.filter(Boolean).join('\n') + note, MAX_CONTENT_LENGTH).trim();
}

/**
 * Attachments within Discord's limits: 10 files per message and, for a bot in a server
 * without boosts, 10 MiB in all; names are kept to safe characters so `attachment://` finds them.
 */
function renderFiles(
  attachments: readonly Attachment[],
  maxFileBytes: number,
): { files: DiscordFile[]; omitted: OmittedFile[] } {
  const files: DiscordFile[] = [];
  const omitted: OmittedFile[] = [];
  const names = new Set<string>();
  let bytes = 0;
  for (const attachment of attachments) {
    const name = safeFileName(attachment.name, names);
    const size = attachment.data.byteLength;
    if (files.length >= MAX_FILES || size > maxFileBytes || bytes + size > Math.max(maxFileBytes, MAX_FILES_BYTES)) {
      omitted.push({ name: attachment.name, bytes: size });
      continue;
    }
    bytes += attachment.data.byteLength;
    names.add(name);
    files.push({
      name,
      data: Buffer.from(attachment.data),
      description: trimText(escapePlain(attachment.description), MAX_FILE_DESCRIPTION_LENGTH),
    });
  }
  return { files, omitted };
}

function safeFileName(name: string, taken: ReadonlySet<string>): string {
  const cleaned =
    name
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(-100) || 'file';
  if (!taken.has(cleaned)) return cleaned;
  let counter = 2;
  while (taken.has(`${counter}-${cleaned}`)) counter += 1;
  return `${counter}-${cleaned}`;
}

interface NumberedCard {
  readonly card: Card;
  readonly number?: number;
}

/**
 * Keeps all embeds under the message-wide total by water-filling: short embeds keep their
 * length, the long ones share what is left equally and are rebuilt within their share.
 */
function fitEmbedTotal(cards: readonly NumberedCard[], colour: number): APIEmbed[] {
  const natural = cards.map((item) => cardEmbed(item, Number.POSITIVE_INFINITY, colour));
  const lengths = natural.map(embedLength);
  if (lengths.reduce((sum, length) => sum + length, 0) <= MAX_EMBED_TOTAL_LENGTH) return natural;
  const order = lengths.map((length, index) => ({ length, index })).sort((a, b) => a.length - b.length);
  const budgets = new Array<number>(cards.length).fill(0);
  let remaining = MAX_EMBED_TOTAL_LENGTH;
  order.forEach(({ length, index }, position) => {
    const share = Math.floor(remaining / (order.length - position));
    budgets[index] = Math.min(length, share);
    remaining -= budgets[index] ?? 0;
  });
  return cards.map((item, index) => {
    const budget = budgets[index] ?? 0;
    return budget >= (lengths[index] ?? 0) ? (natural[index] as APIEmbed) : cardEmbed(item, budget, colour);
  });
}

/** One card as an embed whose counted text stays within `budget`; the title is served first. */
function cardEmbed({ card, number }: NumberedCard, budget: number, colour: number): APIEmbed {
  let remaining = budget;
  const prefix = number ? `${number}. ` : '';
  const title = fitRendered(
    card.title,
    Math.min(MAX_EMBED_TITLE_LENGTH, remaining),
    (text) => prefix + escapeMarkdown(text),
  );
  remaining -= title.length;
  const footer = card.footer
    ? trimText(escapePlain(card.footer), Math.min(MAX_FOOTER_LENGTH, Math.floor(remaining / 4)))
    : '';
  remaining -= footer.length;
  const wantedFields = fieldsWithin(card, Number.POSITIVE_INFINITY);
  const fieldsLength = wantedFields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  const description = describe(
    card,
    Math.min(MAX_EMBED_DESCRIPTION_LENGTH, remaining - Math.min(fieldsLength, Math.floor(remaining / 3))),
  );
  remaining -= description.length;
  const fields = fieldsLength <= remaining ? wantedFields : fieldsWithin(card, remaining);

  const url = discordLinkUrl(card.url);
  const embed: APIEmbed = {
    color: colour,
    ...(title ? { title } : {}),
    ...(url && title ? { url } : {}),
    ...(description ? { description } : {}),
    ...(fields.length ? { fields } : {}),
    ...(footer ? { footer: { text: footer } } : {}),
  };
  // Discord refuses an embed with no text at all.
  return title || description || fields.length || footer ? embed : { ...embed, description: ELLIPSIS };
}

/** Subtitle in italics on the first line, then the body. */
function describe(card: Card, max: number): string {
  if (max <= 0) return '';
  const subtitle = card.subtitle
    ? fitRendered(
        card.subtitle.replace(/\s+/g, ' '),
        Math.min(MAX_SUBTITLE_LENGTH, max),
        (text) => `*${escapeMarkdown(text).trim()}*`,
      )
    : '';
  const separator = subtitle && card.body?.length ? '\n' : '';
  const body = card.body?.length ? richToMarkdown(card.body, max - subtitle.length - separator.length) : '';
  return `${subtitle}${body ? separator + body : ''}`;
}

/** Fields in order while they fit in `budget`; the last one is cut rather than dropped when it can be. */
function fieldsWithin(card: Card, budget: number): { name: string; value: string; inline: boolean }[] {
  const fields: { name: string; value: string; inline: boolean }[] = [];
  let remaining = budget;
  for (const field of (card.fields ?? []).slice(0, MAX_EMBED_FIELDS)) {
    // Discord refuses an empty field name or value; a zero-width space stands in.
    const name = fitRendered(field.name, MAX_FIELD_NAME_LENGTH, escapeMarkdown) || '\u200b';
    const fullValue = fitRendered(field.value, MAX_FIELD_VALUE_LENGTH, escapeMarkdown) || '\u200b';
    if (name.length + fullValue.length <= remaining) {
      fields.push({ name, value: fullValue, inline: Boolean(field.inline) });
      remaining -= name.length + fullValue.length;
      continue;
    }
    const value = fitRendered(field.value, remaining - name.length, escapeMarkdown);
    if (value) fields.push({ name, value, inline: Boolean(field.inline) });
    break;
  }
  return fields;
}

/** The characters Discord counts towards the 6000 total of a message's embeds. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
