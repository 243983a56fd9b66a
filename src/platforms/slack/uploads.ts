/**
 * A reply's files on Slack, through the Web API client Bolt hands each listener:
 * `files.uploadV2` runs Slack's current flow (files.getUploadURLExternal, a POST of the bytes
 * to the URL it returns, files.completeUploadExternal). Slack has no private file in a
 * channel, so a private reply's files go to the person's direct messages with the bot
 * (conversations.open, scope `im:write`); a shared reply's go to the channel. Needs `files:write`.
 */
import type { webApi } from '@slack/bolt';
import type { Attachment } from '../../reply.ts';
import { fitPlain } from './mrkdwn.ts';

/** Our own bound: a reply carries a chart or a few records, never a folder. */
export const MAX_UPLOADED_FILES = 10;
const MAX_TITLE = 250;

export type UploadDestination =
  | { readonly kind: 'direct'; readonly userId: string }
  | { readonly kind: 'channel'; readonly channelId: string };

export type UploadOutcome =
  | { readonly ok: true; readonly channelId: string }
  | { readonly ok: false; readonly error: string };

export async function uploadAttachments(
  client: webApi.WebClient,
  attachments: readonly Attachment[],
  destination: UploadDestination,
  comment: string,
): Promise<UploadOutcome> {
  let channelId: string | undefined;
  try {
    channelId =
      destination.kind === 'channel' ? destination.channelId : await openDirectMessage(client, destination.userId);
    if (!channelId) return { ok: false, error: 'Slack did not open a direct message with you.' };
    await client.files.uploadV2({
      channel_id: channelId,
      initial_comment: comment,
      file_uploads: attachments.slice(0, MAX_UPLOADED_FILES).map((attachment) => ({
        file: Buffer.from(attachment.data),
        filename: attachment.name,
        title: fitPlain(attachment.description, MAX_TITLE),
        ...(attachment.contentType === 'image/png' ? { alt_text: fitPlain(attachment.description, 1000) } : {}),
      })),
    });
    return { ok: true, channelId };
  } catch (error) {
    return { ok: false, error: describeUploadError(error, destination) };
  }
}

async function openDirectMessage(client: webApi.WebClient, userId: string): Promise<string | undefined> {
  const opened = await client.conversations.open({ users: userId });
  return opened.channel?.id;
}

/** What the person can do about it, by Slack's error code; never the token or the raw response. */
export function describeUploadError(error: unknown, destination: UploadDestination): string {
  const code = slackErrorCode(error);
  const where = destination.kind === 'channel' ? 'this channel' : 'your direct messages';
  switch (code) {
    case 'not_in_channel':
    case 'channel_not_found':
      return `paperbot could not post the file in ${where}: invite it to the channel first (/invite @paperbot).`;
    case 'missing_scope':
      return 'paperbot may not upload files here: its Slack app needs the files:write and im:write scopes (see slack-manifest.yml), then reinstall it.';
    case 'is_archived':
      return 'This channel is archived, so paperbot cannot post the file here.';
    default:
      return `Slack refused the file upload to ${where}${code ? ` (${code})` : ''}. Please try again later.`;
  }
}

function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: unknown }).data;
  if (typeof data === 'object' && data !== null && typeof (data as { error?: unknown }).error === 'string')
    return (data as { error: string }).error;
  return undefined;
}
