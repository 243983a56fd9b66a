import { bibtexCommandNames, withCitationJs } from '../citation-js/library.ts';

/**
 * TeX in titles and abstracts (`$\beta$`, `\emph{…}`, `{\"o}`, `CO$_2$`) as readable text.
 * citation-js's BibTeX value parser does the TeX (accents, formatting, math scripts, Greek);
 * this file only adds the symbols publication pages use that its tables lack, and drops what is
 * left of a command it did not know, so no `\foo` reaches a card.
 */

/** Only text that looks like TeX goes through the parser: a price like `$5 and $10` is left alone. */
const LOOKS_LIKE_TEX = /\\[A-Za-z"'`^~=.,&%$#_{}]|\$[^$\n]*[\\^_][^$\n]*\$|\{\p{Lu}[^{}\s]*\}/u;

/** Commands publication pages use that the BibTeX plugin's tables do not turn into text. */
export const SYMBOLS: Readonly<Record<string, string>> = {
  ell: '\u2113',
  pm: '\u00b1',
  mp: '\u2213',
  times: '\u00d7',
  cdot: '\u00b7',
  approx: '\u2248',
  sim: '~',
  simeq: '\u2243',
  le: '\u2264',
  leq: '\u2264',
  ge: '\u2265',
  geq: '\u2265',
  ne: '\u2260',
  neq: '\u2260',
  ll: '\u226a',
  gg: '\u226b',
  infty: '\u221e',
  to: '\u2192',
  rightarrow: '\u2192',
  leftarrow: '\u2190',
  Rightarrow: '\u21d2',
  leftrightarrow: '\u2194',
  ldots: '\u2026',
  dots: '\u2026',
  cdots: '\u22ef',
  in: '\u2208',
  notin: '\u2209',
  subset: '\u2282',
  cup: '\u222a',
  cap: '\u2229',
  forall: '\u2200',
  exists: '\u2203',
  partial: '\u2202',
  nabla: '\u2207',
  sum: '\u2211',
  prod: '\u220f',
  int: '\u222b',
  propto: '\u221d',
  circ: '\u00b0',
  degree: '\u00b0',
  prime: '\u2032',
  star: '\u22c6',
  ast: '*',
  vert: '|',
  mid: '|',
  langle: '\u27e8',
  rangle: '\u27e9',
  lbrace: '{',
  rbrace: '}',
  backslash: '\\',
  hbar: '\u210f',
  emptyset: '\u2205',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  BibTeX: 'BibTeX',
  aa: '\u00e5',
  AA: '\u00c5',
  // Operator names are words, followed by a space so `\log n` stays two words.
  log: 'log ',
  ln: 'ln ',
  exp: 'exp ',
  sin: 'sin ',
  cos: 'cos ',
  tan: 'tan ',
  max: 'max ',
  min: 'min ',
  arg: 'arg ',
  det: 'det ',
  lim: 'lim ',
  sup: 'sup ',
  inf: 'inf ',
  Pr: 'Pr ',
  argmax: 'argmax ',
  argmin: 'argmin ',
  // Layout: a break in a title is a space in one line of text.
  titlebreak: ' ',
  newline: ' ',
  linebreak: ' ',
  par: ' ',
  quad: ' ',
  qquad: ' ',
  noindent: '',
  hfill: ' ',
  smallskip: ' ',
};
/** Commands whose argument is the text to keep (`\mathcal{O}` is O), or to drop with them (`\cite{…}`). */
const KEEP_ARGUMENT =
  /\\(?:math(?:cal|rm|bf|it|sf|tt|bb|frak|scr)|operatorname|text(?:rm|normal|up|sf|tt)?|mbox|hbox|boldsymbol|bm)\s*\{([^{}]*)\}/g;
const DROP_WITH_ARGUMENT =
  /\\(?:cite[pt]?|citep|citet|ref|eqref|label|footnote|thanks|index|vspace|hspace)\*?\s*(?:\[[^\]]*\])?\{[^{}]*\}/g;

export function looksLikeTex(text: string): boolean {
  return LOOKS_LIKE_TEX.test(text);
}

/** Readable text for TeX; text without TeX comes back unchanged. */
export function texToText(text: string): string {
  if (!looksLikeTex(text)) return text;
  const prepared = dropUnknownTexCommands(protectDollars(text))
    .replace(DROP_WITH_ARGUMENT, '')
    .replace(KEEP_ARGUMENT, '$1')
    .replace(/\\sqrt\s*\{([^{}]*)\}/g, '\u221a$1')
    .replace(/\\([A-Za-z]+)(?![A-Za-z])\s?/g, (whole, name: string) => SYMBOLS[name] ?? whole);
  const parsed = parseWithCitationJs(prepared) ?? prepared;
  // `{\"\i}` gives a dotless i with a diaeresis, which has no composed form of its own.
  return dropUnknownCommands(parsed)
    .replace(/\u0131(?=[\u0300-\u036f])/g, 'i')
    .replace(/\u0237(?=[\u0300-\u036f])/g, 'j')
    .normalize('NFC');
}

