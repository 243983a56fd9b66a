import { describe, expect, it } from 'vitest';
import type { Action, Card, Reply } from '../../src/reply.ts';
import { errorReply, noticeReply } from '../../src/reply.ts';
import { renderChannelMessage, renderChoices, renderReply } from '../../src/platforms/discord/render.ts';
import { expectNoLiveMentions, expectWithinDiscordLimits } from '../support/discord-limits.ts';

const HOSTILE = '@everyone @here <@123> <@&1> <#1> **bold** __u__ ~~s~~ ||spoiler|| `code` [x](https://evil.example) ';

function action(id: string, label = 'Summary'): Action {
  return { id, label };
}

function resultReply(cards: Card[], actions: Action[] = []): Reply {
  return { tone: 'result', heading: `${cards.length} entries`, cards, actions, ephemeral: false, fallback: 'results' };
}

function hostileReply(): Reply {
  const cards: Card[] = Array.from({ length: 50 }, (_, index) => ({
    title: `# ${HOSTILE}`.repeat(40),
    url: `https://doi.org/10.1/${index}`,
    subtitle: HOSTILE.repeat(30),
    body: [
      { text: HOSTILE.repeat(100) },
      { text: 'matched', strong: true },
      { text: 'linked', url: 'https://example.org/(x)' },
      { text: HOSTILE.repeat(100) },
    ],
    fields: Array.from({ length: 40 }, (_, field) => ({
      name: `${HOSTILE}${field}`.repeat(8),
      value: HOSTILE.repeat(40),
      inline: field % 2 === 0,
    })),
    footer: HOSTILE.repeat(60),
    actions: [
      action(`pb1:paper-summary:entry=${index}`),
      action(`pb1:paper-similar:entry=${index}`, 'Similar'.repeat(30)),
      action(`pb1:x:${'y'.repeat(150)}${index}`),
    ],
  }));
  const actions = Array.from({ length: 30 }, (_, index) =>
    action(index % 3 ? `pb1:paper:page=${index}` : `pb1:${'z'.repeat(120)}${index}`, `Page ${index} `.repeat(20)),
  );
  return {
    tone: 'result',
    heading: HOSTILE.repeat(80),
    text: [{ text: HOSTILE.repeat(200) }],
    cards,
    actions,
    ephemeral: false,
    fallback: HOSTILE,
  };
}

describe('renderReply on a hostile reply', () => {
  const message = renderReply(hostileReply());

  it('stays within every Discord limit', () => {
    expectWithinDiscordLimits(message);
    expect(message.embeds).toHaveLength(10);
    expect(message.components).toHaveLength(5);
  });

  it('lets nothing ping or render as a mention', () => {
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expectNoLiveMentions(message);
  });

  it('keeps every embed readable: a title on each, cut with an ellipsis', () => {
    for (const [index, embed] of message.embeds.entries()) {
      expect(embed.title).toMatch(new RegExp(`^${index + 1}\\. \\\\# `));
      expect(embed.title).toMatch(/…$/);
    }
  });

  it('leaves out buttons whose id is too long instead of cutting the id', () => {
    const ids = message.components.flatMap((row) => row.components.map((button) => button.custom_id));
    expect(ids.every((id) => id.length <= 100)).toBe(true);
    expect(ids.some((id) => id.startsWith('pb1:x:'))).toBe(false);
  });

  it("puts the reply's own buttons on the last row", () => {
    const last = message.components[message.components.length - 1];
    expect(last?.components.every((button) => button.custom_id.startsWith('pb1:paper:page='))).toBe(true);
  });
});

