/**
 * DOIs as sites write them: bare, `doi:`-prefixed, or inside a publisher's URL that adds a view
 * (`/full`, `/pdf`, `/epdf`, `.pdf`), a query, a fragment or a supplementary file after the DOI.
 * The DOI syntax allows almost any character after the prefix, so the tails publishers append
 * are cut by what they look like, never by a general pattern for the suffix.
 */

const DOI_START = /\b10\.\d{4,9}\//i;
const DOI_URL_PREFIX = /^(?:https?:\/\/)?(?:dx\.|www\.)?doi\.org\//i;

/** Views a publisher puts after the DOI in a URL path: `/doi/10.x/y/full`, `…/y/abstract`. */
const VIEW_SEGMENTS = new Set([
  'full',
  'fulltext',
  'full-text',
  'pdf',
  'epdf',
  'pdfdirect',
  'pdfft',
  'abstract',
  'abs',
  'summary',
  'html',
  'epub',
  'figures',
  'tables',
  'references',
  'citedby',
  'metrics',
  'meta',
  'info',
  'suppl',
  'suppl_file',
  'supplementary',
  'supplemental',
  'supplementary-material',
  'supplementary_material',
  'media',
  'download',
  'reader',
  'view',
]);
/** File endings publishers add to a DOI in a download URL (`…/s00123-020-1234-5.pdf`). */
const FILE_ENDINGS = /\.(?:pdf|html?|xml|epub|full(?:\.pdf|-text)?|abstract|supplementary-material|suppl)$/i;

/**
 * The DOI in a DOI, a doi.org link, a publisher URL or text holding one; undefined when none.
 * `https://www.biorxiv.org/content/10.1101/2020.03.30.015008v1.full.pdf` gives `10.1101/2020.03.30.015008`.
 */
export function extractDoi(text: string): string | undefined {
  const trimmed = text
    .trim()
    .replace(DOI_URL_PREFIX, '')
    .replace(/^doi:\s*/i, '');
  const start = DOI_START.exec(trimmed);
  if (!start) return undefined;
  let doi = trimmed.slice(start.index).split(/[\s"<>]/)[0] ?? '';
  doi = safeDecode(doi);
  // A query, a fragment or a second URL parameter is never part of a DOI written in a link.
  doi = doi.replace(/[?#&].*$/, '');
  doi = cutViewSegments(doi);
  doi = doi.replace(/[.,;:\]}]+$/, '');
  doi = dropUnbalancedClosingParen(doi);
  if (/^10\.1101\//.test(doi)) doi = doi.replace(/v\d+$/i, '');
  // PLOS names a supplementary file by its article's DOI plus `.s001`.
  doi = doi.replace(/^(10\.1371\/journal\.[a-z]+\.\d{7})\.[sg]\d{3}$/i, '$1');
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : undefined;
}

function cutViewSegments(doi: string): string {
  const [prefix, ...segments] = doi.split('/');
  // The first segment after the prefix is always the DOI's own; later ones may be a view.
  let keep = Math.min(1, segments.length);
  while (keep < segments.length && !VIEW_SEGMENTS.has((segments[keep] ?? '').toLowerCase())) keep++;
  let suffix = segments.slice(0, keep).join('/').replace(/\/+$/, '');
  let previous = '';
  while (previous !== suffix) {
    previous = suffix;
    suffix = suffix.replace(FILE_ENDINGS, '');
  }
  return `${prefix}/${suffix}`;
}

/** `10.1002/(SICI)1097-4636(199706)35:4<…>` keeps its parentheses; `(doi:10.1/x)` loses the closing one. */
function dropUnbalancedClosingParen(doi: string): string {
  let result = doi;
  while (result.endsWith(')') && count(result, '(') < count(result, ')')) result = result.slice(0, -1);
  return result;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
