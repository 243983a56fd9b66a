import type { Entry } from '../corpus/entry.ts';
import type { Action, Card, Field, RichText } from '../reply.ts';
import type { ActionEncoder } from '../command-types.ts';

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

/**
 * The entry's own summary, else its abstract, as one line of at most `length` characters: cut
 * at a word where one ends in the second half, and marked with an ellipsis.
 */
export function entryOpening(entry: Entry, length: number): string {
  const clean = (entry.summary ?? entry.abstract ?? '').replace(/\s+/g, ' ').trim();
  if (clean.length <= length) return clean;
  const wordEnd = clean.lastIndexOf(' ', length - 1);
  return `${clean.slice(0, wordEnd > length / 2 ? wordEnd : length - 1).trimEnd()}…`;
}

export function subtitleOf(entry: Entry): string {
  return [authorLine(entry), entry.journal, entry.year ? String(entry.year) : undefined].filter(Boolean).join(' · ');
}

export function entryFields(entry: Entry): Field[] {
  const fields: Field[] = [{ name: 'Kind', value: entry.kind, inline: true }];
  if (entry.doi) fields.push({ name: 'DOI', value: entry.doi, inline: true });
  if (entry.accession) fields.push({ name: 'Accession', value: entry.accession, inline: true });
  if (entry.pmid) fields.push({ name: 'PMID', value: entry.pmid, inline: true });
  if (entry.repository) fields.push({ name: 'Repository', value: entry.repository, inline: true });
  return fields;
}

/** The buttons an entry card can carry, in the order they appear; each runs a command on the entry. */
export type CardButton = 'summary' | 'similar' | 'cite' | 'discuss';

const CARD_BUTTONS: Readonly<Record<CardButton, { readonly command: string; readonly label: string }>> = {
  summary: { command: 'paper-summary', label: 'Summary' },
  similar: { command: 'paper-similar', label: 'Similar' },
  cite: { command: 'paper-cite', label: 'Cite' },
  discuss: { command: 'paper-discuss', label: 'Discuss' },
};

/** Every card button. Discord fits five cards of up to four buttons, plus a row of the reply's own (render). */
export const ALL_CARD_BUTTONS: readonly CardButton[] = ['summary', 'similar', 'cite', 'discuss'];

/** `omit` leaves out the buttons that would repeat what the card already shows (Summary on a summary). */
export function entryActions(entry: Entry, codec: ActionEncoder, omit: readonly CardButton[] = []): Action[] {
  return ALL_CARD_BUTTONS.filter((button) => !omit.includes(button)).map((button) => ({
    id: codec.encode({ command: CARD_BUTTONS[button].command, args: { entry: entry.key } }),
    label: CARD_BUTTONS[button].label,
  }));
}

export function entryCard(entry: Entry, body: RichText, codec: ActionEncoder, omit?: readonly CardButton[]): Card {
  return {
    title: entry.title,
    url: entry.link,
    subtitle: subtitleOf(entry),
    body,
    fields: entryFields(entry),
    footer: `ref ${entryRef(entry)}`,
    actions: entryActions(entry, codec, omit),
  };
}
