import type { Entry } from '../src/corpus/entry.ts';
import { UserError } from '../src/errors.ts';
import { parseReference, resolveReference } from '../src/search/references.ts';
import type { CommandArgs, CommandContext } from '../src/command-types.ts';

/** The entry an `entry` option names, or a user error that says what to type instead. */
export async function resolveEntryArg(args: CommandArgs, context: CommandContext, usage: string): Promise<Entry> {
  const text = String(args.entry ?? '').trim();
  if (!text) throw new UserError(`Name an entry by accession, DOI or title words, for example \`${usage}\`.`);
  const entry = await resolveReference(context.search, text.slice(0, 500), context.pmids);
  if (!entry) {
    const shown = text.length > 60 ? `${text.slice(0, 59)}…` : text;
    const reference = parseReference(text.slice(0, 500));
    if (reference.kind === 'keys' && reference.pmid) {
      throw new UserError(
        `No entry in the corpus has PubMed id ${reference.pmid} ("${shown}"). Search with /paper first, or use its DOI.`,
      );
    }
    throw new UserError(
      `No entry matches "${shown}". Search with /paper first, or use an accession such as S-EPMC8546390 or a DOI.`,
    );
  }
  return entry;
}
