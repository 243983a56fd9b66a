// A worker thread run from the sources starts without the TypeScript loader the bot runs under
// (and under vitest it has none at all), so it registers one before loading the worker's own
// module. Compiled code starts its workers directly and never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
