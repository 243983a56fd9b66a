/**
 * The two shipped corpus formats, written the way the seed files are: a Jekyll-style entry
 * that is nothing but YAML front matter, and a BioStudies page dump.
 */

export interface PaperFile {
  readonly title: string;
  readonly link?: string;
  /** One author string, as the source writes it (`Leng, Zikuan; Zhu, Rongjia` or `Cake C, Ogburn E`). */
  readonly authors: string;
  readonly summary?: string;
  readonly abstract: string;
  readonly journal?: string;
  readonly date?: string;
}

export interface DatasetFile {
  readonly accession: string;
  readonly title: string;
  readonly abstract: string;
  readonly submitter?: string;
  /** `2021 Dec` */
  readonly providerDate: string;
  /** Names in the page's `Zhu Rongjia R` form. */
  readonly authors: readonly string[];
  readonly journal: string;
  /** `20211026` */
  readonly publicationDate: string;
  readonly issue: string;
  readonly similar: readonly string[];
}

/** Page dumps cut the repeated abstract after this many characters and add `...[more]`. */
const TRUNCATED_ABSTRACT = 500;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A JSON string is a valid YAML double-quoted scalar. */
const quoted = (text: string): string => JSON.stringify(text);

export function frontMatterFile(paper: PaperFile): string {
  const lines = ['---', 'layout: entry', `title: ${quoted(paper.title)}`];
  if (paper.link) lines.push(`link: ${quoted(paper.link)}`);
  lines.push('author:', `- ${quoted(paper.authors)}`, '');
  if (paper.summary) lines.push('summary:', `- ${quoted(paper.summary)}`, '');
  lines.push('original:', `- ${quoted(paper.abstract)}`);
  if (paper.journal) lines.push(`journal: ${quoted(paper.journal)}`);
  if (paper.date) lines.push(`date: ${paper.date}`);
  lines.push('---', '');
  return lines.join('\n');
}

export function bioStudiesFile(dataset: DatasetFile): string {
  const truncated =
    dataset.abstract.length > TRUNCATED_ABSTRACT
      ? `${dataset.abstract.slice(0, TRUNCATED_ABSTRACT)}   ...[more]`
      : dataset.abstract;
  const lines = [
    'Unknown',
    '',
    'Dataset Information',
    '',
    '0',
    '',
    dataset.title,
    '',
    '',
    `ABSTRACT: ${dataset.abstract}`,
    '',
    `SUBMITTER: ${dataset.submitter ?? ''} `,
    '',
    `PROVIDER: ${dataset.accession} | biostudies-literature | ${dataset.providerDate}`,
    '',
    'REPOSITORIES: biostudies-literature',
    '',
    'altmetric image',
    '',
    'Publications',
    '',
    dataset.title,
    '',
    `${dataset.authors.join(' \u00a0 ')}  `,
    '',
    `${dataset.journal} ${dataset.publicationDate} ${dataset.issue}`,
    '',
    '',
    truncated,
    '',
  ];
  if (dataset.similar.length)
    lines.push('Similar Datasets', '', ...dataset.similar.map((accession) => `| ${accession} | biostudies-literature`));
  return `${lines.join('\n')}\n`;
}

/** `2021-12-03` -> `2021 Dec` and `20211203`. */
export function pageDates(date: string): { providerDate: string; publicationDate: string } {
  const [year = '2020', month = '01', day = '01'] = date.split('-');
  return {
    providerDate: `${year} ${MONTHS[Number(month) - 1] ?? 'Jan'}`,
    publicationDate: `${year}${month.padStart(2, '0')}${day.padStart(2, '0')}`,
  };
}

/** A file name from a title: lower-case words joined by dashes, short. */
export function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/<[^>]*>/g, ' ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 48) || 'entry'
  );
}
