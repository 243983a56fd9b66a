import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { DeliveryAlerts } from '../../src/health/delivery-alerts.ts';
import { createLogger } from '../../src/logger.ts';

function alertsAt(clock: { now: number }): { alerts: DeliveryAlerts; log: () => string[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const logger = createLogger({ level: 'info', destination: stream });
  const alerts = new DeliveryAlerts({ afterMs: 60_000, pendingLimit: 100 }, logger, () => clock.now);
  return {
    alerts,
    log: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { msg: string }).msg),
  };
}

it('a backlog over the limit for the alert time warns once, and once more when it drains', () => {
  const clock = { now: 1_000_000 };
  const { alerts, log } = alertsAt(clock);
  alerts.backlog(150);
  expect(alerts.evaluate()).toEqual([]);
  clock.now += 59_000;
  alerts.backlog(180);
  expect(alerts.evaluate()).toEqual([]);
  clock.now += 1_000;
  expect(alerts.evaluate()).toEqual(['180 announcements have been pending (over the limit of 100) for 1 min']);
  clock.now += 120_000;
  alerts.evaluate();
  expect(log()).toEqual([
    'deliveries are in trouble: 180 announcements have been pending (over the limit of 100) for 1 min',
  ]);
  alerts.backlog(20);
  expect(alerts.evaluate()).toEqual([]);
  alerts.evaluate();
  expect(log().slice(1)).toEqual(['deliveries recovered: announcements are going out again']);
});

it('failures followed by a success within the alert time say nothing', () => {
  const clock = { now: 1_000_000 };
  const { alerts, log } = alertsAt(clock);
  alerts.failed('discord', 'HTTP 502');
  clock.now += 50_000;
  alerts.failed('discord', 'HTTP 502');
  alerts.sent();
  clock.now += 50_000;
  alerts.failed('discord', 'HTTP 502');
  expect(alerts.evaluate()).toEqual([]);
  expect(log()).toEqual([]);
});
