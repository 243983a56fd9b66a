import { describe, expect, it } from 'vitest';
import type { Action, Card, Reply } from '../../src/reply.ts';
import { errorReply, noticeReply } from '../../src/reply.ts';
import { MAX_BLOCKS_JSON, renderReply } from '../../src/platforms/slack/render.ts';
import { responseFor } from '../../src/platforms/slack/response.ts';
import { buttonsOf, headerOf, limitViolations, mrkdwnTexts, visibleTexts } from '../support/slack-blocks.ts';

const NASTY = '<!channel> *x* & <https://evil|click> ';

function actions(count: number, idLength: number, prefix: string): Action[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}${index}:`.padEnd(idLength, 'i'),
    label: `Button ${index} `.repeat(20),
  }));
}

function hostileCard(index: number): Card {
  return {
    title: `${index} ${NASTY.repeat(60)}`,
    url: `https://doi.org/10.1/${index}`,
    subtitle: NASTY.repeat(100),
    body: [
      { text: 'w '.repeat(5_000) },
      { text: NASTY.repeat(50), strong: true },
      { text: 'linked '.repeat(400), url: 'https://example.org/' },
    ],
    fields: Array.from({ length: 30 }, (_, field) => ({ name: `Field ${field}`, value: NASTY.repeat(20) })),
    footer: 'f'.repeat(3_000),
    actions: actions(30, 150, `card${index}-`),
  };
}

function hostileReply(cards: number): Reply {
  return {
    tone: 'result',
    heading: `Heading ${'h'.repeat(500)}`,
    text: [{ text: NASTY.repeat(400) }],
    cards: Array.from({ length: cards }, (_, index) => hostileCard(index)),
    actions: actions(30, 100, 'reply-'),
    paging: { page: 2, pages: 40, total: 200 },
    ephemeral: false,
    fallback: NASTY.repeat(1_000),
  };
}

describe('renderReply limits with hostile replies', () => {
  it('keeps 50 huge cards with 30 buttons each within every Slack limit', () => {
    const message = renderReply(hostileReply(50), { shareValue: 'text:MSC COVID' });
    expect(limitViolations(message)).toEqual([]);
    expect(JSON.stringify(message.blocks).length).toBeLessThanOrEqual(MAX_BLOCKS_JSON);
    expect(headerOf(message)).toMatch(/^Heading h+…$/);
    expect(visibleTexts(message).some((text) => /^\*<https:\/\/doi\.org\/10\.1\/0\|/.test(text))).toBe(true);
    expect(visibleTexts(message).join('\n')).toMatch(/more not shown/);
    expect(buttonsOf(message).map((button) => button.text)).toContain('Share in channel');
  });

  it('shows a single card with a 10 000-character body, cut with an ellipsis', () => {
    const reply: Reply = { ...hostileReply(1), actions: [], paging: undefined };
    const message = renderReply(reply);
    expect(limitViolations(message)).toEqual([]);
    const cardText = visibleTexts(message).find((text) => text.startsWith('*<https://doi.org/10.1/0|'));
    expect(cardText?.length).toBeGreaterThan(1_000);
    expect(cardText).toMatch(/…/);
  });

  it('gives every button a unique action_id, even for identical actions on several cards', () => {
    const same: Action[] = [{ id: 'pb1:paper-help:', label: 'Help' }];
    const cards: Card[] = Array.from({ length: 5 }, (_, index) => ({ title: `Card ${index}`, actions: same }));
    const message = renderReply({ tone: 'result', cards, actions: same, ephemeral: false, fallback: 'cards' });
    const ids = buttonsOf(message).map((button) => button.actionId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(buttonsOf(message).every((button) => button.value === 'pb1:paper-help:')).toBe(true);
  });

  it('leaves out a button whose id cannot be carried whole, rather than cutting it', () => {
    const reply: Reply = {
      tone: 'result',
      cards: [],
      actions: [
        { id: 'x'.repeat(2_001), label: 'Too long' },
        { id: 'y'.repeat(1_999), label: 'Fits' },
      ],
      ephemeral: false,
      fallback: 'ids',
    };
    const message = renderReply(reply);
    expect(buttonsOf(message).map((button) => button.text)).toEqual(['Fits']);
    expect(buttonsOf(message)[0]?.value).toHaveLength(1_999);
    expect(limitViolations(message)).toEqual([]);
  });

  it('does not link a title whose URL is not http(s)', () => {
    const reply: Reply = {
      tone: 'result',
      cards: [{ title: 'Click me', url: 'javascript:alert(1)' }],
      actions: [],
      ephemeral: false,
      fallback: 'x',
    };
    const texts = mrkdwnTexts(renderReply(reply));
    expect(texts.join('\n')).not.toContain('javascript');
    expect(texts).toContain('*Click me*');
  });

  it('renders an empty reply as its fallback, never as an empty message', () => {
    const message = renderReply({
      tone: 'notice',
      cards: [],
      actions: [],
      ephemeral: true,
      fallback: 'Nothing here <!here>',
    });
    expect(limitViolations(message)).toEqual([]);
    expect(visibleTexts(message)).toEqual(['Nothing here &lt;!here&gt;']);
  });

  it('cuts a long fallback text to 3000 characters', () => {
    const message = renderReply({ ...noticeReply('n'.repeat(10_000)), fallback: 'n'.repeat(10_000) });
    expect(message.text.length).toBeLessThanOrEqual(3_000);
    expect(message.text.endsWith('…')).toBe(true);
  });
});

describe('responseFor: who sees what', () => {
  const result: Reply = {
    tone: 'result',
    heading: 'Found',
    cards: [{ title: 'One' }],
    actions: [],
    ephemeral: false,
    fallback: 'Found One',
  };

  it('keeps results private with a Share button that carries what produced them', () => {
    const response = responseFor(result, { source: { kind: 'text', text: 'MSC COVID' } });
    expect(response.response_type).toBe('ephemeral');
    expect(buttonsOf(response)).toContainEqual({
      text: 'Share in channel',
      actionId: 'paperbot:share',
      value: 'text:MSC COVID',
    });
  });

  it('posts a shared result for everyone, without a Share button', () => {
    const response = responseFor(result, { source: { kind: 'text', text: 'MSC COVID' }, inChannel: true });
    expect(response.response_type).toBe('in_channel');
    expect(buttonsOf(response)).toEqual([]);
  });

  it('keeps errors private even when sharing, with a warning sign and no buttons', () => {
    const response = responseFor(errorReply('Unknown filter "colour".'), {
      source: { kind: 'text', text: 'colour:blue' },
      inChannel: true,
    });
    expect(response.response_type).toBe('ephemeral');
    expect(buttonsOf(response)).toEqual([]);
    expect(visibleTexts(response)).toEqual([':warning: Unknown filter "colour".']);
  });

  it('lets a notice that is meant for the channel go to the channel', () => {
    expect(responseFor(noticeReply('This channel is now subscribed.', { ephemeral: false })).response_type).toBe(
      'in_channel',
    );
    expect(responseFor(noticeReply('Only you see this.')).response_type).toBe('ephemeral');
  });

  it('offers no Share button when what produced the result is too long to carry', () => {
    const response = responseFor(result, { source: { kind: 'text', text: 'q'.repeat(2_000) } });
    expect(buttonsOf(response)).toEqual([]);
  });
});