/** Commands this file handles itself, beside the symbols and the BibTeX plugin's tables. */
const OWN_COMMANDS = [
  ...['cal', 'rm', 'bf', 'it', 'sf', 'tt', 'bb', 'frak', 'scr'].map((style) => `math${style}`),
  ...['text', 'textrm', 'textnormal', 'textup', 'textsf', 'texttt', 'operatorname', 'mbox', 'hbox', 'boldsymbol', 'bm'],
  ...['cite', 'citep', 'citet', 'ref', 'eqref', 'label', 'footnote', 'thanks', 'index', 'vspace', 'hspace'],
  ...['sqrt', 'begin', 'end'],
];
let known: ReadonlySet<string> | undefined;

function knownCommands(): ReadonlySet<string> {
  known ??= new Set([...bibtexCommandNames(), ...Object.keys(SYMBOLS), ...OWN_COMMANDS]);
  return known;
}

/** Formatting whose argument is the text, kept as plain text without a word in `check`. */
const PLAIN_FORMATTING = new Set([
  'underline',
  'uline',
  'uppercase',
  'lowercase',
  'MakeUppercase',
  'MakeLowercase',
  'NoCaseChange',
  'ensuremath',
]);

/** `\foo` (letters) that neither the BibTeX plugin nor this file turns into text; `check` names them. */
export function unknownTexCommands(text: string): string[] {
  if (!text.includes('\\')) return [];
  const names = new Set<string>();
  for (const match of text.matchAll(/(?<!\\)\\([A-Za-z]+)/g)) {
    const name = match[1] ?? '';
    if (!knownCommands().has(name) && !PLAIN_FORMATTING.has(name)) names.add(name);
  }
  return [...names];
}

/**
 * An unknown command keeps its argument (`\underline{S}ensor` is "Sensor") and, without one, goes
 * alone (`a \foo model` is "a model"): the BibTeX plugin would glue the two (`\underlineSensor`),
 * and the rest of the word would be dropped with it.
 */
export function dropUnknownTexCommands(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/(?<!\\)\\([A-Za-z]+)\*?(\s*\{|[ \t]?)/g, (whole, name: string, after: string) =>
    knownCommands().has(name) ? whole : after.includes('{') ? '{' : '',
  );
}

/**
 * `$` that does not open TeX math stays a dollar sign: a pair with no TeX between (`$5 and $10`)
 * and a last unpaired one (`costing $5.`).
 */
function protectDollars(text: string): string {
  const paired = text.replace(/(?<!\\)\$([^$]*)(?<!\\)\$/g, (whole, inner: string) =>
    /[\\^_{}]/.test(inner) ? whole : `\\$${inner}\\$`,
  );
  const loose = [...paired.matchAll(/(?<!\\)\$/g)];
  const last = loose.at(-1);
  if (loose.length % 2 === 0 || last?.index === undefined) return paired;
  return `${paired.slice(0, last.index)}\\$${paired.slice(last.index + 1)}`;
}

/** The BibTeX plugin reads a field's TeX into text (with `<i>`-style markup the caller strips). */
function parseWithCitationJs(text: string): string | undefined {
  if (!balancedBraces(text)) return undefined;
  try {
    const items = withCitationJs((plugins) =>
      plugins.input.chain(`@misc{tex, title = {${text}}}`, { forceType: '@bibtex/text', generateGraph: false }),
    );
    const title = (items[0] as { title?: unknown } | undefined)?.title;
    return typeof title === 'string' ? title : undefined;
  } catch {
    return undefined;
  }
}

/** `\foo{bar}` the tables did not know: the argument is kept, the command and stray `$` dropped. */
export function dropUnknownCommands(text: string): string {
  return text
    .replace(/\\[A-Za-z]+\*?\s*/g, '')
    .replace(/\\([^A-Za-z\s])/g, '$1')
    .replace(/(?<!\d)\$(?!\d)/g, '')
    .replace(/[{}]/g, '');
}

function balancedBraces(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '{') depth++;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Each unknown command of a text with the 1-based line it first appears on, for `check`. */
export function unknownTexCommandLines(text: string): { readonly name: string; readonly line: number }[] {
  return unknownTexCommands(text).map((name) => {
    const at = new RegExp(`\\\\${name}(?![A-Za-z])`).exec(text)?.index ?? 0;
    return { name, line: text.slice(0, at).split('\n').length };
  });
}

/** The warning `check` gives for an unknown command. */
export function unknownTexCommandReason(name: string): string {
  return `unknown TeX command \\${name} dropped (its argument, if any, is kept as text)`;
}
