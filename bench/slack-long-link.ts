/**
 * Does a very long link in a Slack unfurl delay another user's answer? The real Bolt app in HTTP
 * mode against the loopback Slack stand-in, in this process: the latency of one signed
 * `/paper MSC COVID` from another user, alone and sent right behind a signed `link_shared` whose
 * link is a corpus entry's doi.org link padded to 200 000 characters. Figures only.
 *
 * Run: npx tsx bench/slack-long-link.ts
 */
import { SHIPPED_CORPUS } from '../test/support/corpus-files.ts';
import { SlackHarnesses } from '../test/support/slack-app.ts';
import { linkSharedEvent, postEvent } from '../test/support/slack-events.ts';
import { postSigned, slashCommandForm } from '../test/support/slack-requests.ts';

const LINK_LENGTH = 200_000;
const WARM_UP = 5;
const SAMPLES = 20;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const harnesses = new SlackHarnesses();
  try {
    const { standIn, eventsUrl } = await harnesses.start({ corpusDir: SHIPPED_CORPUS });
    const search = async (): Promise<number> => {
      const started = performance.now();
      const answer = await postSigned(
        eventsUrl,
        slashCommandForm({ text: 'MSC COVID', userId: 'U0OTHER', responseUrl: standIn.responseUrl() }),
      );
      if (answer.status !== 200) throw new Error(`search answered ${answer.status}`);
      return performance.now() - started;
    };
    for (let n = 0; n < WARM_UP; n += 1) await search();
    const alone: number[] = [];
    for (let n = 0; n < SAMPLES; n += 1) alone.push(await search());
    const behind: number[] = [];
    for (let n = 0; n < SAMPLES; n += 1) {
      const prefix = `https://doi.org/10.14336/AD.2020.0228?n=${n}&pad=`;
      const link = prefix + 'a'.repeat(LINK_LENGTH - prefix.length);
      const shared = postEvent(eventsUrl, linkSharedEvent([link], `1700000100.${String(n).padStart(6, '0')}`));
      behind.push(await search());
      await shared;
    }
    const row = (label: string, values: readonly number[]): string =>
      `${label.padEnd(44)} p50 ${quantile(values, 0.5).toFixed(1).padStart(6)} ms   max ${Math.max(...values)
        .toFixed(1)
        .padStart(6)} ms`;
    process.stdout.write(`${row('another user, alone', alone)}\n`);
    process.stdout.write(`${row(`right behind a ${LINK_LENGTH}-character link`, behind)}\n`);
    process.stdout.write(
      `delay p50 ${(quantile(behind, 0.5) - quantile(alone, 0.5)).toFixed(1)} ms; unfurls sent: ${standIn.callsTo('chat.unfurl').length}\n`,
    );
  } finally {
    await harnesses.stopAll();
  }
}

await main();
