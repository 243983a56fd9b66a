import { afterEach, expect, it } from 'vitest';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { SlackHarnesses } from '../support/slack-app.ts';

const harnesses = new SlackHarnesses();
afterEach(() => harnesses.stopAll());

it.each(['socket', 'http'] as const)(
  'Slack in %s mode reports itself connected only between start and stop',
  async (mode) => {
    const { standIn, platform } = await harnesses.start({ corpusDir: SHIPPED_CORPUS, mode, start: false });
    expect(platform.connected()).toBe(false);
    const socket = mode === 'socket' ? standIn.nextSocket() : undefined;
    await platform.start();
    await socket;
    expect(platform.connected()).toBe(true);
    await platform.stop();
    expect(platform.connected()).toBe(false);
  },
);
