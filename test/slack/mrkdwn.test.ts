import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, fitMrkdwn, fitPlain, richToMrkdwn, slackLinkUrl } from '../../src/platforms/slack/mrkdwn.ts';

describe('escapeMrkdwn', () => {
  it('turns every control character of Slack markup into an entity', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(escapeMrkdwn('<!channel> <!here> <!everyone> <@U123> <#C1|general> <!subteam^S1|@team>')).not.toMatch(
      /[<>]/,
    );
    expect(escapeMrkdwn('<https://evil.example|click>')).toBe('&lt;https://evil.example|click&gt;');
  });

  it('keeps bare broadcast words from ever pinging', () => {
    for (const word of ['@channel', '@here', '@everyone', '@Channel'])
      expect(escapeMrkdwn(`hi ${word}!`)).not.toContain(word);
    expect(escapeMrkdwn('mail me at jane@example.org')).toBe('mail me at jane@example.org');
  });

  it('neutralises formatting markers at word edges and leaves them inside words', () => {
    expect(escapeMrkdwn('*bold* _it_ ~strike~ `code`')).toBe(
      '\u2217bold\u2217 \u02CDit\u02CD \u223Cstrike\u223C \u02CBcode\u02CB',
    );
    expect(escapeMrkdwn('IL_6 and snake_case_name and 2*3')).toBe('IL_6 and snake_case_name and 2*3');
    expect(escapeMrkdwn('~5 mg/kg')).toBe('\u223C5 mg/kg');
  });

  it('shortens without splitting an entity or a surrogate pair', () => {
    const cut = fitMrkdwn('&&&&&&&&&&', 12);
    expect(cut).toBe('&amp;&amp;…');
    const emoji = fitMrkdwn('🧬🧬🧬🧬🧬', 6);
    expect(emoji.length).toBeLessThanOrEqual(6);
    expect(emoji.endsWith('…')).toBe(true);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(fitPlain('x'.repeat(200), 150)).toHaveLength(150);
  });
});

describe('slackLinkUrl', () => {
  it('links only http(s) and keeps the URL from breaking out of <url|label>', () => {
    expect(slackLinkUrl('javascript:alert(1)')).toBeUndefined();
    expect(slackLinkUrl('mailto:jane@example.org')).toBeUndefined();
    expect(slackLinkUrl('https://doi.org@evil.example/x')).toBeUndefined();
    expect(slackLinkUrl('not a url')).toBeUndefined();
    expect(slackLinkUrl('https://example.org/a|b>c<d e?x=1&y=2')).toBe(
      'https://example.org/a%7Cb%3Ec%3Cd%20e?x=1&amp;y=2',
    );
  });
});

describe('richToMrkdwn', () => {
  it('bolds strong runs, links linked runs, and escapes both', () => {
    const text = richToMrkdwn(
      [
        { text: 'see ' },
        { text: 'MSC', strong: true },
        { text: ' in ' },
        { text: 'a <paper>', url: 'https://doi.org/10.1/x' },
      ],
      500,
    );
    expect(text).toBe('see *MSC* in <https://doi.org/10.1/x|a &lt;paper&gt;>');
  });

  it('closes the markup of a run it has to cut', () => {
    const text = richToMrkdwn(
      [{ text: 'intro ' }, { text: 'a very long linked title indeed', url: 'https://example.org/' }],
      40,
    );
    expect(text.length).toBeLessThanOrEqual(40);
    expect(text).toMatch(/^intro <https:\/\/example\.org\/\|a .*…>$/);
  });
});
