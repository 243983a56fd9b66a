// A worker thread starts without the TypeScript loader the bot runs under (and under vitest it
// has none at all), so it registers one before loading the thread's own module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
