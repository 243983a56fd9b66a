import { cleanText } from './text.ts';
import { texToText } from './tex-text.ts';

/**
 * Authors as publication pages write them: a list of names, one string of names joined by `;`,
 * `,`, `&` or `and` (`A. Smith, B. Jones, and C. Lee`; `Smith, J., Jones, B. K., & Lee, C.`;
 * `Smith, John and Doe, Jane`), one name per line, or CSL-style objects (`{given, family}`,
 * `{literal}`, `{name}`). Names are kept as written (first-name-first or last-name-first);
 * markup around them (`**Me**`, `<u>`, `$^*$`, equal-contribution marks) is dropped.
 */
export function readAuthors(value: unknown): string[] {
  const names: string[] = [];
  let visited = 0;
  const walk = (node: unknown, depth: number): void => {
    if (++visited > MAX_AUTHOR_NODES || depth > 4) return;
    if (typeof node === 'string') names.push(...splitAuthorList(node));
    else if (Array.isArray(node)) for (const item of node) walk(item, depth + 1);
    else if (typeof node === 'object' && node !== null && !(node instanceof Date)) {
      const name = nameFromObject(node as Readonly<Record<string, unknown>>);
      if (name) names.push(name);
    }
  };
  walk(value, 0);
  return names;
}

/** A YAML alias bomb in an author list stays cheap: no real paper has more names than this. */
const MAX_AUTHOR_NODES = 5_000;

/** `{given, family}` (CSL, with particles and suffix), `{literal}`, `{name}`, `{first, last}`. */
function nameFromObject(fields: Readonly<Record<string, unknown>>): string | undefined {
  const text = (key: string): string =>
    typeof fields[key] === 'string' || typeof fields[key] === 'number' ? cleanName(String(fields[key])) : '';
  const literal = text('literal') || text('name') || text('display_name') || text('full_name');
  if (literal) return literal;
  const family = [text('non-dropping-particle'), text('family') || text('last') || text('lastname') || text('surname')]
    .filter(Boolean)
    .join(' ');
  const given = [text('given') || text('first') || text('firstname'), text('dropping-particle')]
    .filter(Boolean)
    .join(' ');
  const suffix = text('suffix');
  if (!family) return given || undefined;
  return [given ? `${family}, ${given}` : family, suffix].filter(Boolean).join(', ');
}

/** Splits one author string into display names, keeping each name as the source writes it. */
export function splitAuthorList(text: string): string[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim());
  if (lines.length > 1) return lines.flatMap((line) => splitAuthorList(line));
  const cleaned = cleanName(text)
    .replace(/[,;]?\s*(?:et\.? al\.?|and others)\s*$/i, '')
    .replace(/(\p{Ll}{2})\.$/u, '$1');
  if (!cleaned) return [];
  // An entity the decoder does not know (`&foo;`) keeps its semicolon, which does not separate names.
  const parts = cleaned.split(/(?<!&#?[A-Za-z0-9]{1,8});/);
  // Only a real split recurses: `LH&W; Brunckhorst` has no separator, and splitting it again would never end.
  if (parts.length > 1) return parts.flatMap((part) => splitAuthorList(part.replace(/^\s*(?:and|&)\s+/i, '')));
  const groups = cleaned
    .split(/\s*,?\s+(?:and|&)\s+|\s*,?\s*&\s*/i)
    .map((group) => group.trim())
    .filter(Boolean);
  const groupPieces = groups.map((group) =>
    group
      .split(',')
      .map((piece) => piece.trim())
      .filter(Boolean),
  );
  const pieces = groupPieces.flat();
  // `Zhu R, Yan T` and `A. Smith, B. Jones and C. Lee`: every piece is a whole name.
  if (pieces.every((piece) => piece.includes(' ') || groupPieces.every((group) => group.length === 1))) return pieces;
  // `Leng, Zikuan` or `李, 华`: one name, family name first.
  if (groups.length === 1 && pieces.length === 2) return [pieces.join(', ')];
  // `Smith, John and Doe, Jane` (BibTeX): each group is one family-first name.
  if (groupPieces.every((group) => group.length === 2)) return groupPieces.map((group) => group.join(', '));
  // `Smith, J., Jones, B. K., & Lee, C.` (APA): family names and initials alternate.
  if (pieces.length % 2 === 0 && pieces.every((piece, i) => i % 2 === 0 || GIVEN_NAMES.test(piece))) {
    return pieces.flatMap((piece, i) => (i % 2 === 0 ? [`${piece}, ${pieces[i + 1] ?? ''}`] : []));
  }
  return pieces;
}

/** Given names or initials: `J.`, `B. K.`, `Jean-Luc`, `Mary Ann`. */
const GIVEN_NAMES = /^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}$/u;

/** A name without the markup sites put around it: bold or underlined self, `*`/`†` marks, TeX accents. */
function cleanName(raw: string): string {
  return cleanText(texToText(raw))
    .replace(/\*\*|__|<\/?(?:u|b|strong|em|i)>/gi, '')
    .replace(/(?:\^?[*†‡§¶#]+|\^\{?[\d,*]+\}?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?=\s*(?:[,;&]|$|\s+and\s))/gu, '')
    .replace(/^\s*[*†‡§¶#]+|[*†‡§¶#]+\s*$/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * `Zhu Rongjia R` (BioStudies: family name, given names, initials) becomes `Zhu, Rongjia`,
 * the same shape as the front-matter entries; a name whose initials do not fit is kept as written.
 */
export function nameFromInitialsForm(raw: string): string {
  const tokens = cleanText(raw).split(' ').filter(Boolean);
  const initials = tokens.at(-1);
  if (tokens.length < 3 || !initials || !/^\p{Lu}{1,5}$/u.test(initials)) return tokens.join(' ');
  let collected = '';
  let givenStart = tokens.length - 1;
  for (let i = tokens.length - 2; i >= 1; i--) {
    const token = tokens[i] ?? '';
    const tokenInitials = token
      .split('-')
      .map((part) => part.charAt(0).toUpperCase())
      .join('');
    const candidate = tokenInitials + collected;
    if (!initials.endsWith(candidate)) break;
    collected = candidate;
    givenStart = i;
    if (collected === initials) break;
  }
  if (collected !== initials) return tokens.slice(0, -1).join(' ');
  return `${tokens.slice(0, givenStart).join(' ')}, ${tokens.slice(givenStart, -1).join(' ')}`;
}
