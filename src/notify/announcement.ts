import type { Entry } from '../corpus/entry.ts';
import { ActionCodec } from '../actions.ts';
import { fallbackText, plain, type Action, type Card, type Reply } from '../reply.ts';
import { entryActions, entryCard, entryOpening, entryRef, subtitleOf } from '../cards/entry-card.ts';

/** More new entries than this for one channel in one batch become a single digest. */
export const DEFAULT_DIGEST_THRESHOLD = 5;
/** Cards a digest shows before "and K more"; the renderers trim further to each platform's limits. */
export const DIGEST_CARDS = 8;
const BODY_LENGTH = 300;
const DIGEST_BODY_LENGTH = 140;

/**
 * Buttons on a notification must work days later, after restarts, so only ids that carry
 * their whole invocation are kept; one that needs the codec's short-lived memory is dropped.
 */
function durableActions(entry: Entry): Action[] {
  const codec = new ActionCodec();
  return entryActions(entry, codec).filter((action) => new ActionCodec().decode(action.id).kind === 'ok');
}

function because(queries: readonly string[]): string {
  const named = queries.filter(Boolean);
  if (!named.length || named.length < queries.length) return 'This channel is subscribed to every new entry.';
  return `Matches this channel's subscription ${named.map((query) => `"${query}"`).join(', ')}.`;
}

/** One new entry, as a card like a search result's, with its Summary / Similar buttons. */
export function entryAnnouncement(entry: Entry, matchedQueries: readonly string[]): Reply {
  const heading = `New ${entry.kind}: ${entry.title}`.slice(0, 240);
  const text = plain(because(matchedQueries));
  const base = entryCard(entry, plain(entryOpening(entry, BODY_LENGTH)), new ActionCodec());
  const card: Card = {
    ...base,
    ...(entry.addedBy ? { footer: `${base.footer ? `${base.footer} · ` : ''}${addedByText(entry.addedBy)}` } : {}),
    actions: durableActions(entry),
  };
  return {
    tone: 'result',
    heading,
    text,
    cards: [card],
    actions: [],
    ephemeral: false,
    fallback: fallbackText({ heading, text, cards: [card] }),
  };
}

/** Many new entries at once (a bulk import): one message with the first few and a count of the rest. */
export function digestAnnouncement(entries: readonly Entry[], matchedQueries: readonly string[]): Reply {
  const shown = entries.slice(0, DIGEST_CARDS);
  const rest = entries.length - shown.length;
  const heading = `${entries.length} new entries`;
  const list =
    rest > 0
      ? `The first ${shown.length} are below, and ${rest} more; search with /paper to find them.`
      : 'They are below.';
  const text = plain(`${because(matchedQueries)} ${list}`);
  const cards: Card[] = shown.map((entry) => ({
    title: entry.title,
    url: entry.link,
    subtitle: subtitleOf(entry),
    body: plain(entryOpening(entry, DIGEST_BODY_LENGTH)),
    footer: `${entry.kind} · ref ${entryRef(entry)}${entry.addedBy ? ` · ${addedByText(entry.addedBy)}` : ''}`,
  }));
  return {
    tone: 'result',
    heading,
    text,
    cards,
    actions: [],
    ephemeral: false,
    fallback: fallbackText({ heading, text, cards }),
  };
}

/** Who added the entry, where its source knows (a commit's author); corpus text, so kept short. */
function addedByText(name: string): string {
  return `Added by ${name.replace(/\s+/g, ' ').trim().slice(0, 80)}`;
}
