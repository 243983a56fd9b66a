/**
 * Hostile reference-manager exports, generated rather than shipped (some are many megabytes):
 * what an attack review tried as a corpus contributor.
 */

/**
 * BibTeX whose records each use a macro of about 1 MB built from five nested `@string` levels
 * (64 characters × 16 × 16 × 16 × 16): 2 500 records make a file of about 175 KB.
 */
export function macroBombBibtex(records: number): string {
  const lines = [`@string{m0 = {${'x'.repeat(64)}}}`];
  for (let level = 1; level <= 4; level++) {
    const previous = `m${level - 1}`;
    lines.push(`@string{m${level} = ${Array.from({ length: 16 }, () => previous).join(' # ')}}`);
  }
  for (let i = 1; i <= records; i++)
    lines.push(`@article{k${i}, title = {Record ${i} of a hostile library}, year = 2020, note = m4}`);
  return `${lines.join('\n')}\n`;
}

/** A PubMed record with this many authors (FAU and AU lines for each). */
export function manyAuthorMedline(authors: number, pmid = 31000001): string {
  const lines = [`PMID- ${pmid}`, 'TI  - A consortium paper with very many authors.', 'DP  - 2020 Mar 9'];
  for (let i = 1; i <= authors; i++) lines.push(`FAU - Author${i}, Given`, `AU  - Author${i} G`);
  lines.push('JT  - Journal of Large Teams', '');
  return lines.join('\n');
}

/** CSL-JSON: a good item, one nested `depth` arrays deep in a field, and another good item. */
export function deeplyNestedCslJson(depth: number): string {
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return `[
{"id": "good-1", "type": "article-journal", "title": "First good item", "DOI": "10.1000/good.1"},
{"id": "deep", "type": "article-journal", "title": "Deep item", "note": ${nested}},
{"id": "good-2", "type": "article-journal", "title": "Second good item", "DOI": "10.1000/good.2"}
]`;
}
