import { DiscordAPIError, HTTPError } from 'discord.js';
import { describeApiHost } from './rest-options.ts';
import { errorCode, firstLine, networkReason } from './failures.ts';
import { UnexpectedApiAnswerError } from './gateway-check.ts';

/** The gateway closed for good while connecting (bad token, refused intents). */
export class GatewayClosedError extends Error {
  constructor(readonly code: number) {
    super(`gateway closed with code ${code}`);
  }
}

export class ReadyTimeoutError extends Error {
  constructor(readonly afterMs: number) {
    super(`not ready after ${afterMs} ms`);
  }
}

const BAD_TOKEN =
  'Discord refused the bot token; copy it again from the Bot page of the developer portal into DISCORD_TOKEN';

/** Gateway close codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-close-event-codes */
const CLOSE_REASONS: Readonly<Record<number, string>> = {
  4004: BAD_TOKEN,
  4010: 'Discord refused the shard settings (close code 4010)',
  4011: 'the bot is in too many servers for one connection (close code 4011)',
  4012: 'Discord refused the gateway version (close code 4012)',
  4013: 'Discord refused the gateway intents (close code 4013)',
  4014: 'Discord refused an intent the bot is not allowed to use (close code 4014)',
};

/** One line for the operator: what failed and what to do; never the token. */
export function describeStartError(
  error: unknown,
  context: { readonly token: string; readonly apiUrl?: string },
): string {
  return scrub(describe(error, context.apiUrl), context.token);
}

function describe(error: unknown, apiUrl: string | undefined): string {
  if (error instanceof GatewayClosedError)
    return CLOSE_REASONS[error.code] ?? `the Discord gateway closed the connection (code ${error.code})`;
  if (error instanceof ReadyTimeoutError)
    return `Discord did not finish connecting within ${Math.round(error.afterMs / 1000)} s (API at ${describeApiHost(apiUrl)})`;
  if (hasCode(error, 'TokenInvalid')) return BAD_TOKEN;
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return BAD_TOKEN;
    return `the Discord API at ${describeApiHost(apiUrl)} refused the request: ${firstLine(error.message)} (${error.status})`;
  }
  if (error instanceof HTTPError)
    return `the Discord API at ${describeApiHost(apiUrl)} answered ${error.status}; try again later`;
  if (errorCode(error) || (error instanceof Error && error.name === 'AbortError')) return networkReason(error, apiUrl);
  if (error instanceof UnexpectedApiAnswerError)
    return `${describeApiHost(apiUrl)} does not answer like Discord's API (${error.message}); check DISCORD_API_URL`;
  // A TypeError or SyntaxError here is discord.js tripping over an answer it did not expect.
  if (error instanceof TypeError || error instanceof SyntaxError) {
    return `${describeApiHost(apiUrl)} gave an answer the Discord client could not use (${firstLine(error.message)}); check DISCORD_API_URL`;
  }
  return firstLine(error instanceof Error ? error.message : String(error)) || 'unknown failure';
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function scrub(line: string, token: string): string {
  const oneLine = line.replace(/\s+/g, ' ').trim();
  return token.length >= 8 ? oneLine.split(token).join('[redacted]') : oneLine;
}
