/**
 * Hugo Academic / Wowchemy write `authors: [admin]`: an id whose name is the `title` of
 * `content/authors/admin/_index.md` (read by site-settings.ts).
 */

/** Author id (lowercase) to the name the site gives it. */
export type SiteAuthors = Readonly<Record<string, string>>;

/** The site's names for author ids; `admin` with no author page is kept, and said so. */
export function resolveSiteAuthors(
  authors: readonly string[],
  site: SiteAuthors | undefined,
): { readonly authors: string[]; readonly unknownAdmin: boolean } {
  let unknownAdmin = false;
  const resolved = authors.map((author) => {
    const id = author.trim().toLowerCase();
    const name = site?.[id];
    if (name) return name;
    if (id === 'admin') unknownAdmin = true;
    return author;
  });
  return { authors: resolved, unknownAdmin };
}
