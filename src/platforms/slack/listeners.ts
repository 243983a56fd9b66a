import type { App, RespondArguments, RespondFn, webApi } from '@slack/bolt';
import type { Caller } from '../../command-types.ts';
import type { Bot } from '../../bot.ts';
import type { Logger } from '../../logger.ts';
import { errorReply, type Reply } from '../../reply.ts';
import { ACTION_ID_PATTERN, readButtonPress, type ShareSource } from './buttons.ts';
import { slackCaller } from './caller.ts';
import type { ChannelManagers } from './channel-managers.ts';
import { settleWithin, type InFlight } from './in-flight.ts';
import { readButtonPressFields, readSlashCommandFields } from './payloads.ts';
import { isPrivate, responseFor } from './response.ts';
import type { SlackPlace } from './threads.ts';
import type { ThreadSurface } from '../../command-types.ts';
import { fitMrkdwn } from './mrkdwn.ts';
import { uploadAttachments, type UploadDestination } from './uploads.ts';

/** The message that introduces uploaded files: one line, the reply's heading. */
const MAX_COMMENT = 300;

export interface ListenerDependencies {
  readonly bot: Bot;
  readonly logger: Logger;
  /** How long a command may run before the ack goes out empty and the reply follows via respond. */
  readonly replyWithinMs: number;
  readonly inFlight: InFlight;
  /** Where Discuss can open a thread (threads.ts); no threads without it. */
  readonly threadsAt?: (place: SlackPlace) => ThreadSurface | undefined;
  /** Who may manage a channel's subscriptions; asked only for the commands that need it. */
  readonly managers: ChannelManagers;
}

const UNKNOWN_BUTTON = 'This button is not one paperbot knows. Run the command again.';

/**
 * The only listeners: the `/paper` slash command (whatever it is named in the app) and the
 * buttons paperbot puts on its messages. They translate; the Bot does the work. Retries,
 * replays and other workspaces never reach them (request-middleware.ts, guarded-receiver.ts).
 */
export function registerListeners(app: App, deps: ListenerDependencies): void {
  const { bot, logger } = deps;

  app.command(/^\/\S+$/, ({ command, ack, respond, client }) =>
    deps.inFlight.run(async () => {
      const read = readSlashCommandFields(command);
      if (!read.ok) return ack(responseFor(errorReply(read.problem)));
      const { text, channelId, userId } = read.fields;
      const caller = slackCaller(channelId, userId);
      const source: ShareSource = { kind: 'text', text };
      const replying = safely(
        () =>
          asManager(deps, caller, bot.needsManageChannel({ text }), (permitted) =>
            bot.runSubcommandText(text, permitted, deps.threadsAt?.({ channelId: channelId ?? '', ephemeral: true })),
          ),
        logger,
      );
      const pending = replying.then((reply) => responseFor(reply, { source }));
      const early = await settleWithin(pending, deps.replyWithinMs);
      if (early.settled) await ack(early.value);
      else {
        await ack();
        await deliver(respond, await pending, logger);
      }
      const reply = await replying;
      await sendFiles(client, reply, destinationOf(reply, caller.channelId, caller.userId, false), respond, logger);
    }),
  );

  app.action({ type: 'block_actions', action_id: ACTION_ID_PATTERN }, ({ ack, body, action, respond, client }) =>
    deps.inFlight.run(async () => {
      await ack();
      const read = readButtonPressFields(body, action);
      if (!read.ok) return deliver(respond, responseFor(errorReply(read.problem), { replaceOriginal: false }), logger);
      const { channelId, userId, onEphemeral, type, actionId, value } = read.fields;
      const caller = slackCaller(channelId, userId);
      const press = type === 'button' ? readButtonPress(actionId, value) : { kind: 'unknown' as const };

      if (press.kind === 'unknown')
        return deliver(respond, responseFor(errorReply(UNKNOWN_BUTTON), { replaceOriginal: false }), logger);

      if (press.kind === 'share') {
        const source = press.source;
        const asked = source.kind === 'text' ? { text: source.text } : { actionId: source.actionId };
        const reply = await safely(
          () => asManager(deps, caller, bot.needsManageChannel(asked), (permitted) => rerun(bot, source, permitted)),
          logger,
        );
        await deliver(respond, responseFor(reply, { inChannel: true, replaceOriginal: false }), logger);
        await sendFiles(client, reply, destinationOf(reply, caller.channelId, caller.userId, true), respond, logger);
        // The private copy has done its job once everyone can see the result.
        if (reply.tone !== 'error' && onEphemeral) await deliver(respond, { delete_original: true }, logger);
        return;
      }

      const place: SlackPlace = {
        channelId: caller.channelId,
        messageTs: containerField(body.container, 'message_ts'),
        threadTs: containerField(body.container, 'thread_ts') ?? body.message?.thread_ts,
        ephemeral: onEphemeral,
      };
      const reply = await safely(
        () =>
          asManager(deps, caller, bot.needsManageChannel({ actionId: press.actionId }), (permitted) =>
            bot.runAction(press.actionId, permitted, deps.threadsAt?.(place)),
          ),
        logger,
      );
      // Paging turns the private result in place; on a shared message it opens a private copy
      // rather than turning the page for the whole channel.
      const replaceOriginal = press.scope === 'reply' && onEphemeral && reply.tone !== 'error';
      await deliver(
        respond,
        responseFor(reply, { source: { kind: 'action', actionId: press.actionId }, replaceOriginal }),
        logger,
      );
      await sendFiles(client, reply, destinationOf(reply, caller.channelId, caller.userId, false), respond, logger);
    }),
  );

  app.error(async (error) => {
    logger.error({ err: error }, 'slack listener failed');
  });
}