describe('renderReply', () => {
  it('escapes corpus markdown in titles and descriptions, and bolds matched words', () => {
    const message = renderReply(
      resultReply([
        { title: '**Bold** claim @here', body: [{ text: '# not a heading, ' }, { text: 'match_word', strong: true }] },
      ]),
    );
    expect(message.embeds[0]?.title).toBe('\\*\\*Bold\\*\\* claim @\u200bhere');
    expect(message.embeds[0]?.description).toBe('\\# not a heading, **match\\_word**');
  });

  it("numbers cards and their buttons when several cards have buttons, and packs a card's buttons on one row", () => {
    const cards: Card[] = [1, 2, 3, 4, 5].map((n) => ({
      title: `Paper ${n}`,
      actions: [action(`s${n}`), action(`m${n}`, 'Similar')],
    }));
    const message = renderReply(resultReply(cards, [action('prev', '◀ Prev'), action('next', 'Next ▶')]));
    expect(message.embeds.map((embed) => embed.title)).toEqual([
      '1. Paper 1',
      '2. Paper 2',
      '3. Paper 3',
      '4. Paper 4',
      '5. Paper 5',
    ]);
    expect(message.components.map((row) => row.components.map((button) => button.label))).toEqual([
      ['1 · Summary', '1 · Similar', '2 · Summary', '2 · Similar'],
      ['3 · Summary', '3 · Similar', '4 · Summary', '4 · Similar'],
      ['5 · Summary', '5 · Similar'],
      ['◀ Prev', 'Next ▶'],
    ]);
  });

  it("flows five cards of four buttons densely over four rows, so no card loses a button, with the reply's three on the last", () => {
    const labels = ['Summary', 'Similar', 'Cite', 'Discuss'];
    const cards: Card[] = [1, 2, 3, 4, 5].map((n) => ({
      title: `Paper ${n}`,
      actions: labels.map((label) => action(`${label}${n}`, label)),
    }));
    const message = renderReply(
      resultReply(cards, [action('prev', '◀ Prev'), action('next', 'Next ▶'), action('timeline', 'Timeline')]),
    );
    expectWithinDiscordLimits(message);
    const rows = message.components.map((row) => row.components.map((button) => button.label));
    expect(rows).toHaveLength(5);
    expect(rows.slice(0, 4).flat()).toEqual([1, 2, 3, 4, 5].flatMap((n) => labels.map((label) => `${n} · ${label}`)));
    expect(rows[4]).toEqual(['◀ Prev', 'Next ▶', 'Timeline']);
  });

  it("keeps a card's three buttons on one row when every card's group fits that way", () => {
    const cards: Card[] = [1, 2, 3].map((n) => ({
      title: `Paper ${n}`,
      actions: [action(`s${n}`), action(`m${n}`, 'Similar'), action(`c${n}`, 'Cite')],
    }));
    const message = renderReply(resultReply(cards, [action('timeline', 'Timeline')]));
    expect(message.components.map((row) => row.components.map((button) => button.label))).toEqual([
      ['1 · Summary', '1 · Similar', '1 · Cite'],
      ['2 · Summary', '2 · Similar', '2 · Cite'],
      ['3 · Summary', '3 · Similar', '3 · Cite'],
      ['Timeline'],
    ]);
  });

  it('does not number a single card', () => {
    const message = renderReply(resultReply([{ title: 'Only', actions: [action('s1'), action('m1', 'Similar')] }]));
    expect(message.embeds[0]?.title).toBe('Only');
    expect(message.components[0]?.components.map((button) => button.label)).toEqual(['Summary', 'Similar']);
  });

  it('links the title only to web addresses', () => {
    const message = renderReply(
      resultReply([
        { title: 'A', url: 'https://doi.org/10.1/x' },
        { title: 'B', url: 'javascript:alert(1)' },
      ]),
    );
    expect(message.embeds[0]?.url).toBe('https://doi.org/10.1/x');
    expect(message.embeds[1]?.url).toBeUndefined();
  });

  it('drops a repeated button id, which Discord would refuse', () => {
    const message = renderReply(resultReply([{ title: 'A', actions: [action('same'), action('same', 'Again')] }]));
    expect(message.components.flatMap((row) => row.components)).toHaveLength(1);
  });

  it('marks an ephemeral reply with the ephemeral flag, and a channel message never', () => {
    const reply = errorReply('That did not work.');
    expect(renderReply(reply)).toEqual({
      content: 'That did not work.',
      embeds: [],
      components: [],
      allowed_mentions: { parse: [] },
      flags: 64,
    });
    expect(renderChannelMessage(reply).flags).toBeUndefined();
  });

  it('renders a notice without cards as text only', () => {
    const message = renderReply(noticeReply('Subscribed to **all** entries.', { heading: 'Done', ephemeral: false }));
    expect(message).toEqual({
      content: '**Done**\nSubscribed to \\*\\*all\\*\\* entries.',
      embeds: [],
      components: [],
      allowed_mentions: { parse: [] },
    });
  });

  it('says how many cards were left out beyond ten', () => {
    const cards = Array.from({ length: 12 }, (_, index) => ({ title: `Paper ${index}` }));
    const message = renderReply(resultReply(cards));
    expect(message.embeds).toHaveLength(10);
    expect(message.content).toContain('10 of 12 shown');
  });

  it('keeps a reply whose cards just fit unchanged, and shares the 6000 characters fairly when they do not', () => {
    const small = { title: 'Short', body: [{ text: 'a'.repeat(100) }] };
    const large = { title: 'Long', body: [{ text: 'b'.repeat(4000) }] };
    const message = renderReply(resultReply([small, large, large, large]));
    expectWithinDiscordLimits(message);
    expect(message.embeds[0]?.description).toBe('a'.repeat(100));
    const lengths = message.embeds.slice(1).map((embed) => embed.description?.length ?? 0);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
  });
});

describe('renderChannelMessage', () => {
  it('has the same shape as an interaction answer, with its buttons', () => {
    const reply = resultReply([{ title: 'New: a paper', actions: [action('s1')] }]);
    const message = renderChannelMessage(reply);
    expectWithinDiscordLimits(message);
    expect(message.embeds[0]?.title).toBe('New: a paper');
    expect(message.components).toHaveLength(1);
  });
});

describe('renderChoices', () => {
  it('returns at most 25 choices with names and values within 100 characters and no repeated value', () => {
    const suggestions = Array.from({ length: 40 }, (_, index) => ({
      name: `@everyone ${'title '.repeat(50)}${index}`,
      value: index < 5 ? 'same' : `${index}-${'v'.repeat(120)}`,
    }));
    const choices = renderChoices(suggestions);
    expect(choices.length).toBe(25);
    expect(new Set(choices.map((choice) => choice.value)).size).toBe(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeGreaterThan(0);
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
      expect(choice.name).not.toContain('@everyone');
    }
  });
});
