/**
 * fast-check generators for hostile input: any Unicode (lone surrogates included), biased
 * toward what breaks chat bots — mentions, link markup, markdown, query operators, control and
 * bidirectional characters — and long enough (up to 10 000 characters) to hit every limit.
 */
import fc from 'fast-check';
import type { Entry } from '../../src/corpus/entry.ts';
import type { Action, Card, Field, Reply, RichText } from '../../src/reply.ts';

/** Text a link must never come from: any link to this host in a payload was injected. */
export const EVIL_HOST = 'evil.example';

/** Mentions, link markup and formatting of Discord and Slack, as a user or a corpus file could type them. */
export const PLATFORM_MARKUP = [
  '@everyone',
  '@here',
  '@channel',
  '@EVERYONE',
  '＠everyone',
  '@\u200beveryone',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@&223456789012345678>',
  '<#323456789012345678>',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0123ABC|@team>',
  '<!subteam^S0123ABC>',
  '<@U0123ABC>',
  '<#C0123ABC|general>',
  '<!date^1392734382^{date}|x>',
  '</paper:1>',
  '<t:1700000000:R>',
  '<:emoji:1>',
  '<a:emoji:1>',
  '<id:browse>',
  `[click](https://${EVIL_HOST}/x)`,
  `[click](<https://${EVIL_HOST}/x>)`,
  `<https://${EVIL_HOST}|click>`,
  `<https://${EVIL_HOST}>`,
  `<mailto:a@${EVIL_HOST}|mail>`,
  'javascript:alert(1)',
  `https://${EVIL_HOST}/a)b](c`,
  '](',
  ')[',
  '[',
  ']',
  '(',
  ')',
  '*',
  '**',
  '_',
  '__',
  '~',
  '~~',
  '`',
  '```',
  '||',
  '\\',
  '\\*',
  '>',
  '>>>',
  '<',
  '&',
  '&amp;',
  '&lt;',
  '&gt;',
  '# ',
  '## ',
  '-# ',
  '> ',
  '- ',
  '1. ',
  '|',
  '^',
  '%',
  '$',
  '{',
  '}',
];

/** The query syntax and MiniSearch's own operators, including broken filters. */
export const QUERY_OPERATORS = [
  '"',
  '""',
  '" "',
  '“',
  '”',
  '„',
  'author:',
  'author:"',
  'author:""',
  'author:"Zhao',
  'author:Zhao',
  'AUTHOR:x',
  'year:',
  'year:99999..-1',
  'year:..',
  'year:2020..2019',
  'year:0000',
  'year:2020',
  'year:1999..2021',
  'year:-1',
  'kind:',
  'kind:*',
  'kind:dataset',
  'kind:papers',
  'title:',
  'doi:',
  'https:',
  'foo:bar',
  'a:b:c',
  '-',
  '--',
  '-MSC',
  '+',
  'AND',
  'OR',
  'NOT',
  'AND_NOT',
  '^2',
  '~1',
  '*',
  'MSC*',
  'COV?D',
  'fuzzy:',
  'prefix:',
];

/** Characters that are invisible, reorder text, control terminals or are not valid UTF-16. */
export const HOSTILE_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2060',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\u00a0',
  '\u3000',
  '\u0301',
  '\u0308\u0308\u0308',
  '\ufffd',
  '\uffff',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ud83d',
  '\ude00',
  '\ud83d\ude00',
  '👩‍👩‍👧',
  '🏳️‍🌈',
  'ﷺ',
  'ǅ',
  'İ',
  'ß',
  'ﬃ',
  'مرحبا',
  'שלום',
  '日本語',
  'Ωμέγα',
];

/** Words the seed corpus and the text grammar know, so that some inputs reach real results. */
export const KNOWN_WORDS = [
  'MSC',
  'COVID',
  'covid-19',
  'mesenchymal',
  'stem',
  'cells',
  'pneumonia',
  'ACE2',
  'Zhao',
  'Leng',
  'Zhu',
  'immunomodulation',
  'S-EPMC8546390',
  'S-EPMC7473478',
  '10.14336/AD.2020.0228',
  'https://doi.org/10.14336/AD.2020.0228',
  'doi:10.14336/ad.2020.0228',
  'summary',
  'similar',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'help',
  '/paper',
  'paper',
  'paper-summary',
  '/paper-similar',
  '1',
  '0',
  '-1',
  '20',
  '21',
  '99999999999999999999',
  '1e3',
  'NaN',
  'Infinity',
  '0x10',
  ' ',
  '  ',
];

const NASTY_PIECES = [...PLATFORM_MARKUP, ...QUERY_OPERATORS, ...HOSTILE_CHARACTERS, ...KNOWN_WORDS];

/** One UTF-16 unit from anywhere, lone surrogates included (fc's `binary` unit leaves those out). */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const surrogateUnit = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** A short run: a nasty constant most of the time, else any code points, units or graphemes. */
export const hostilePiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(anyCodeUnit, surrogateUnit), maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

const separator = fc.constantFrom(' ', ' ', ' ', '', '\n', '\t', '  ');

/** A mixture of pieces, usually short, sometimes repeated up to `maxLength` characters. */
export function hostileText(maxLength = 10_000): fc.Arbitrary<string> {
  const mixture = fc
    .array(fc.tuple(hostilePiece, separator), { maxLength: 24 })
    .map((parts) => parts.map(([piece, sep]) => piece + sep).join(''));
  const long = fc
    .tuple(
      mixture.filter((text) => text.length > 0),
      fc.integer({ min: 1, max: maxLength }),
    )
    .map(([text, length]) => text.repeat(Math.ceil(length / text.length)).slice(0, length));
  const raw = fc
    .string({ unit: fc.oneof(fc.constantFrom(...NASTY_PIECES), anyCodeUnit), minLength: 0, maxLength: 200 })
    .map((text) => text.slice(0, maxLength));
  return fc.oneof(
    { weight: 7, arbitrary: mixture.map((text) => text.slice(0, maxLength)) },
    { weight: 1, arbitrary: long },
    { weight: 2, arbitrary: raw },
  );
}

