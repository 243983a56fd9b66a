import { addBibtexCommands, withCitationJs, type CitationPlugins } from '../citation-js/library.ts';
import { SYMBOLS, dropUnknownTexCommands } from './tex-text.ts';

/**
 * Where the corpus reads exports through citation-js (set up in citation-js/library.ts): BibTeX and
 * RIS text to CSL-JSON items, and CSL-JSON items corrected the library's way. Every call gives
 * one record's worth of text, so a malformed record fails alone; errors are thrown, never logged.
 */

/**
 * The symbols front-matter pages need (tex-text.ts) are the ones exports need too; they go into
 * the BibTeX plugin's own command table (its documented extension point), with the spacing
 * commands (`\\`, `\,`) that break a title across lines in a `.bib`.
 */
const SPACING_COMMANDS: Readonly<Record<string, string>> = {
  '\\': ' ',
  ',': ' ',
  ';': ' ',
  ':': ' ',
  '!': '',
  '': ' ',
};

let configured = false;

function withLibrary<T>(read: (plugins: CitationPlugins) => T): T {
  if (!configured) {
    addBibtexCommands({ ...SYMBOLS, ...SPACING_COMMANDS });
    configured = true;
  }
  return withCitationJs(read);
}

/** BibTeX or BibLaTeX text (the biblatex reader also knows `abstract`, `date`, `keywords`) to CSL items. */
export function bibtexToCsl(text: string): unknown[] {
  return withLibrary((plugins) =>
    // The plugin glues an unknown command to its argument (`\underline{S}ensor` to `\underlineSensor`).
    plugins.input.chain(dropUnknownTexCommands(text), {
      forceType: '@biblatex/text',
      target: '@csl/list+object',
      generateGraph: false,
      strict: true,
    }),
  );
}

/** One RIS record (`TY  -` to `ER  -`) to CSL items. */
export function risToCsl(text: string): unknown[] {
  return withLibrary((plugins) =>
    plugins.input.chain(text, {
      forceType: '@ris/file',
      target: '@csl/list+object',
      generateGraph: false,
      strict: true,
    }),
  );
}

/** CSL-JSON items as a file holds them, with wrong types corrected (a name as a string, a number as text). */
export function cleanCsl(items: readonly unknown[]): unknown[] {
  return withLibrary((plugins) => plugins.input.util.clean(items));
}