/**
 * Runs the command as someone who may manage the channel when it needs that and the Web API says
 * so; a refusal or a failed check is the answer instead. Other commands never ask.
 */
async function asManager(
  deps: ListenerDependencies,
  caller: Caller,
  needed: boolean,
  run: (caller: Caller) => Promise<Reply>,
): Promise<Reply> {
  if (!needed) return run(caller);
  const verdict = await deps.managers.check(caller.userId, caller.channelId);
  if (verdict.kind !== 'allowed') return errorReply(verdict.message);
  return run({ ...caller, canManageChannel: true });
}

/** A private reply's files go to the person's direct messages; a shared one's to the channel (see uploads.ts). */
function destinationOf(reply: Reply, channelId: string, userId: string, shared: boolean): UploadDestination {
  return !shared && isPrivate(reply) ? { kind: 'direct', userId } : { kind: 'channel', channelId };
}

/** Uploads the reply's files after its message; a refusal is told to the person privately, never thrown. */
async function sendFiles(
  client: webApi.WebClient,
  reply: Reply,
  destination: UploadDestination,
  respond: RespondFn,
  logger: Logger,
): Promise<void> {
  const files = reply.attachments ?? [];
  if (!files.length || reply.tone === 'error') return;
  const outcome = await uploadAttachments(
    client,
    files,
    destination,
    fitMrkdwn(reply.heading ?? files.map((file) => file.description).join(', '), MAX_COMMENT),
  );
  if (outcome.ok) return;
  logger.warn({ error: outcome.error, files: files.length }, 'slack file upload refused');
  await deliver(respond, responseFor(errorReply(outcome.error), { replaceOriginal: false }), logger);
}

function rerun(bot: Bot, source: ShareSource, caller: Caller): Promise<Reply> {
  return source.kind === 'text' ? bot.runSubcommandText(source.text, caller) : bot.runAction(source.actionId, caller);
}

/** The Bot answers every expected failure itself; this catches the unexpected rest. */
async function safely(work: () => Promise<Reply>, logger: Logger): Promise<Reply> {
  try {
    return await work();
  } catch (error) {
    logger.error({ err: error }, 'slack command failed');
    return errorReply('Something went wrong. It has been logged; please try again later.');
  }
}

/** A response_url lasts 30 minutes and takes 5 answers; a late or refused one is logged, not thrown. */
async function deliver(respond: RespondFn, message: RespondArguments, logger: Logger): Promise<void> {
  try {
    await respond(message);
  } catch (error) {
    logger.warn({ err: error }, 'slack response_url refused the reply');
  }
}

function containerField(record: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = record[name];
  return typeof value === 'string' ? value : undefined;
}
