/**
 * Discord's message limits, checked on a payload as it would go over the wire. Written from
 * Discord's documentation independently of the renderer, so the renderer cannot grade itself.
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
import { expect } from 'vitest';

interface WireEmbed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}

interface WireMessage {
  content?: string;
  embeds?: WireEmbed[];
  components?: { type: number; components: { type: number; label?: string; custom_id?: string }[] }[];
  allowed_mentions?: { parse?: unknown[] };
}

export function expectWithinDiscordLimits(message: WireMessage): void {
  expect(message.allowed_mentions).toEqual({ parse: [] });
  expect((message.content ?? '').length).toBeLessThanOrEqual(2000);
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect(embed.author?.name.length ?? 0).toBeLessThanOrEqual(256);
    const fields = embed.fields ?? [];
    expect(fields.length).toBeLessThanOrEqual(25);
    for (const field of fields) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.value.length).toBeLessThanOrEqual(1024);
    }
    expect(Boolean(embed.title || embed.description || fields.length || embed.footer || embed.author)).toBe(true);
    total +=
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.author?.name.length ?? 0);
    total += fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(6000);
  const rows = message.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(5);
  const ids = new Set<string>();
  for (const row of rows) {
    expect(row.type).toBe(1);
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const button of row.components) {
      expect(button.type).toBe(2);
      expect(button.label?.length ?? 0).toBeGreaterThan(0);
      expect(button.label?.length ?? 0).toBeLessThanOrEqual(80);
      expect(button.custom_id?.length ?? 0).toBeGreaterThan(0);
      expect(button.custom_id?.length ?? 0).toBeLessThanOrEqual(100);
      expect(ids.has(button.custom_id ?? '')).toBe(false);
      ids.add(button.custom_id ?? '');
    }
  }
  expect(Boolean(message.content) || embeds.length > 0).toBe(true);
}

/** No text the user sees can ping or render as a mention. */
export function expectNoLiveMentions(message: WireMessage): void {
  const visible = JSON.stringify({ content: message.content, embeds: message.embeds, labels: message.components });
  expect(visible).not.toMatch(/@everyone|@here/i);
  expect(visible).not.toMatch(/<@|<#|<@&/);
}
