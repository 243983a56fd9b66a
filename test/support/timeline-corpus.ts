/** A corpus whose "organoid" entries have known years and journals, for the timeline tests. */
import { frontMatterEntry, type FileTree } from './corpus-files.ts';

/** What the chart must show for "organoid": entries per year, empty years as 0. */
export const ORGANOID_PER_YEAR = [
  { label: '2018', value: 2 },
  { label: '2019', value: 0 },
  { label: '2020', value: 3 },
  { label: '2021', value: 1 },
];
export const ORGANOID_TOTAL = 7;

export function organoidCorpus(): FileTree {
  const dated: [number, string][] = [
    [2018, 'Nature'],
    [2018, 'Cell'],
    [2020, 'Nature'],
    [2020, 'nature'],
    [2020, 'Cell'],
    [2021, 'Science'],
  ];
  const files: Record<string, string> = {};
  dated.forEach(([year, journal], index) => {
    files[`organoid-${index}.md`] = frontMatterEntry({
      title: `Organoid study number ${index}`,
      doi: `10.5555/organoid.${index}`,
      year,
      journal,
      abstract: 'Organoids grown from stem cells.',
    });
  });
  files['organoid-undated.md'] = frontMatterEntry({
    title: 'An organoid atlas without a date',
    doi: '10.5555/organoid.undated',
    abstract: 'Organoids.',
  });
  files['other-2019.md'] = frontMatterEntry({
    title: 'Bone marrow niches',
    doi: '10.5555/other.2019',
    year: 2019,
    journal: 'Blood',
    abstract: 'Niches.',
  });
  return files;
}
