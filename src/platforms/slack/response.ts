import type { RespondArguments } from '@slack/bolt';
import type { Reply } from '../../reply.ts';
import { encodeShareSource, type ShareSource } from './buttons.ts';
import { renderReply } from './render.ts';

/**
 * Who sees a reply on Slack. Results (search, summary, similar) go to the person who asked,
 * with a "Share in channel" button, so that trying queries never floods a channel; errors and
 * help are private; other notices (a subscription made) follow the Reply's own flag.
 */
export function isPrivate(reply: Reply): boolean {
  if (reply.tone === 'error' || reply.tone === 'result') return true;
  return reply.ephemeral;
}

export interface ResponseOptions {
  /** What produced the reply, so that sharing can produce it again; no Share button without it. */
  readonly source?: ShareSource;
  /** Post for everyone (a Share press); errors stay private regardless. */
  readonly inChannel?: boolean;
  /** Answering a button: true replaces the message it was on (Prev / Next), false adds a new one. */
  readonly replaceOriginal?: boolean;
}

/** The body of an ack or a `respond` call (both take the same shape). */
export function responseFor(reply: Reply, options: ResponseOptions = {}): RespondArguments {
  const everyone = options.inChannel === true && reply.tone !== 'error';
  const ephemeral = !everyone && isPrivate(reply);
  const shareValue =
    ephemeral && reply.tone === 'result' && options.source ? encodeShareSource(options.source) : undefined;
  const filesGoTo = reply.tone === 'error' ? undefined : ephemeral ? 'direct' : 'channel';
  const message = renderReply(reply, { shareValue, filesGoTo });
  return {
    response_type: ephemeral ? 'ephemeral' : 'in_channel',
    ...(options.replaceOriginal === undefined ? {} : { replace_original: options.replaceOriginal }),
    text: message.text,
    blocks: message.blocks,
  };
}
