import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Hugo keeps a page's translations beside it in one bundle (`index.md`, `index.de.md`): one
 * paper, one DOI. The content language's page is served and its siblings are passed over, so a
 * bilingual site is not a DOI clash; a page that exists only in another language is still read.
 */

const SUFFIXED = /^(.*)\.([A-Za-z]{2}(?:[-_][A-Za-z]{2,4})?)(\.(?:md|markdown))$/;
const PLAIN = /^(.*)(\.(?:md|markdown))$/i;
const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** Whether the page is another language's version of a page served in the content language. */
export function isOtherLanguageSibling(root: string, relativePath: string, language: string): boolean {
  const folder = path.dirname(relativePath);
  const base = path.basename(relativePath);
  const exists = (name: string): boolean => existsSync(path.join(root, folder, name));
  const suffixed = SUFFIXED.exec(base);
  if (suffixed && isLanguageCode(suffixed[2] ?? '')) {
    const [, stem, code, extension] = suffixed;
    if (sameLanguage(code ?? '', language)) return false;
    return exists(`${stem}${extension}`) || exists(`${stem}.${language}${extension}`);
  }
  const plain = PLAIN.exec(base);
  return plain ? exists(`${plain[1]}.${language}${plain[2]}`) : false;
}

function isLanguageCode(code: string): boolean {
  try {
    return names.of(code.replace('_', '-')) !== undefined;
  } catch {
    return false;
  }
}

function sameLanguage(code: string, language: string): boolean {
  return code.toLowerCase().split(/[-_]/)[0] === language.toLowerCase().split(/[-_]/)[0];
}
