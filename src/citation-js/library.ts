/**
 * The one place citation-js is set up, for reading (the corpus: BibTeX, RIS, CSL-JSON, TeX in
 * titles) and for writing (Cite: APA, Vancouver, BibTeX, RIS). Importing a plugin registers it
 * with the core. The readers' plugins load with the corpus; the CSL plugin (citeproc and its
 * styles) only when something writes a citation, so `paperbot check` never pays for it.
 */
import { Cite, logger, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';

/** citation-js's plugin registry: the readers (`input.chain`, `input.util`) and their configuration. */
export type CitationPlugins = typeof plugins;

let silenced = false;

/**
 * Runs `read` with citation-js's plugins. The library logs, and keeps in an array for ever, a
 * message for every odd construct it meets: it is silenced, and the array emptied after each
 * call, since a corpus reports its own problems.
 */
export function withCitationJs<T>(read: (plugins: CitationPlugins) => T): T {
  if (!silenced) {
    logger.level = 'silent';
    silenced = true;
  }
  try {
    return read(plugins);
  } finally {
    if (Array.isArray(logger._log)) logger._log.length = 0;
  }
}

/** Adds TeX commands (name → text) to the BibTeX plugin's own table, its documented extension point; known ones are kept. */
export function addBibtexCommands(commands: Readonly<Record<string, string>>): void {
  const config = plugins.config.get('@bibtex') as { constants?: { commands?: Record<string, string> } } | undefined;
  const table = config?.constants?.commands;
  if (table) for (const [name, text] of Object.entries(commands)) table[name] ??= text;
}

let writer: Promise<{ readonly Cite: typeof Cite }> | undefined;

/** citation-js with the CSL plugin registered too: what writes references in a style. Loaded once. */
export function loadCitationWriter(): Promise<{ readonly Cite: typeof Cite }> {
  writer ??= import('@citation-js/plugin-csl').then(() => ({ Cite }));
  return writer;
}

/** Every command name the BibTeX plugin turns into text or formatting, so the corpus knows which it would lose. */
export function bibtexCommandNames(): ReadonlySet<string> {
  const config = plugins.config.get('@bibtex') as { constants?: Record<string, unknown> } | undefined;
  const constants = config?.constants ?? {};
  const tables = [
    'commands',
    'formattingCommands',
    'formattingEnvs',
    'mathCommands',
    'diacritics',
    'argumentCommands',
    'mathScriptFormatting',
  ];
  return new Set(
    tables.flatMap((table) => {
      const value = constants[table];
      return typeof value === 'object' && value !== null ? Object.keys(value) : [];
    }),
  );
}
