/** Text clean-up shared by the parsers: whitespace, entities, markup left in abstracts. */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  thinsp: '\u2009',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  plusmn: '\u00b1',
  deg: '\u00b0',
  alpha: '\u03b1',
  beta: '\u03b2',
  gamma: '\u03b3',
  delta: '\u03b4',
  kappa: '\u03ba',
  mu: '\u03bc',
  times: '\u00d7',
  le: '\u2264',
  ge: '\u2265',
  rsquo: '\u2019',
  lsquo: '\u2018',
  rdquo: '\u201d',
  ldquo: '\u201c',
  eacute: '\u00e9',
  uuml: '\u00fc',
  ouml: '\u00f6',
  auml: '\u00e4',
};

/** `&aacute;`, `&Uuml;`, `&ccedil;`…: a letter and an accent, composed rather than listed one by one. */
const ACCENTS: Readonly<Record<string, string>> = {
  acute: '\u0301',
  grave: '\u0300',
  circ: '\u0302',
  uml: '\u0308',
  tilde: '\u0303',
  cedil: '\u0327',
  ring: '\u030a',
  caron: '\u030c',
};
const LETTER_ENTITIES: Readonly<Record<string, string>> = {
  szlig: '\u00df',
  aelig: '\u00e6',
  AElig: '\u00c6',
  oslash: '\u00f8',
  Oslash: '\u00d8',
  eth: '\u00f0',
  thorn: '\u00fe',
  oelig: '\u0153',
};

function accentedLetter(name: string): string | undefined {
  const direct = LETTER_ENTITIES[name];
  if (direct) return direct;
  const match = /^([A-Za-z])(acute|grave|circ|uml|tilde|cedil|ring|caron)$/.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  const composed = `${match[1]}${ACCENTS[match[2]] ?? ''}`.normalize('NFC');
  return composed.length === 1 ? composed : undefined;
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return accentedLetter(body) ?? NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Drops HTML tags that sources leave in abstracts (`<h4>Background</h4>`), keeping a space where blocks met. */
export function stripTags(text: string): string {
  return text
    .replace(/<\/?(?:h\d|p|br|div|li|ul|ol|sec|title)\b[^>]*>/gi, ' ')
    .replace(/<\/?(?:i|b|em|strong|sup|sub|span|a|u|jats:[a-z]+)\b[^>]*>/gi, '');
}

/** One line of readable text: entities decoded, tags dropped, every kind of space folded to one. */
export function cleanText(text: string): string {
  return stripTags(decodeEntities(text))
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

/** Lowercased, accents removed, punctuation to spaces: for identity hashes and phrase matching. */
export function foldForMatching(text: string): string {
  return cleanText(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
