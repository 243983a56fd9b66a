// The small readers behind front matter as sites write it: DOIs cut from publisher URLs, author
// lists in every shape, TeX and Markdown made readable, the content language chosen.
import { describe, expect, it } from 'vitest';
import { extractDoi } from '../../src/corpus/doi.ts';
import { readAuthors } from '../../src/corpus/authors.ts';
import { texToText } from '../../src/corpus/tex-text.ts';
import { abstractFromBody, inlineMarkdownText, markdownText, titleHtmlText } from '../../src/corpus/markdown-text.ts';
import { localizedFields } from '../../src/corpus/languages.ts';
import { readLinks } from '../../src/corpus/links.ts';

describe('a DOI cut clean from what sites write', () => {
  it.each([
    ['10.14336/AD.2020.0228', '10.14336/AD.2020.0228'],
    ['doi:10.1000/xyz123', '10.1000/xyz123'],
    ['https://doi.org/10.1038/s41586-020-2012-7', '10.1038/s41586-020-2012-7'],
    ['http://dx.doi.org/10.1016/j.cell.2020.02.052.', '10.1016/j.cell.2020.02.052'],
    ['https://onlinelibrary.wiley.com/doi/pdf/10.1002/jmv.25728', '10.1002/jmv.25728'],
    ['https://onlinelibrary.wiley.com/doi/epdf/10.1002/jmv.25728', '10.1002/jmv.25728'],
    ['https://www.tandfonline.com/doi/full/10.1080/22221751.2020.1729069', '10.1080/22221751.2020.1729069'],
    ['https://www.frontiersin.org/articles/10.3389/fimmu.2020.01234/full', '10.3389/fimmu.2020.01234'],
    ['https://link.springer.com/content/pdf/10.1007/s00134-020-05991-x.pdf', '10.1007/s00134-020-05991-x'],
    ['https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0230405', '10.1371/journal.pone.0230405'],
    [
      'https://journals.plos.org/plosone/article/file?id=10.1371/journal.pone.0230405&type=printable',
      '10.1371/journal.pone.0230405',
    ],
    ['https://doi.org/10.1371/journal.pone.0230405.s001', '10.1371/journal.pone.0230405'],
    ['https://www.biorxiv.org/content/10.1101/2020.03.30.015008v1.full.pdf', '10.1101/2020.03.30.015008'],
    ['https://www.biorxiv.org/content/10.1101/2020.03.30.015008v2.supplementary-material', '10.1101/2020.03.30.015008'],
    [
      'https://pubs.acs.org/doi/suppl/10.1021/acs.jproteome.0c00123/suppl_file/pr0c00123_si_001.pdf',
      '10.1021/acs.jproteome.0c00123',
    ],
    ['https://www.pnas.org/doi/10.1073/pnas.2004168117#sec-1', '10.1073/pnas.2004168117'],
    [
      'https://doi.org/10.1002/(SICI)1097-4636(199706)35:4%3C451::AID-JBM4%3E3.0.CO;2-G',
      '10.1002/(SICI)1097-4636(199706)35:4<451::AID-JBM4>3.0.CO;2-G',
    ],
    ['(see doi:10.1000/abc)', '10.1000/abc'],
  ])('%s', (text, doi) => {
    expect(extractDoi(text)).toBe(doi);
  });

  it('finds none where there is none', () => {
    expect(extractDoi('http://arxiv.org/pdf/1512.04133v1')).toBeUndefined();
    expect(extractDoi('')).toBeUndefined();
  });

  it('shows a doi.org link when any link field holds a DOI, else the page link; relative links are not links', () => {
    expect(
      readLinks({ url: '/publication/x', pdf: 'https://www.biorxiv.org/content/10.1101/2020.03.30.015008v1.full.pdf' }),
    ).toEqual({
      doi: '10.1101/2020.03.30.015008',
      link: 'https://doi.org/10.1101/2020.03.30.015008',
    });
    expect(readLinks({ url: '/publication/x', url_pdf: 'http://arxiv.org/pdf/1512.04133v1' })).toEqual({
      doi: undefined,
      link: 'http://arxiv.org/pdf/1512.04133v1',
    });
    expect(readLinks({ DOI: '10.1000/ABC', link: 'https://example.org/paper' }).link).toBe(
      'https://doi.org/10.1000/ABC',
    );
    expect(readLinks({ links: [{ name: 'Publisher', url: 'https://example.org/article/7' }] }).link).toBe(
      'https://example.org/article/7',
    );
  });
});

