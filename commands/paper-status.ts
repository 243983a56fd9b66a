import type { CommandDefinition, ServiceStatus, Subscription } from '../src/command-types.ts';
import { UserError } from '../src/errors.ts';
import { noticeReply, type Reply } from '../src/reply.ts';
import { describeSubscription } from './paper-subscriptions.ts';

export const paperStatus: CommandDefinition = {
  name: 'paper-status',
  description: 'How the bot is doing: corpus, search, deliveries and this channel (only you see it)',
  textName: 'status',
  example: '/paper status',
  options: [],
  requires: 'manage-channel',
  handler: async (_args, context): Promise<Reply> => {
    if (!context.status) throw new UserError('Status is shown only while the bot runs as a service (paperbot start).');
    const { caller } = context;
    const [status, subscriptions] = await Promise.all([
      context.status.status({ platform: caller.platform, channelId: caller.channelId }),
      context.subscriptions ? context.subscriptions.list(caller) : Promise.resolve<Subscription[]>([]),
    ]);
    return noticeReply(statusLines(status, subscriptions).join('\n'), {
      heading: `paperbot ${status.version}`,
      tone: status.alerts.length ? 'error' : 'notice',
      ephemeral: true,
    });
  },
};

function statusLines(status: ServiceStatus, subscriptions: readonly Subscription[]): string[] {
  const lines: string[] = [];
  for (const alert of status.alerts) lines.push(`WARNING: ${alert}`);
  if (status.alerts.length) lines.push('');
  lines.push(
    `Up ${duration(Date.now() - status.startedAt.getTime())} (since ${minute(status.startedAt.toISOString())})`,
    `Corpus: ${status.corpus.entries} entries, ${status.corpus.problems} problem(s); last read ${minute(status.corpus.readAt.toISOString())}`,
    `Search: ${status.searchBackend}`,
    `Corpus duties (announcing new entries): ${status.corpusDuties}`,
    `Pending deliveries: ${status.pendingDeliveries}${status.oldestPendingAt ? `, the oldest queued ${minute(status.oldestPendingAt)}` : ''}`,
    `Last delivery error: ${status.lastDeliveryError ?? 'none'}`,
    '',
    subscriptions.length
      ? `This channel's subscriptions (${subscriptions.length}):`
      : 'This channel has no subscriptions.',
    ...subscriptions.map((subscription) => {
      const last = status.lastAnnounced.find((announced) => announced.subscriptionId === subscription.id);
      return `${describeSubscription(subscription)}\n    last announced: ${last ? `${last.title} (${minute(last.at)})` : 'nothing yet'}`;
    }),
  );
  return lines;
}

/** `2026-05-01 14:03 UTC` */
function minute(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** `3 d 4 h`, `5 h 12 min`, `42 s` */
function duration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const [d, h, m] = [
    Math.floor(seconds / 86_400),
    Math.floor((seconds % 86_400) / 3600),
    Math.floor((seconds % 3600) / 60),
  ];
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min`;
  return `${seconds} s`;
}
