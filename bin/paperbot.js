#!/usr/bin/env node
// Production runs the compiled JavaScript in dist/ (`npm run build`), with no TypeScript loader.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('paperbot: dist/ has not been built; run `npm run build` (npm start builds it first)\n');
  process.exit(1);
}
await import(main.href);
