/** CSL-JSON, the data model citation-js formats from (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html). */
export interface CslName {
  readonly family?: string;
  readonly given?: string;
  readonly 'non-dropping-particle'?: string;
  readonly 'dropping-particle'?: string;
  readonly suffix?: string;
  readonly literal?: string;
}

export interface CslItem {
  readonly id: string;
  readonly type: 'article-journal' | 'dataset';
  readonly title: string;
  readonly author?: readonly CslName[];
  readonly DOI?: string;
  readonly URL?: string;
  readonly 'container-title'?: string;
  readonly publisher?: string;
  readonly number?: string;
  readonly issued?: { readonly 'date-parts': readonly (readonly number[])[] };
  readonly abstract?: string;
}
