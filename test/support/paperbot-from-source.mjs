// The paperbot the tests start as a child process: the entry point bin/paperbot.js compiles to,
// run from the sources through tsx, so a test never runs a stale dist/. The tsx import is
// resolved from this file, whatever folder the child runs in.
import { register } from 'tsx/esm/api';

register();
await import('../../src/main.ts');