/** Any option value a platform could hand over: text of any kind, or numbers Discord would never send. */
export const hostileOptionValue: fc.Arbitrary<string | number | undefined> = fc.oneof(
  { weight: 6, arbitrary: hostileText() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      0,
      1,
      2,
      20,
      21,
      -1,
      2 ** 53,
      1e308,
      0.5,
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Links an entry may legitimately carry: the renderers decide which of them may become links. */
const entryLinks = fc.constantFrom(
  undefined,
  'https://doi.org/10.5555/hostile',
  'javascript:alert(1)',
  'https://ok.example/a?b=<c>|d&e',
  'https://ok.example/(x)',
  'data:text/html,<b>x</b>',
  'ftp://ok.example/x',
  'not a url',
  `https://ok.example/${'x'.repeat(3000)}`,
  'https://ok.example/a b',
);

let serial = 0;

/** A corpus entry whose text fields hold hostile strings; `marker` is a word that finds it in a search. */
export function hostileEntry(marker: string): fc.Arbitrary<Entry> {
  return fc
    .record({
      kind: fc.constantFrom('paper' as const, 'dataset' as const),
      title: hostileText(),
      authors: fc.array(hostileText(300), { maxLength: 20 }),
      link: entryLinks,
      summary: fc.option(hostileText(), { nil: undefined }),
      abstract: fc.option(hostileText(), { nil: undefined }),
      journal: fc.option(hostileText(400), { nil: undefined }),
      year: fc.option(fc.integer({ min: 1000, max: 2999 }), { nil: undefined }),
      repository: fc.option(hostileText(200), { nil: undefined }),
      similar: fc.array(
        fc.oneof(hostileText(200), fc.constantFrom('S-EPMC8546390', 'S-EPMC7473478', '10.5555/other', 'doi:10.5555/x')),
        { maxLength: 20 },
      ),
    })
    .map((fields) => {
      serial += 1;
      const doi = `10.5555/hostile.${serial}`;
      return {
        ...fields,
        key: `doi:${doi}`,
        doi,
        title: `${marker} ${fields.title}`,
        abstract: `${fields.abstract ?? ''} ${marker}`,
        source: { path: `hostile-${serial}.md`, format: 'front-matter' as const },
        added: '2024-01-01T00:00:00.000Z',
      };
    });
}

/** Lengths are just past each platform limit they test: longer text costs time and finds nothing new. */
function hostileRich(maxSegment: number): fc.Arbitrary<RichText> {
  return fc.array(
    fc.record({
      text: hostileText(maxSegment),
      strong: fc.option(fc.boolean(), { nil: undefined }),
      url: fc.option(fc.oneof(entryLinks, hostileText(100)), { nil: undefined }),
    }),
    { maxLength: 5 },
  );
}

const hostileAction: fc.Arbitrary<Action> = fc.record({
  id: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), hostileText(300)),
  label: hostileText(200),
  style: fc.option(fc.constantFrom('primary' as const, 'secondary' as const), { nil: undefined }),
});

function hostileField(maxValue: number): fc.Arbitrary<Field> {
  return fc.record({
    name: hostileText(maxValue > 100 ? 400 : 40),
    value: hostileText(maxValue),
    inline: fc.option(fc.boolean(), { nil: undefined }),
  });
}

/** Usually a few long fields; sometimes more than Discord's 25, short ones. */
const hostileFields: fc.Arbitrary<Field[]> = fc.oneof(
  { weight: 4, arbitrary: fc.array(hostileField(1500), { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(hostileField(60), { minLength: 20, maxLength: 30 }) },
);

function hostileCard(long: boolean): fc.Arbitrary<Card> {
  const text = (max: number): fc.Arbitrary<string> => hostileText(long ? max : 60);
  return fc.record({
    title: text(1000),
    url: fc.option(fc.oneof(entryLinks, hostileText(200)), { nil: undefined }),
    subtitle: fc.option(text(1000), { nil: undefined }),
    body: fc.option(hostileRich(long ? 5000 : 60), { nil: undefined }),
    fields: fc.option(long ? hostileFields : fc.array(hostileField(60), { maxLength: 3 }), { nil: undefined }),
    footer: fc.option(text(2500), { nil: undefined }),
    actions: fc.option(fc.array(hostileAction, { maxLength: 6 }), { nil: undefined }),
  });
}

/** Usually a few long cards; sometimes more than Discord's 10 embeds, short ones. */
const hostileCards: fc.Arbitrary<Card[]> = fc.oneof(
  { weight: 4, arbitrary: fc.array(hostileCard(true), { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(hostileCard(false), { minLength: 9, maxLength: 14 }) },
);

/** Any Reply a command could build from hostile input, well beyond what the commands build. */
export const hostileReply: fc.Arbitrary<Reply> = fc.record({
  tone: fc.constantFrom('result' as const, 'notice' as const, 'error' as const),
  heading: fc.option(hostileText(1000), { nil: undefined }),
  text: fc.option(hostileRich(4000), { nil: undefined }),
  cards: hostileCards,
  actions: fc.array(hostileAction, { maxLength: 8 }),
  paging: fc.option(
    fc.record({
      page: fc.integer({ min: -3, max: 1000 }),
      pages: fc.integer({ min: -3, max: 1000 }),
      total: fc.integer({ min: -3, max: 100_000 }),
    }),
    { nil: undefined },
  ),
  ephemeral: fc.boolean(),
  fallback: hostileText(4000),
});
