import { readFileSync } from 'node:fs';

/** The version in package.json: two folders up from the sources, three from the compiled code in dist/. */
export function packageVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
      if (parsed && typeof parsed === 'object' && 'name' in parsed && parsed.name === 'paperbot' && 'version' in parsed)
        return String(parsed.version);
    } catch {
      // Not at this level: the other layout.
    }
  }
  return 'unknown';
}
