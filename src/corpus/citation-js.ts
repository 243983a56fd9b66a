import { logger, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { SYMBOLS } from './tex-text.ts';

/**
 * The one place the corpus reads through citation-js: BibTeX and RIS text to CSL-JSON items,
 * and CSL-JSON items corrected the library's way. Every call gives one record's worth of text,
 * so a malformed record fails alone; errors are thrown, never logged.
 */

/**
 * The symbols front-matter pages need (tex-text.ts) are the ones exports need too; they go into
 * the BibTeX plugin's own command table (its documented extension point), with the spacing
 * commands (`\\`, `\,`) that break a title across lines in a `.bib`.
 */
const SPACING_COMMANDS: Readonly<Record<string, string>> = { '\\': ' ', ',': ' ', ';': ' ', ':': ' ', '!': '', '': ' ' };

let configured = false;

function configure(): void {
  if (configured) return;
  configured = true;
  // The library keeps every message it logs in an array; silent, and emptied after each call.
  logger.level = 'silent';
  const bibtexConfig = plugins.config.get('@bibtex') as { constants?: { commands?: Record<string, string> } } | undefined;
  const commands = bibtexConfig?.constants?.commands;
  if (commands) for (const [name, text] of Object.entries({ ...SYMBOLS, ...SPACING_COMMANDS })) commands[name] ??= text;
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
