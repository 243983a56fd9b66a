// A parser thread run from the sources (vitest, tsx) has no TypeScript loader of its own: this
// registers one, then hands piscina the parser. Compiled code runs parse-worker.js directly.
import { register } from 'tsx/esm/api';

register();
const { default: parseTask } = await import('./parse-worker.ts');
export default parseTask;
