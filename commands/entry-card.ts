import type { Entry } from '../src/corpus/entry.ts';
import type { Action, Card, Field, RichText } from '../src/reply.ts';
import type { ActionCodec } from '../src/actions.ts';

const AUTHORS_SHOWN = 3;

/** `Leng Z, Zhu R, Hou W et al. (38)` — enough to recognise a paper. */
export function authorLine(entry: Entry): string {
  if (!entry.authors.length) return '';
  const shown = entry.authors.slice(0, AUTHORS_SHOWN).join('; ');
  return entry.authors.length > AUTHORS_SHOWN ? `${shown} et al. (${entry.authors.length} authors)` : shown;
}

/** What a user types to name this entry again: the accession or DOI, else the key. */
export function entryRef(entry: Entry): string {
  return entry.accession ?? entry.doi ?? entry.key;
}

export function subtitleOf(entry: Entry): string {
  return [authorLine(entry), entry.journal, entry.year ? String(entry.year) : undefined].filter(Boolean).join(' · ');
}

export function entryFields(entry: Entry): Field[] {
  const fields: Field[] = [{ name: 'Kind', value: entry.kind, inline: true }];
  if (entry.doi) fields.push({ name: 'DOI', value: entry.doi, inline: true });
  if (entry.accession) fields.push({ name: 'Accession', value: entry.accession, inline: true });
  if (entry.repository) fields.push({ name: 'Repository', value: entry.repository, inline: true });
  return fields;
}

export function entryActions(entry: Entry, codec: ActionCodec, include: readonly ('summary' | 'similar')[] = ['summary', 'similar']): Action[] {
  const actions: Action[] = [];
  if (include.includes('summary')) actions.push({ id: codec.encode({ command: 'paper-summary', args: { entry: entry.key } }), label: 'Summary' });
  if (include.includes('similar')) actions.push({ id: codec.encode({ command: 'paper-similar', args: { entry: entry.key } }), label: 'Similar' });
  return actions;
}

export function entryCard(entry: Entry, body: RichText, codec: ActionCodec, include?: readonly ('summary' | 'similar')[]): Card {
  return {
    title: entry.title,
    url: entry.link,
    subtitle: subtitleOf(entry),
    body,
    fields: entryFields(entry),
    footer: `ref ${entryRef(entry)}`,
    actions: entryActions(entry, codec, include),
  };
}
