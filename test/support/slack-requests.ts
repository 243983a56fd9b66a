/**
 * Requests as Slack sends them to an HTTP-mode app: form-encoded, signed with the signing
 * secret (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>`), content type exactly
 * `application/x-www-form-urlencoded` (Bolt compares it as a whole string).
 */
import { createHmac } from 'node:crypto';
import { STANDIN_APP_ID, STANDIN_TEAM_ID } from './slack-standin.ts';

export const TEST_SIGNING_SECRET = '8f742231b10e8888abcd990000a5c185';
export const TEST_BOT_TOKEN = ['xoxb', '1111111111', '2222222222', 'paperbottesttoken'].join('-');
export const TEST_APP_TOKEN = ['xapp', '1', 'A0PAPERBOT', '3333333333', 'paperbotapptoken'].join('-');

export const TEST_CHANNEL = 'C0PAPERS';
export const TEST_USER = 'U0READER';

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  readonly secret?: string;
  /** Seconds since the epoch; now when absent. */
  readonly timestamp?: number;
  /** Overrides the computed signature (a forged request). */
  readonly signature?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  /** The body parsed as JSON, when it is JSON. */
  readonly json: Record<string, unknown> | undefined;
}

export async function postSigned(url: string, body: string, options: SignedPostOptions = {}): Promise<HttpAnswer> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': options.signature ?? sign(options.secret ?? TEST_SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text, json: parseObject(text) };
}

export interface SlashCommandFields {
  readonly text: string;
  readonly responseUrl: string;
  readonly command?: string;
  readonly channelId?: string;
  readonly userId?: string;
  /** The workspace and app the request comes from; the stand-in's own when absent. */
  readonly teamId?: string;
  readonly appId?: string;
}

/** The fields of a slash-command payload, as both HTTP mode (form) and Socket Mode (JSON) carry them. */
export function slashCommandPayload(fields: SlashCommandFields): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: fields.teamId ?? STANDIN_TEAM_ID,
    team_domain: 'paperbot-test',
    channel_id: fields.channelId ?? TEST_CHANNEL,
    channel_name: 'journal-club',
    user_id: fields.userId ?? TEST_USER,
    user_name: 'reader',
    command: fields.command ?? '/paper',
    text: fields.text,
    api_app_id: fields.appId ?? STANDIN_APP_ID,
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1234.5678.abcdef',
  };
}

export function slashCommandForm(fields: SlashCommandFields): string {
  return new URLSearchParams(slashCommandPayload(fields)).toString();
}

export interface ButtonPressFields {
  readonly actionId: string;
  readonly value: string;
  readonly responseUrl: string;
  readonly isEphemeral?: boolean;
  readonly channelId?: string;
  readonly userId?: string;
  readonly teamId?: string;
  readonly appId?: string;
}

/** A `block_actions` payload for one button press. */
export function blockActionsPayload(fields: ButtonPressFields): Record<string, unknown> {
  const channel = fields.channelId ?? TEST_CHANNEL;
  const team = fields.teamId ?? STANDIN_TEAM_ID;
  return {
    type: 'block_actions',
    user: { id: fields.userId ?? TEST_USER, username: 'reader', name: 'reader', team_id: team },
    api_app_id: fields.appId ?? STANDIN_APP_ID,
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: channel,
      is_ephemeral: fields.isEphemeral ?? true,
    },
    trigger_id: '1234.5678.abcdef',
    team: { id: team, domain: 'paperbot-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'journal-club' },
    state: { values: {} },
    response_url: fields.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Button', emoji: true },
        value: fields.value,
        action_ts: '1700000001.000200',
      },
    ],
  };
}

/** Interactive payloads arrive as one form field, `payload`, holding JSON. */
export function blockActionsForm(fields: ButtonPressFields): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(fields)) }).toString();
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
