// The query syntax every platform shares, as parsed text: what each piece of a query means,
// and the short errors a user gets for what cannot be understood.
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, parseQuery, type ParsedQuery } from '../../src/search/query.ts';

function parsed(text: string): ParsedQuery {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`"${text}" was refused: ${result.error}`);
  return result.query;
}

function refusal(text: string): string {
  const result = parseQuery(text);
  if (result.ok) throw new Error(`"${text}" was accepted`);
  return result.error;
}

describe('words and phrases', () => {
  it('keeps free words in order', () => {
    expect(parsed('MSC COVID pneumonia')).toMatchObject({
      words: ['MSC', 'COVID', 'pneumonia'],
      phrases: [],
      excluded: [],
    });
  });

  it('keeps a quoted phrase whole, and curly quotes count as quotes', () => {
    expect(parsed('"cytokine storm" MSC')).toMatchObject({ words: ['MSC'], phrases: ['cytokine storm'] });
    expect(parsed('\u201ccytokine storm\u201d')).toMatchObject({ words: [], phrases: ['cytokine storm'] });
  });

  it('runs an unbalanced quote to the end rather than failing', () => {
    expect(parsed('MSC "cytokine storm')).toMatchObject({ words: ['MSC'], phrases: ['cytokine storm'] });
  });

  it('reads -word as an exclusion, and a lone dash as nothing', () => {
    expect(parsed('COVID -ACE2 -')).toMatchObject({ words: ['COVID'], excluded: ['ACE2'] });
  });

  it('treats links and references as words, not as unknown filters', () => {
    expect(parsed('https://doi.org/10.14336/AD.2020.0228').words).toEqual(['https://doi.org/10.14336/AD.2020.0228']);
    expect(parsed('doi:10.14336/ad.2020.0228').words).toEqual(['doi:10.14336/ad.2020.0228']);
    expect(parsed('biostudies:S-EPMC8546390').words).toEqual(['biostudies:S-EPMC8546390']);
  });
});

describe('filters', () => {
  it('author: takes one word or a quoted name, and may repeat', () => {
    expect(parsed('author:Zhao').authors).toEqual(['Zhao']);
    expect(parsed('author:"Zhao Robert" MSC')).toMatchObject({ authors: ['Zhao Robert'], words: ['MSC'] });
    expect(parsed('author:Leng author:Zhu').authors).toEqual(['Leng', 'Zhu']);
  });

  it('year: takes a year, a range, or an open range', () => {
    expect(parsed('year:2020').years).toEqual({ from: 2020, to: 2020 });
    expect(parsed('year:2019..2021').years).toEqual({ from: 2019, to: 2021 });
    expect(parsed('year:2019..').years?.from).toBe(2019);
    expect(parsed('year:..2021').years?.to).toBe(2021);
  });

  it('kind: takes paper or dataset, singular or plural, any case', () => {
    expect(parsed('kind:dataset COVID').kind).toBe('dataset');
    expect(parsed('kind:Papers').kind).toBe('paper');
  });

  it('filter names are case-insensitive', () => {
    expect(parsed('AUTHOR:Zhao Year:2021 KIND:dataset')).toMatchObject({
      authors: ['Zhao'],
      years: { from: 2021, to: 2021 },
      kind: 'dataset',
    });
  });

  it('a query of filters alone is a valid query', () => {
    expect(parsed('author:Leng')).toMatchObject({ words: [], phrases: [], authors: ['Leng'] });
  });
});

describe('what cannot be understood gets a short sentence, not an exception', () => {
  it('an unknown filter names the filter and the ones that exist', () => {
    expect(refusal('MSC foo:bar')).toBe('Unknown filter `foo:`. Filters are author:, year: and kind:.');
  });

  it('an empty query (or one of spaces, or of punctuation) asks for something to search', () => {
    for (const text of ['', '   ', '\t\n', '- " "']) {
      expect(refusal(text)).toMatch(/^Type something to search for: words, "exact phrase", author:Zhao/);
    }
  });

  it('a filter without a value gives an example', () => {
    expect(refusal('author:')).toBe('`author:` needs a value, for example author:Zhao.');
    expect(refusal('year:')).toBe('`year:` needs a value, for example year:2020.');
  });

  it('an author of punctuation alone is refused, never a filter that every entry passes', () => {
    expect(refusal("author:'")).toBe("`author:'` is not a name: use letters, for example author:Zhao.");
    expect(refusal('author:\\')).toBe('`author:\\` is not a name: use letters, for example author:Zhao.');
    expect(refusal('author:"-." MSC')).toBe('`author:-.` is not a name: use letters, for example author:Zhao.');
    expect(parsed("author:O'Brien").authors).toEqual(["O'Brien"]);
  });

  it('a bad year or kind says what is accepted', () => {
    expect(refusal('year:twenty')).toBe('`year:twenty` is not a year: use year:2020 or year:2019..2021.');
    expect(refusal('year:2022..2019')).toMatch(/is not a year/);
    expect(refusal('kind:poem')).toBe('`kind:` is paper or dataset.');
  });
});

describe('hostile input', () => {
  it('cuts an over-long query instead of refusing it', () => {
    const query = parsed(`MSC ${'x'.repeat(MAX_QUERY_LENGTH * 4)}`);
    expect(query.words[0]).toBe('MSC');
    expect(query.words.join(' ').length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
  });

  it('drops control characters and invisible marks', () => {
    expect(parsed('MSC\u0000\u200bCOVID\u0007').words).toEqual(['MSC', 'COVID']);
  });
});
