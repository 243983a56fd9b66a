import type { RichText } from '../../reply.ts';
import { safeLinkUrl } from '../safe-link.ts';

/**
 * Corpus text -> Slack mrkdwn that shows exactly the text and does nothing else.
 *
 * Slack's escaping rules: https://api.slack.com/reference/surfaces/formatting#escaping
 * `&`, `<` and `>` become entities, which is what stops `<!channel>`, `<@U123>`,
 * `<!subteam^…>` and forged `<url|label>` links. mrkdwn has no backslash escape, so a
 * formatting character that could open or close `*bold*`, `_italic_`, `~strike~` or
 * `` `code` `` is swapped for a look-alike. A zero-width space is not used for this: Slack
 * treats it as a word boundary, which can switch formatting on rather than off.
 */

export const ELLIPSIS = '…';

const LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02CD', // ˍ modifier letter low macron
  '~': '\u223C', // ∼ tilde operator
  '`': '\u02CB', // ˋ modifier letter grave accent
};

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * `@channel`, `@here`, `@everyone` typed as plain words; a word joiner keeps them from ever
 * pinging. No word boundary at the end: in `@everyone_` the `_` is a word character.
 */
const BARE_BROADCAST = /@(channel|here|everyone)/gi;
const WORD_JOINER = '\u2060';

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Control characters (but tab and newline) show as nothing, and a lone surrogate is not text;
 * each also grows to six characters (`\u0000`) in the JSON that Slack's block limit counts.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text, one unit per code point, so a caller can cut it anywhere without splitting
 * an entity (`&amp;`) or a surrogate pair.
 */
export function escapeUnits(raw: string): string[] {
  const text = raw.replace(CONTROL_CHARACTERS, '').replace(LONE_SURROGATE, '\uFFFD');
  const characters = Array.from(text.replace(BARE_BROADCAST, `@${WORD_JOINER}$1`));
  return characters.map((character, index) => {
    const entity = ENTITIES[character];
    if (entity) return entity;
    const lookalike = LOOKALIKES[character];
    if (!lookalike) return character;
    // Slack only formats at word edges, so `IL_6` or `a*b` are left as they are.
    if (character === '`') return lookalike;
    const before = characters[index - 1];
    const after = characters[index + 1];
    const insideWord =
      before !== undefined && after !== undefined && WORD_CHARACTER.test(before) && WORD_CHARACTER.test(after);
    return insideWord ? character : lookalike;
  });
}

export function escapeMrkdwn(raw: string): string {
  return escapeUnits(raw).join('');
}

/** Escapes and shortens to at most `maxLength` characters, ending in an ellipsis when cut. */
export function fitMrkdwn(raw: string, maxLength: number): string {
  return takeUnits(escapeUnits(raw), maxLength);
}

/**
 * An http(s) URL made safe to sit inside `<url|label>`; anything else (javascript:,
 * mailto:, relative, unparsable, very long) is not linked at all.
 */
export function slackLinkUrl(raw: string | undefined, maxLength = MAX_LINK_URL): string | undefined {
  const url = safeLinkUrl(raw);
  if (!url) return undefined;
  // The parser percent-encodes spaces, quotes and angle brackets; `|` would end the URL part.
  const href = url.href.replace(/\|/g, '%7C').replace(/&/g, '&amp;');
  return href.length <= maxLength ? href : undefined;
}

const MAX_LINK_URL = 1_000;

/**
 * Rich text as mrkdwn within `maxLength` characters: strong runs in `*bold*`, linked runs as
 * `<url|label>`. When it does not fit, the cut run still closes its markup and ends in `…`.
 */
export function richToMrkdwn(text: RichText, maxLength: number): string {
  let out = '';
  for (const segment of text) {
    const href = segment.code ? undefined : slackLinkUrl(segment.url);
    const units = segment.code ? codeUnits(segment.text) : escapeUnits(segment.text);
    const { lead, core, trail } = splitEdgeSpace(units, Boolean(segment.strong) && !segment.code);
    const open = segment.code ? '```\n' : `${lead}${segment.strong ? '*' : ''}${href ? `<${href}|` : ''}`;
    const close = segment.code ? '\n```' : `${href ? '>' : ''}${segment.strong ? '*' : ''}${trail}`;
    if (!core.length) {
      if (out.length + lead.length + trail.length > maxLength) return finish(out, maxLength);
      out += lead + trail;
      continue;
    }
    const whole = core.join('');
    if (out.length + open.length + whole.length + close.length <= maxLength) {
      out += open + whole + close;
      continue;
    }
    const room = maxLength - out.length - open.length - close.length;
    if (room >= 2) return out + open + takeUnits(core, room) + close;
    return finish(out, maxLength);
  }
  return out;
}

/**
 * A preformatted block's text. Slack formats nothing inside a code block, so `*`, `_` and `~`
 * stay as typed (a BibTeX key keeps its underscores); entities are still decoded there, so
 * `&`, `<`, `>` are escaped, broadcasts are broken, and a run of backticks is split so that it
 * cannot close the fence.
 */
function codeUnits(raw: string): string[] {
  const text = raw.replace(/\s+$/, '').replace(CONTROL_CHARACTERS, '').replace(LONE_SURROGATE, '\uFFFD');
  const characters = Array.from(text.replace(BARE_BROADCAST, `@${WORD_JOINER}$1`));
  return characters.map(
    (character, index) =>
      ENTITIES[character] ?? (character === '`' && characters[index + 1] === '`' ? '`\u200b' : character),
  );
}

/** Leading and trailing spaces stay outside `*…*`, or Slack would not make the run bold. */
function splitEdgeSpace(units: string[], strong: boolean): { lead: string; core: string[]; trail: string } {
  if (!strong) return { lead: '', core: units, trail: '' };
  let start = 0;
  let end = units.length;
  while (start < end && /^\s$/u.test(units[start] ?? '')) start += 1;
  while (end > start && /^\s$/u.test(units[end - 1] ?? '')) end -= 1;
  return { lead: units.slice(0, start).join(''), core: units.slice(start, end), trail: units.slice(end).join('') };
}

function finish(out: string, maxLength: number): string {
  if (out.length + ELLIPSIS.length <= maxLength) return out + ELLIPSIS;
  return out;
}

/** Joins units up to `maxLength` characters; when they do not all fit, the last one is `…`. */
export function takeUnits(units: readonly string[], maxLength: number): string {
  if (maxLength < 1) return '';
  let total = 0;
  for (const unit of units) total += unit.length;
  if (total <= maxLength) return units.join('');
  let out = '';
  for (const unit of units) {
    if (out.length + unit.length + ELLIPSIS.length > maxLength) break;
    out += unit;
  }
  return out.trimEnd() + ELLIPSIS;
}

/** Plain text (headers, button labels) cut to `maxLength` by code points, with an ellipsis. */
export function fitPlain(raw: string, maxLength: number): string {
  return takeUnits(Array.from(raw), maxLength);
}
