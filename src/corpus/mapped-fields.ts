import { pickLanguage } from './languages.ts';

/**
 * Values at the paths of a field map (`paperbot.yml`): `en.subtitle`, `{lang}.description`,
 * `links.0.url`. What is found is handed to the same readers as an unmapped field, so every
 * shape those read (author lists, TeX in titles, DOIs in links) still works through a map.
 */

/** The value at a dotted path, `{lang}` standing for the content language; per-language mappings give their best. */
export function valueAt(data: Readonly<Record<string, unknown>>, dottedPath: string, language: string): unknown {
  let node: unknown = data;
  for (const raw of dottedPath.split('.')) {
    const key = raw === '{lang}' ? language : raw;
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isMapping(node)) node = languageKey(node, key);
    else return undefined;
  }
  return pickLanguage(node, language);
}

/** The first of the paths that holds a value, and which one it was. */
export function firstMapped(
  data: Readonly<Record<string, unknown>>,
  paths: readonly string[],
  language: string,
): { readonly value?: unknown; readonly path?: string } {
  for (const candidate of paths) {
    const value = valueAt(data, candidate, language);
    if (isPresent(value)) return { value, path: candidate };
  }
  return {};
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** `{lang}` = `en` also finds an `en-GB` or `en_US` block. */
function languageKey(node: Readonly<Record<string, unknown>>, key: string): unknown {
  if (key in node) return node[key];
  const base = key.toLowerCase().split(/[-_]/)[0];
  const near = Object.keys(node).find(
    (name) => /^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$/.test(name) && name.toLowerCase().split(/[-_]/)[0] === base,
  );
  return near === undefined ? undefined : node[near];
}
