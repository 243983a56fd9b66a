import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  escapePlain,
  fitRendered,
  richToMarkdown,
  discordLinkUrl,
  trimText,
} from '../../src/platforms/discord/markdown.ts';

const ZWSP = '\u200b';

describe('escapeMarkdown', () => {
  it('breaks mass mentions and mention syntax so nothing pings or renders as a mention', () => {
    const out = escapeMarkdown('@everyone @here <@123> <@!123> <@&1> <#1> <t:1700000000> </paper:1> <:pb:1> <a:pb:1>');
    expect(out).not.toMatch(/@everyone|@here/);
    expect(out).not.toMatch(/<[@#:/]|<t:|<a:/);
    expect(out.replaceAll(ZWSP, '')).toBe(
      '@everyone @here <@123> <@!123> <@&1> <#1> <t:1700000000> </paper:1> <:pb:1> <a:pb:1>',
    );
  });

  it('escapes inline markdown with backslashes', () => {
    expect(escapeMarkdown('**bold** _it_ __under__ ~~strike~~ ||spoiler|| `code` \\')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\_\\_under\\_\\_ \\~\\~strike\\~\\~ \\|\\|spoiler\\|\\| \\`code\\` \\\\',
    );
  });

  it('escapes masked links so they show as typed', () => {
    expect(escapeMarkdown('[click](https://evil.example)')).toBe('\\[click\\](https://evil.example)');
  });

  it('escapes block markers only at the start of a line', () => {
    expect(escapeMarkdown('# Heading\n> quote\n-# subtext\n- item\n1. first\nC# and a > b - c 2.5')).toBe(
      '\\# Heading\n\\> quote\n\\-# subtext\n\\- item\n1\\. first\nC# and a > b - c 2.5',
    );
  });

  it('removes control characters and keeps line breaks', () => {
    expect(escapeMarkdown('a\u0000b\u001b[31mc\r\nd')).toBe('ab\\[31mc\nd');
  });
});

describe('escapePlain', () => {
  it('breaks mentions without adding backslashes', () => {
    expect(escapePlain('**@everyone**').replaceAll(ZWSP, '')).toBe('**@everyone**');
    expect(escapePlain('**@everyone**')).not.toContain('@everyone');
  });
});

describe('richToMarkdown', () => {
  it('bolds strong runs after escaping them, with spaces outside the markers', () => {
    expect(richToMarkdown([{ text: 'MSC ' }, { text: 'COVID_19 ', strong: true }, { text: 'pneumonia' }], 100)).toBe(
      'MSC **COVID\\_19** pneumonia',
    );
  });

  it('turns linked runs into masked links with escaped text, only for web links', () => {
    expect(richToMarkdown([{ text: 'a [paper]', url: 'https://doi.org/10.1/x(1)' }], 200)).toBe(
      '[a \\[paper\\]](https://doi.org/10.1/x%281%29)',
    );
    expect(richToMarkdown([{ text: 'script', url: 'javascript:alert(1)' }], 200)).toBe('script');
  });

  it('cuts between or inside runs, never inside markup, and ends with an ellipsis', () => {
    const text = [
      { text: 'start ' },
      { text: 'strong words here', strong: true },
      { text: ' and the rest of a long sentence' },
    ];
    for (let max = 1; max < 60; max += 1) {
      const out = richToMarkdown(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect((out.match(/\*\*/g) ?? []).length % 2).toBe(0);
    }
    expect(richToMarkdown(text, 20)).toMatch(/…$/);
  });
});

describe('trimming', () => {
  it('trimText cuts with an ellipsis and never splits a surrogate pair', () => {
    expect(trimText('abcdef', 4)).toBe('abc…');
    expect(trimText('ab😀cd', 4)).toBe('ab…');
    expect(trimText('abc', 3)).toBe('abc');
  });

  it('fitRendered cuts the raw text so escapes stay whole', () => {
    const out = fitRendered('*'.repeat(100), 11, escapeMarkdown);
    expect(out).toBe('\\*\\*\\*\\*\\*…');
  });

  it('discordLinkUrl accepts only http(s)', () => {
    expect(discordLinkUrl('https://doi.org/10.1/x')).toBe('https://doi.org/10.1/x');
    expect(discordLinkUrl('ftp://example.org/x')).toBeUndefined();
    expect(discordLinkUrl('not a url')).toBeUndefined();
  });

  it('discordLinkUrl refuses a link with a name before its host, which reads as a host it is not', () => {
    expect(discordLinkUrl('https://doi.org@evil.example/x')).toBeUndefined();
    expect(discordLinkUrl('https://jane:secret@example.org/')).toBeUndefined();
    // Parsed as the name " " at the host "everyone"; breaking the mention left no host at all.
    expect(discordLinkUrl('https: @everyone ')).toBeUndefined();
    expect(discordLinkUrl('https://example.org/@everyone')).toBe('https://example.org/%40everyone');
  });
});
