import { promises as fs } from 'node:fs';
import path from 'node:path';
import { digestOf, FIELD_MAP_FILE } from './field-map.ts';
import { looksLikeTomlFrontMatter, parseFrontMatter, parseTomlFrontMatter } from './front-matter-parser.ts';
import type { SiteAuthors } from './site-authors.ts';
import { isInside } from './inside.ts';

/**
 * What a folder root says about all of its pages (its paperbot.yml, its author pages), as one
 * digest: the index snapshot is trusted only for the same, since either changes what pages read to.
 */
export async function siteSettingsDigest(root: string): Promise<string> {
  const map = await fs.readFile(path.join(root, FIELD_MAP_FILE), 'utf8').catch(() => '');
  const authors = await loadSiteAuthors(root);
  return digestOf(`${map}\n${JSON.stringify(authors)}`);
}

const AUTHOR_FOLDERS = ['content/authors', 'authors'];
/** A site lists its people; more than this many is not an author folder. */
const MAX_AUTHORS = 500;

/**
 * Author pages of a Hugo site, `content/authors/<id>/_index.md` with the name in `title`, read from
 * the folder root (the site's root, or a folder holding `authors/` itself), never from outside it.
 */
export async function loadSiteAuthors(root: string): Promise<SiteAuthors> {
  const found: Record<string, string> = {};
  for (const folder of AUTHOR_FOLDERS) {
    const ids = await fs.readdir(path.join(root, folder), { withFileTypes: true }).catch(() => []);
    for (const id of ids.filter((each) => each.isDirectory() && !each.name.startsWith('.')).slice(0, MAX_AUTHORS)) {
      for (const name of ['_index.md', 'index.md']) {
        const file = path.join(root, folder, id.name, name);
        // A link out of the folder is not followed: nothing outside it reaches a reply.
        const real = await fs.realpath(file).catch(() => undefined);
        if (!real || !isInside(await fs.realpath(root), real)) continue;
        const text = await fs.readFile(real, 'utf8').catch(() => undefined);
        if (text === undefined || text.length > 100_000) continue;
        const parsed = looksLikeTomlFrontMatter(text) ? parseTomlFrontMatter(text) : parseFrontMatter(text);
        const title = parsed.entries[0]?.entry.title;
        if (title) found[id.name.toLowerCase()] ??= title;
        break;
      }
    }
  }
  return found;
}
