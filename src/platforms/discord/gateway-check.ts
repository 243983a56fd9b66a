import { Routes, type REST } from 'discord.js';
import { z } from 'zod';

/**
 * What Discord answers to GET /gateway/bot. discord.js reads this answer without checking it, so
 * anything else (another service, a proxy's error page, `null`) became a TypeError deep inside
 * it, or a gateway URL it could not open and a start-up that hung.
 */
const GATEWAY_BOT = z.object({
  url: z.string().refine(isWebSocketUrl, 'is not a ws:// or wss:// URL'),
  shards: z.number().int().positive(),
  session_start_limit: z.object({
    total: z.number(),
    remaining: z.number(),
    reset_after: z.number(),
    max_concurrency: z.number().int().positive(),
  }),
});

/** The API answered, but not the way Discord's does: most often DISCORD_API_URL points elsewhere. */
export class UnexpectedApiAnswerError extends Error {
  constructor(
    readonly route: string,
    readonly what: string,
  ) {
    super(`GET ${route} gave ${what}`);
  }
}

/** Asks for the gateway the way discord.js will, and refuses an answer it could not use. */
export async function checkGatewayAnswer(rest: REST): Promise<void> {
  const answer: unknown = await rest.get(Routes.gatewayBot());
  const parsed = GATEWAY_BOT.safeParse(answer);
  if (!parsed.success)
    throw new UnexpectedApiAnswerError('/gateway/bot', describeAnswer(answer, parsed.error.issues[0]));
}

function describeAnswer(answer: unknown, issue: z.core.$ZodIssue | undefined): string {
  // @discordjs/rest hands back the raw bytes when the answer is not JSON (an HTML page, say).
  if (answer instanceof ArrayBuffer || ArrayBuffer.isView(answer)) return 'an answer that is not JSON';
  if (answer === null || typeof answer !== 'object')
    return `${answer === null ? 'null' : typeof answer} instead of an object`;
  if (Array.isArray(answer)) return 'a list instead of an object';
  if (!issue) return 'an answer it could not use';
  const field = issue.path.map(String).join('.');
  const value = issue.path.reduce<unknown>(
    (at, key) => (at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined),
    answer,
  );
  if (value === undefined) return `an object without "${field}"`;
  return `"${field}" that ${issue.code === 'custom' ? issue.message : `is not what Discord sends (${issue.message})`}`;
}

function isWebSocketUrl(text: string): boolean {
  try {
    return ['ws:', 'wss:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}
