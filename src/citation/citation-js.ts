/**
 * The one place citation-js is set up: the core with the BibTeX, RIS and CSL plugins
 * registered (importing a plugin registers it with the core). Loaded on first use, so
 * a bot that never cites pays nothing for it at start-up.
 */
import type { CslItem } from './csl.ts';

export type CitationStyle = 'bibtex' | 'ris' | 'apa' | 'vancouver';

export const CITATION_STYLES: readonly CitationStyle[] = ['apa', 'vancouver', 'bibtex', 'ris'];

interface CiteModule {
  readonly Cite: typeof import('@citation-js/core').Cite;
}

let loading: Promise<CiteModule> | undefined;

export function loadCitationJs(): Promise<CiteModule> {
  loading ??= (async () => {
    const core = await import('@citation-js/core');
    await Promise.all([import('@citation-js/plugin-bibtex'), import('@citation-js/plugin-ris'), import('@citation-js/plugin-csl')]);
    return { Cite: core.Cite };
  })();
  return loading;
}

/**
 * The items in one style, exactly as citation-js writes it: BibTeX and RIS records, or an
 * APA / Vancouver reference from the CSL styles plugin-csl ships, as plain text.
 */
export async function formatCitation(items: readonly CslItem[], style: CitationStyle): Promise<string> {
  const { Cite } = await loadCitationJs();
  const cite = new Cite(items);
  const text = style === 'bibtex' || style === 'ris' ? cite.format(style) : cite.format('bibliography', { template: style, format: 'text', lang: 'en-US' });
  return text.trim();
}
