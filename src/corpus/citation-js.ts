import { logger, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';

/**
 * The one place the corpus reads through citation-js: BibTeX and RIS text to CSL-JSON items,
 * and CSL-JSON items corrected the library's way. Every call gives one record's worth of text,
 * so a malformed record fails alone; errors are thrown, never logged.
 */

/**
 * TeX that publication lists use and the BibTeX plugin's own table lacks, added to that table
 * (its documented extension point) so that titles read as text rather than as `\pm` or `\LaTeX`.
 */
const EXTRA_TEX_COMMANDS: Readonly<Record<string, string>> = {
  aa: '\u00e5', AA: '\u00c5', pm: '\u00b1', mp: '\u2213', times: '\u00d7', cdot: '\u00b7', circ: '\u00b0', degree: '\u00b0',
  approx: '\u2248', sim: '~', le: '\u2264', leq: '\u2264', ge: '\u2265', geq: '\u2265', ne: '\u2260', neq: '\u2260',
  lt: '<', gt: '>', infty: '\u221e', to: '\u2192', rightarrow: '\u2192', leftarrow: '\u2190', ldots: '\u2026', dots: '\u2026',
  LaTeX: 'LaTeX', TeX: 'TeX', textregistered: '\u00ae', textemdash: '\u2014', textendash: '\u2013',
  // Layout commands: a break in a title is a space in one line of text.
  titlebreak: ' ', newline: ' ', linebreak: ' ', par: ' ', noindent: '', '\\': ' ', ',': ' ', ';': ' ', ':': ' ', '!': '', ' ': ' ',
};

let configured = false;

function configure(): void {
  if (configured) return;
  configured = true;
  // The library keeps every message it logs in an array; silent, and emptied after each call.
  logger.level = 'silent';
  const bibtexConfig = plugins.config.get('@bibtex') as { constants?: { commands?: Record<string, string> } } | undefined;
  const commands = bibtexConfig?.constants?.commands;
  if (commands) for (const [name, text] of Object.entries(EXTRA_TEX_COMMANDS)) commands[name] ??= text;
}

function withLibrary<T>(run: () => T): T {
  configure();
  try {
    return run();
  } finally {
    if (Array.isArray(logger._log)) logger._log.length = 0;
  }
}

/** BibTeX or BibLaTeX text (the biblatex reader also knows `abstract`, `date`, `keywords`) to CSL items. */
export function bibtexToCsl(text: string): unknown[] {
  return withLibrary(() => plugins.input.chain(text, { forceType: '@biblatex/text', target: '@csl/list+object', generateGraph: false, strict: true }));
}

/** One RIS record (`TY  -` to `ER  -`) to CSL items. */
export function risToCsl(text: string): unknown[] {
  return withLibrary(() => plugins.input.chain(text, { forceType: '@ris/file', target: '@csl/list+object', generateGraph: false, strict: true }));
}

/** CSL-JSON items as a file holds them, with wrong types corrected (a name as a string, a number as text). */
export function cleanCsl(items: readonly unknown[]): unknown[] {
  return withLibrary(() => plugins.input.util.clean(items));
}
