/**
 * Events API deliveries as Slack sends them to an HTTP-mode app: a signed JSON `event_callback`.
 * https://api.slack.com/apis/events-api#callback-field
 */
import { randomUUID } from 'node:crypto';
import { postSigned, TEST_CHANNEL, TEST_USER, type HttpAnswer } from './slack-requests.ts';

export function eventCallback(event: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0PAPERBOT',
    api_app_id: 'A0PAPERBOT',
    event,
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0PAPERBOT', user_id: 'U0PAPERBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** `link_shared` for a message posted in the test channel holding `urls`. */
export function linkSharedEvent(urls: readonly string[], messageTs = '1700000100.000100'): Record<string, unknown> {
  return {
    type: 'link_shared',
    channel: TEST_CHANNEL,
    is_bot_user_member: true,
    user: TEST_USER,
    message_ts: messageTs,
    unfurl_id: `${TEST_CHANNEL}.${messageTs}.unfurl`,
    source: 'conversations_history',
    links: urls.map((url) => ({ domain: new URL(url).hostname, url })),
    event_ts: messageTs,
  };
}

export function postEvent(
  eventsUrl: string,
  event: Readonly<Record<string, unknown>>,
  headers: Readonly<Record<string, string>> = {},
): Promise<HttpAnswer> {
  return postSigned(eventsUrl, JSON.stringify(eventCallback(event)), {
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}
