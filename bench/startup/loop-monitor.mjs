// Loaded into the bot's process with `node --import` by the start-up bench (never by the bot
// itself): samples how late a 10 ms timer fires, which is how long the event loop was blocked,
// and writes the samples to $PAPERBOT_LOOP_SAMPLES when the process exits, and the process's peak
// RSS in KB (its threads' included) beside them, to $PAPERBOT_LOOP_SAMPLES.maxrss.
import { writeFileSync } from 'node:fs';

const INTERVAL_MS = 10;
const file = process.env.PAPERBOT_LOOP_SAMPLES;
if (file) {
  /** [epoch ms when the timer fired, ms it was late] */
  const samples = [];
  let expected = Date.now() + INTERVAL_MS;
  const timer = setInterval(() => {
    const now = Date.now();
    samples.push([now, Math.max(0, now - expected)]);
    expected = now + INTERVAL_MS;
  }, INTERVAL_MS);
  timer.unref();
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify(samples));
    writeFileSync(`${file}.maxrss`, String(process.resourceUsage().maxRSS));
  });
}
