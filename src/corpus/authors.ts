import { cleanText } from './text.ts';

/**
 * Splits one author string into display names. Sources write `Last, First; Last, First`,
 * `Last F, Last F` (Europe PMC), one name per list item, or one name per line (a YAML `|` block).
 */
export function splitAuthorList(text: string): string[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim());
  if (lines.length > 1) return lines.flatMap((line) => splitAuthorList(line));
  const cleaned = cleanText(text).replace(/\.$/, '');
  if (!cleaned) return [];
  // An entity the decoder does not know (`&foo;`) keeps its semicolon, which does not separate names.
  if (cleaned.includes(';')) return cleaned.split(/(?<!&#?[A-Za-z0-9]{1,8});/).map((name) => name.trim()).filter(Boolean);
  const commaParts = cleaned.split(',').map((part) => part.trim()).filter(Boolean);
  // `Zhu R, Yan T, Feng Y` — every part ends in initials — is a list; `Leng, Zikuan` is one name.
  if (commaParts.length > 1 && commaParts.every((part) => /^\S.*\s\p{Lu}{1,4}$/u.test(part))) return commaParts;
  return [cleaned];
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
    const tokenInitials = token.split('-').map((part) => part.charAt(0).toUpperCase()).join('');
    const candidate = tokenInitials + collected;
    if (!initials.endsWith(candidate)) break;
    collected = candidate;
    givenStart = i;
    if (collected === initials) break;
  }
  if (collected !== initials) return tokens.slice(0, -1).join(' ');
  return `${tokens.slice(0, givenStart).join(' ')}, ${tokens.slice(givenStart, -1).join(' ')}`;
}
