import type { Entry } from '../src/corpus/entry.ts';
import { CITATION_STYLES, citeEntry, type CitationStyle } from '../src/citation/citation-js.ts';
import { fallbackText, type Attachment, type Card, type Reply } from '../src/reply.ts';
import type { CommandArgs, CommandContext, CommandDefinition } from '../src/command-types.ts';
import { entryRef } from '../src/cards/entry-card.ts';
import { resolveEntryArg } from './resolve-entry.ts';

const STYLE_INFO: Readonly<
  Record<CitationStyle, { label: string; record: boolean; extension: string; contentType: Attachment['contentType'] }>
> = {
  apa: { label: 'APA', record: false, extension: 'txt', contentType: 'text/plain' },
  vancouver: { label: 'Vancouver', record: false, extension: 'txt', contentType: 'text/plain' },
  bibtex: { label: 'BibTeX', record: true, extension: 'bib', contentType: 'application/x-bibtex' },
  ris: { label: 'RIS', record: true, extension: 'ris', contentType: 'application/x-research-info-systems' },
};

/**
 * Longest citation shown inline. One style alone fits every platform's text block (Slack's
 * section is 3 000 characters); four at once share one message, so each gets less. A longer
 * one (a consortium's author list) goes as a file and the card shows its beginning.
 */
export const INLINE_CITATION_ALONE = 2_800;
export const INLINE_CITATION_OF_FOUR = 1_500;
const PREVIEW_LENGTH = 600;

export const paperCite: CommandDefinition = {
  name: 'paper-cite',
  description: 'Cite a paper or dataset: BibTeX, RIS, APA or Vancouver',
  textName: 'cite',
  example: '/paper cite S-EPMC8546390 bibtex',
  options: [
    {
      name: 'entry',
      description: 'Accession, DOI or title words',
      type: 'string',
      required: true,
      autocomplete: 'entry',
    },
    {
      name: 'style',
      description: 'One style; all four when left out',
      type: 'string',
      required: false,
      choices: CITATION_STYLES.map((style) => ({ name: STYLE_INFO[style].label, value: style })),
    },
  ],
  handler: citeHandler,
};

async function citeHandler(args: CommandArgs, context: CommandContext): Promise<Reply> {
  const { entryText, style } = splitStyle(args);
  const entry = await resolveEntryArg({ ...args, entry: entryText }, context, paperCite.example);
  const styles = style ? [style] : CITATION_STYLES;
  const limit = styles.length === 1 ? INLINE_CITATION_ALONE : INLINE_CITATION_OF_FOUR;
  const cards: Card[] = [];
  const attachments: Attachment[] = [];
  // The styles are written at once, on the citation threads the pool has free.
  const written = await Promise.all(styles.map((each) => citeEntry(entry, each)));
  for (const [i, each] of styles.entries()) {
    const { text, omitted } = written[i] ?? { text: '', omitted: 0 };
    const info = STYLE_INFO[each];
    const long = text.length > limit;
    const file = long ? attachmentFor(entry, each, text) : undefined;
    if (file) attachments.push(file);
    const shown = long ? `${text.slice(0, PREVIEW_LENGTH).trimEnd()}\n…` : text;
    const notes = [
      ...(file ? [`${text.length} characters: the whole ${info.label} is in the attached ${file.name}`] : []),
      ...(omitted ? [`the first ${entry.authors.length - omitted} of ${entry.authors.length} authors are named`] : []),
    ];
    cards.push({
      title: info.label,
      body: [{ text: shown, code: info.record }],
      footer: notes.length ? notes.join('; ') : undefined,
      ...(file ? { attachedFile: file.name } : {}),
    });
  }
  const heading = `Cite: ${entry.title.length > 200 ? `${entry.title.slice(0, 199)}…` : entry.title}`;
  return {
    tone: 'result',
    heading,
    cards,
    actions: [],
    ephemeral: true,
    fallback: fallbackText({ heading, cards }),
    ...(attachments.length ? { attachments } : {}),
  };
}

/** `/paper cite S-EPMC8546390 apa`: in the text grammar the style is the last word of the entry text. */
function splitStyle(args: CommandArgs): { entryText: string; style?: CitationStyle } {
  const text = String(args.entry ?? '').trim();
  if (args.style !== undefined) return { entryText: text, style: args.style as CitationStyle };
  const match = /^(.*\S)\s+(\S+)$/s.exec(text);
  const last = match?.[2]?.toLowerCase();
  const style = CITATION_STYLES.find((candidate) => candidate === last);
  return style && match?.[1] ? { entryText: match[1], style } : { entryText: text };
}

function attachmentFor(entry: Entry, style: CitationStyle, text: string): Attachment {
  const info = STYLE_INFO[style];
  const base =
    entryRef(entry)
      .replace(/[^A-Za-z0-9.-]+/g, '_')
      .slice(0, 60) || 'citation';
  return {
    name: `${base}-${style}.${info.extension}`,
    contentType: info.contentType,
    data: new TextEncoder().encode(`${text}\n`),
    description: `${info.label} citation of ${entry.title.slice(0, 120)}`,
  };
}
