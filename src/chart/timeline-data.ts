import type { Entry } from '../corpus/entry.ts';

export interface YearCount {
  readonly year: number;
  readonly count: number;
}

export interface VenueCount {
  readonly venue: string;
  readonly count: number;
}

export interface Timeline {
  /** One bar per year from the first to the last, empty years included as 0. */
  readonly years: readonly YearCount[];
  readonly total: number;
  /** Entries the source gives no year for: counted in the total, not drawn. */
  readonly undated: number;
  readonly venues: readonly VenueCount[];
}

/** A span longer than this draws only the years that have entries, so bars stay readable. */
export const MAX_CONTINUOUS_YEARS = 80;
export const TOP_VENUES = 3;

/** Entries per year and the most frequent venues (journal, else repository) of a set of entries. */
export function timelineOf(entries: Iterable<Entry>): Timeline {
  const perYear = new Map<number, number>();
  const perVenue = new Map<string, { venue: string; count: number }>();
  let total = 0;
  let undated = 0;
  for (const entry of entries) {
    total += 1;
    if (entry.year === undefined) undated += 1;
    else perYear.set(entry.year, (perYear.get(entry.year) ?? 0) + 1);
    const venue = (entry.journal ?? entry.repository)?.replace(/\s+/g, ' ').trim();
    if (venue) {
      // Journals are written with varying case ("Cell research", "Cell Research"): one venue.
      const key = venue.toLowerCase();
      const seen = perVenue.get(key) ?? { venue, count: 0 };
      perVenue.set(key, { venue: seen.venue, count: seen.count + 1 });
    }
  }
  const known = [...perYear.keys()].sort((a, b) => a - b);
  const first = known[0];
  const last = known[known.length - 1];
  const continuous = first !== undefined && last !== undefined && last - first < MAX_CONTINUOUS_YEARS;
  const drawn = continuous ? Array.from({ length: last - first + 1 }, (_, index) => first + index) : known;
  const venues = [...perVenue.values()]
    .sort((a, b) => b.count - a.count || a.venue.localeCompare(b.venue))
    .slice(0, TOP_VENUES);
  return { years: drawn.map((year) => ({ year, count: perYear.get(year) ?? 0 })), total, undated, venues };
}
