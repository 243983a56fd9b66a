import type { CommandDefinition } from '../src/command-types.ts';
import type { Entry } from '../src/corpus/entry.ts';
import { fallbackText, type Card, type RichText, type Reply } from '../src/reply.ts';
import { accessionUrl, doiUrl, extractDoi, isAccession } from '../src/corpus/identity.ts';
import { parseReference, resolveReference } from '../src/search/references.ts';
import { makeSnippet } from '../src/search/snippet.ts';
import { entryCard, entryRef } from '../src/cards/entry-card.ts';
import { resolveEntryArg } from './resolve-entry.ts';

const COMPUTED_SIMILAR = 5;
const LISTED_SHOWN = 15;

export const paperSimilar: CommandDefinition = {
  name: 'paper-similar',
  description: 'Papers and datasets similar to one entry',
  textName: 'similar',
  example: '/paper similar 10.14336/AD.2020.0228',
  options: [
    {
      name: 'entry',
      description: 'Accession, DOI or title words',
      type: 'string',
      required: true,
      autocomplete: 'entry',
    },
  ],
  handler: async (args, context): Promise<Reply> => {
    const entry = await resolveEntryArg(args, context, '/paper similar S-EPMC8546390');
    const cards: Card[] = [];
    const listedInCorpus = new Set<string>();
    const listed = entry.similar.filter((ref) => !namesEntry(ref, entry));
    if (listed.length) {
      const shown = listed.slice(0, LISTED_SHOWN);
      // Only identifiers are looked up: a listed title must not fuzzy-match some other entry.
      const found = await Promise.all(
        shown.map((ref) =>
          parseReference(ref).kind === 'keys' ? resolveReference(context.search, ref, context.pmids) : undefined,
        ),
      );
      const lines: RichText[] = shown.map((ref, i) => {
        const known = found[i];
        if (known && known.key !== entry.key) listedInCorpus.add(known.key);
        if (known && known.key !== entry.key)
          return [{ text: known.title, url: known.link }, { text: ` (${entryRef(known)}, in this corpus)` }];
        const doi = isAccession(ref) ? undefined : extractDoi(ref);
        const url = isAccession(ref) ? accessionUrl(ref) : doi ? doiUrl(doi) : undefined;
        return url ? [{ text: ref, url }, { text: ' (public page)' }] : [{ text: ref }];
      });
      const more = listed.length > LISTED_SHOWN ? [{ text: `\n… and ${listed.length - LISTED_SHOWN} more` }] : [];
      cards.push({
        title: `Listed as similar by the source (${listed.length})`,
        body: [...lines.flatMap((line, index) => (index ? [{ text: '\n' }, ...line] : line)), ...more],
      });
    }
    // An entry the source already listed is not repeated among the computed ones.
    const computed = (await context.search.similar(entry, COMPUTED_SIMILAR + listedInCorpus.size))
      .filter((hit) => !listedInCorpus.has(hit.entry.key))
      .slice(0, COMPUTED_SIMILAR);
    for (const hit of computed)
      cards.push(
        entryCard(hit.entry, makeSnippet(hit.entry.abstract ?? hit.entry.summary ?? '', hit.terms), context.actions),
      );
    const heading = `Similar to: ${entry.title}`;
    if (!cards.length) {
      const text = 'Nothing similar found in this corpus yet.';
      return {
        tone: 'notice',
        heading,
        text: [{ text }],
        cards: [],
        actions: [],
        ephemeral: true,
        fallback: `${heading}\n${text}`,
      };
    }
    return {
      tone: 'result',
      heading,
      cards,
      actions: [],
      ephemeral: false,
      fallback: fallbackText({ heading, cards }),
    };
  },
};

/** A source may list itself among its similar datasets; that line says nothing. */
function namesEntry(ref: string, entry: Entry): boolean {
  if (entry.accession && ref.trim().toUpperCase() === entry.accession) return true;
  const doi = extractDoi(ref);
  return doi !== undefined && entry.doi !== undefined && doi.toLowerCase() === entry.doi.toLowerCase();
}
