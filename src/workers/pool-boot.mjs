// A piscina thread run from the sources (vitest, tsx) has no TypeScript loader of its own: this
// registers one, loads the task module named in the pool's workerData and hands piscina its
// default export. Compiled code gives piscina the task module's `.js` directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import(workerData.module);
export default runTask;
