import { randomBytes } from 'node:crypto';
import type { ActionEncoder, ActionInvocation } from './command-types.ts';

export type { ActionInvocation };

export type DecodedAction =
  | { readonly kind: 'ok'; readonly invocation: ActionInvocation }
  | { readonly kind: 'expired' }
  | { readonly kind: 'invalid' };

/** Discord's custom_id is the tightest limit of the platforms (Slack's action_id allows 255). */
export const MAX_ACTION_ID_LENGTH = 100;
const PREFIX = 'pb1';
const REMEMBERED_PREFIX = `${PREFIX}~`;
const DEFAULT_TTL_MS = 30 * 60 * 1000;
const MAX_REMEMBERED = 20_000;

/**
 * Turns invocations into button ids and back. An id holds the invocation itself when it fits,
 * so it works after a restart; a longer one is remembered for a while under a short random id.
 */
export class ActionCodec implements ActionEncoder {
  private readonly remembered = new Map<string, { invocation: ActionInvocation; expires: number }>();

  constructor(
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  encode(invocation: ActionInvocation): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(invocation.args))
      if (value !== undefined) params.set(name, String(value));
    const inline = `${PREFIX}:${invocation.command}:${params.toString()}`;
    if (inline.length <= MAX_ACTION_ID_LENGTH) return inline;
    const token = randomBytes(9).toString('base64url');
    this.remember(token, invocation);
    return `${REMEMBERED_PREFIX}${token}`;
  }

  decode(id: string): DecodedAction {
    if (id.startsWith(REMEMBERED_PREFIX)) {
      const stored = this.remembered.get(id.slice(REMEMBERED_PREFIX.length));
      if (!stored || stored.expires < this.now()) return { kind: 'expired' };
      return { kind: 'ok', invocation: stored.invocation };
    }
    const match = /^pb1:([a-z][a-z-]{0,31}):(.*)$/s.exec(id);
    if (!match?.[1]) return { kind: 'invalid' };
    const args: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(match[2] ?? '')) args[name] = value;
    return { kind: 'ok', invocation: { command: match[1], args } };
  }

  private remember(token: string, invocation: ActionInvocation): void {
    const now = this.now();
    for (const [key, stored] of this.remembered) {
      if (stored.expires >= now && this.remembered.size < MAX_REMEMBERED) break;
      this.remembered.delete(key);
    }
    this.remembered.set(token, { invocation, expires: now + this.ttlMs });
  }
}
