import type { ParsedEntry } from './entry.ts';
import { noEntry, singleEntry, type ParseIssue, type ParseOutcome } from './problem.ts';
import { cleanText } from './text.ts';
import { accessionKey, accessionUrl, entryKey, isAccession } from './identity.ts';
import { nameFromInitialsForm } from './authors.ts';

type Issue = ParseIssue;

/** Lines the OmicsDI / BioStudies page carries that are page furniture, not data. */
const NOISE = new Set(['unknown', 'dataset information', '0', 'altmetric image', 'publications', 'similar datasets']);
const LABEL =
  /^(ABSTRACT|SUBMITTER|PROVIDER|REPOSITORIES|DESCRIPTION|PUBLICATION|SPECIES|DISEASE|TISSUE|INSTRUMENT|KEYWORDS):\s*(.*)$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface NumberedLine {
  readonly number: number;
  readonly text: string;
}

export function looksLikeBioStudiesPage(text: string): boolean {
  return /^(?:ABSTRACT|PROVIDER):/m.test(text) && /^(?:PROVIDER|SUBMITTER|REPOSITORIES):/m.test(text);
}

export function parseBioStudiesPage(text: string): ParseOutcome<ParsedEntry> {
  const problems: Issue[] = [];
  const lines: NumberedLine[] = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
    .map((raw, index) => ({ number: index + 1, text: raw.replace(/[\s\u00a0]+$/, '') }));

  const labelled = collectLabelled(lines);
  const firstLabel = lines.find((line) => LABEL.test(line.text));
  const title = lines
    .filter((line) => (firstLabel ? line.number < firstLabel.number : true))
    .map((line) => cleanText(line.text))
    .find((line) => line && !NOISE.has(line.toLowerCase()));

  const provider = labelled.get('PROVIDER');
  const providerParts = provider ? provider.value.split('|').map((part) => cleanText(part)) : [];
  const accession = providerParts[0] && isAccession(providerParts[0]) ? providerParts[0].toUpperCase() : undefined;
  // `S-EPMC… | biostudies-literature | 2021 Dec`; when the accession is missing the other parts shift left.
  const providerRest = providerParts.slice(accession ? 1 : 0);
  const providerName = providerRest.find((part) => part && !/^\d{4}\b/.test(part));
  const providerDateText = providerRest.find((part) => /^\d{4}\b/.test(part));
  if (!provider) {
    problems.push({
      line: lines.length,
      reason: 'no PROVIDER: line, so no accession: the page dump may be truncated',
      severity: 'warning',
    });
  } else if (!accession) {
    problems.push({
      line: provider.line,
      reason: `PROVIDER does not start with an accession like S-EPMC8546390`,
      severity: 'warning',
    });
  }
  if (!title) {
    return noEntry([
      {
        line: firstLabel?.number ?? 1,
        reason: 'missing title: expected the dataset title before ABSTRACT:',
        severity: 'error',
      },
      ...problems,
    ]);
  }

  const publication = readPublication(lines);
  const abstract = labelled.get('ABSTRACT')?.value || publication.abstract;
  const providerDate = parseProviderDate(providerDateText);
  const date = publication.date ?? providerDate?.date;
  const year = publication.year ?? providerDate?.year;
  const similar = readSimilar(lines);

  const entry: ParsedEntry = {
    key: accession ? accessionKey(accession) : entryKey({ title: cleanText(title) }),
    kind: 'dataset',
    title: cleanText(title),
    authors: publication.authors,
    link: accession ? accessionUrl(accession) : undefined,
    accession,
    abstract: abstract ? cleanText(abstract) : undefined,
    journal: publication.journal,
    date,
    year,
    repository: cleanText(labelled.get('REPOSITORIES')?.value ?? '') || undefined,
    provider: providerName,
    submitter: cleanText(labelled.get('SUBMITTER')?.value ?? '') || undefined,
    similar,
  };
  return singleEntry(entry, problems);
}

/** `LABEL: value` lines; a value continues on following lines until a blank line or another label. */
function collectLabelled(lines: readonly NumberedLine[]): Map<string, { value: string; line: number }> {
  const found = new Map<string, { value: string; line: number }>();
  for (let i = 0; i < lines.length; i++) {
    const match = LABEL.exec(lines[i]?.text ?? '');
    if (!match?.[1]) continue;
    const parts = [match[2] ?? ''];
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j]?.text ?? '';
      if (!next.trim() || LABEL.test(next)) break;
      parts.push(next);
    }
    if (!found.has(match[1])) found.set(match[1], { value: parts.join(' ').trim(), line: lines[i]?.number ?? 1 });
  }
  return found;
}

interface Publication {
  authors: string[];
  journal?: string;
  date?: string;
  year?: number;
  abstract?: string;
}

/** The `Publications` block: title, author line, `Journal YYYYMMDD issue`, a truncated abstract. */
function readPublication(lines: readonly NumberedLine[]): Publication {
  const start = lines.findIndex((line) => line.text.trim() === 'Publications');
  if (start < 0) return { authors: [] };
  const end = lines.findIndex((line, index) => index > start && line.text.trim() === 'Similar Datasets');
  const block = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .map((line) => line.text)
    .filter((line) => line.trim() && !NOISE.has(cleanText(line).toLowerCase()));
  const journalIndex = block.findIndex((line) => /^\S.*\s\d{8}(?:\s|$)/.test(cleanText(line)));
  const authorLine = journalIndex > 0 ? block[journalIndex - 1] : block[1];
  const publication: Publication = { authors: authorLine ? splitInitialsAuthors(authorLine) : [] };
  if (journalIndex >= 0) {
    const match = /^(.+?)\s+(\d{4})(\d{2})(\d{2})\b/.exec(cleanText(block[journalIndex] ?? ''));
    if (match?.[1]) {
      publication.journal = match[1];
      publication.year = Number(match[2]);
      // A garbled date (month 13) keeps the year but not the date.
      if (Number(match[3]) >= 1 && Number(match[3]) <= 12 && Number(match[4]) >= 1 && Number(match[4]) <= 31) {
        publication.date = `${match[2]}-${match[3]}-${match[4]}`;
      }
    }
    const rest = block.slice(journalIndex + 1).join(' ');
    if (rest.trim()) publication.abstract = rest.replace(/\s*\.\.\.\[more\]\s*$/, '…');
  }
  return publication;
}

function splitInitialsAuthors(line: string): string[] {
  // Authors are separated by runs of spaces around a no-break space; plain double spaces in older dumps.
  const separator = line.includes('\u00a0') ? /\s*\u00a0\s*/ : /\s{2,}/;
  return line
    .split(separator)
    .map((name) => nameFromInitialsForm(name))
    .filter(Boolean);
}

function readSimilar(lines: readonly NumberedLine[]): string[] {
  const start = lines.findIndex((line) => line.text.trim() === 'Similar Datasets');
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^\|\s*([^|\s]+)\s*\|/.exec(line.text.trim());
    if (match?.[1] && isAccession(match[1])) out.push(match[1].toUpperCase());
  }
  return out;
}

function parseProviderDate(text: string | undefined): { date?: string; year: number } | undefined {
  const match = /^(\d{4})(?:\s+([A-Za-z]{3}))?/.exec(text ?? '');
  if (!match?.[1]) return undefined;
  const month = match[2] ? MONTHS.indexOf(match[2].toLowerCase()) + 1 : 0;
  return { year: Number(match[1]), date: month > 0 ? `${match[1]}-${String(month).padStart(2, '0')}` : undefined };
}