describe('authors in every shape sites write them', () => {
  it.each([
    ['Leng, Zikuan; Zhu, Rongjia', ['Leng, Zikuan', 'Zhu, Rongjia']],
    ['Zhu R, Yan T, Feng Y', ['Zhu R', 'Yan T', 'Feng Y']],
    ['A. Smith, B. Jones, and C. Lee', ['A. Smith', 'B. Jones', 'C. Lee']],
    ['A. Smith, B. Jones & C. Lee', ['A. Smith', 'B. Jones', 'C. Lee']],
    ['Smith, J., Jones, B. K., & Lee, C.', ['Smith, J.', 'Jones, B. K.', 'Lee, C.']],
    ['Smith, John and Doe, Jane and van der Berg, Anna', ['Smith, John', 'Doe, Jane', 'van der Berg, Anna']],
    ['John Smith and Jane Doe', ['John Smith', 'Jane Doe']],
    ['Leng, Zikuan', ['Leng, Zikuan']],
    ['李, 华', ['李, 华']],
    ['**Ana Pérez**, Bo Li*, and Chen Wu†', ['Ana Pérez', 'Bo Li', 'Chen Wu']],
    ['M{\\"u}ller, J{\\"o}rg and Smith, Ann', ['Müller, Jörg', 'Smith, Ann']],
    ['Zhu R, Yan T, et al.', ['Zhu R', 'Yan T']],
    ['<u>Ana Pérez</u>, Bo Li', ['Ana Pérez', 'Bo Li']],
  ])('%s', (text, names) => {
    expect(readAuthors(text)).toEqual(names);
  });

  it('reads a list whose ampersand sits before a semicolon (`LH&W;` is no entity), where it used to recurse until the stack ran out', () => {
    const names = readAuthors('Berin; LH&W; Brunckhorst');
    expect(names[0]).toBe('Berin');
    expect(names.join(' ')).toContain('Brunckhorst');
  });

  it('reads lists and CSL-style objects', () => {
    expect(
      readAuthors([
        { given: 'Ehsan', family: 'Abbasi' },
        { given: 'Ludwig', family: 'Beethoven', 'non-dropping-particle': 'van' },
        { literal: 'The COVID-19 Genomics Consortium' },
        { name: 'Robert Ford', affiliation: 'Acme' },
        'Jane Doe',
      ]),
    ).toEqual([
      'Abbasi, Ehsan',
      'van Beethoven, Ludwig',
      'The COVID-19 Genomics Consortium',
      'Robert Ford',
      'Jane Doe',
    ]);
  });
});

describe('TeX, Markdown and HTML as readable text', () => {
  it.each([
    ['Robust $\\ell_1$ regression with $\\beta$-divergence', 'Robust ℓ₁ regression with β-divergence'],
    ['The \\emph{Drosophila} genome of G{\\"o}ttingen', 'The <i>Drosophila</i> genome of Göttingen'],
    ['Sparse coding\\titlebreak for speech', 'Sparse coding for speech'],
    ['CO$_2$ and $\\mathcal{O}(n \\log n)$ time', 'CO₂ and O(n log n) time'],
    ['Training {GAN}s on 10\\% of {RNA}-seq', 'Training GANs on 10% of RNA-seq'],
    ['costs $5 and $10', 'costs $5 and $10'],
    ['no TeX here', 'no TeX here'],
  ])('%s', (tex, text) => {
    expect(texToText(tex)).toBe(text);
  });

  it('reads inline Markdown and HTML in a title or venue, and keeps a title that starts like a list', () => {
    expect(inlineMarkdownText('*Journal of Source Themes, 1*(1)')).toBe('Journal of Source Themes, 1(1)');
    expect(inlineMarkdownText('Gut <i>E. coli</i> &amp; <b>phage</b>')).toBe('Gut E. coli & phage');
    expect(inlineMarkdownText('1. A numbered title')).toBe('1. A numbered title');
    expect(markdownText('First **bold** [link](https://x.org).\n\nSecond paragraph.')).toBe(
      'First bold link. Second paragraph.',
    );
  });

  it('reads HTML in a title but keeps its Markdown signs as typed, for the renderers to escape', () => {
    expect(titleHtmlText('Gut <i>E. coli</i> &amp; **phage** _now_')).toBe('Gut E. coli & **phage** _now_');
    expect(titleHtmlText('[click](https://evil.example) `code` ~~s~~ <!channel>')).toBe(
      '[click](https://evil.example) `code` ~~s~~ <!channel>',
    );
    expect(titleHtmlText('1. A numbered title')).toBe('1. A numbered title');
  });

  it('takes a body abstract from an Abstract heading, a blockquote, or the first paragraphs', () => {
    expect(
      abstractFromBody('## Notes\n\nSee below.\n\n## Abstract\n\nWe did *this*.\n\nAnd that.\n\n## Slides\n\nLink.'),
    ).toBe('We did this. And that.');
    expect(abstractFromBody('Presented by Ana.\n\n> Quoted abstract, with `code`.\n')).toBe(
      'Quoted abstract, with code.',
    );
    expect(
      abstractFromBody(
        '{% include base_path %}\nThis paper is about the number 1.\n\n[Download paper here](http://x.org/paper1.pdf)\n\nRecommended citation: Your Name (2009).',
      ),
    ).toBe('This paper is about the number 1.');
    expect(
      abstractFromBody('{{% callout note %}}\nClick the *Cite* button above.\n{{% /callout %}}\n'),
    ).toBeUndefined();
  });
});

describe('the content language', () => {
  const page = {
    title: 'Tagung 2021',
    en: { title: 'Cells in space', subtitle: 'a review' },
    de: { title: 'Zellen im All' },
  };

  it('wins over a top-level title that is a label, with its own subtitle', () => {
    expect(localizedFields(page, ['title', 'subtitle'], 'en')).toEqual(['Cells in space', 'a review']);
    expect(localizedFields(page, ['title', 'subtitle'], 'de')).toEqual(['Zellen im All', undefined]);
  });

  it('picks from per-language fields, and falls back to English, then the top level', () => {
    expect(localizedFields({ title: { de: 'Zellen', en: 'Cells' } }, ['title'], 'fr')).toEqual(['Cells']);
    expect(localizedFields({ title: 'Plain title', de: { abstract: 'Nur Deutsch' } }, ['title'], 'en')).toEqual([
      'Plain title',
    ]);
    expect(localizedFields({ de: { title: 'Nur Deutsch' } }, ['title'], 'en')).toEqual(['Nur Deutsch']);
  });
});
