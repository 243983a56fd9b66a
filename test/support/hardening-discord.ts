/**
 * Interactions from several users against the Discord stand-in, for flood tests and the flood
 * bench: the same payloads as discord-payloads.ts, with the member's user id replaced.
 */
import type { DiscordStandin, RecordedRequest } from './discord-standin.ts';
import { chatInputInteraction, type DispatchedInteraction, type OptionValue } from './discord-payloads.ts';
import type { InteractionCallback } from './discord-harness.ts';

export function commandFrom(
  userId: string,
  name: string,
  options: Readonly<Record<string, OptionValue>>,
): DispatchedInteraction {
  const interaction = chatInputInteraction(name, options);
  const member = interaction.payload.member as { user: Record<string, unknown> };
  return {
    ...interaction,
    payload: {
      ...interaction.payload,
      member: { ...member, user: { ...member.user, id: userId, username: `user-${userId.slice(-4)}` } },
    },
  };
}

export function callbackPath(interaction: DispatchedInteraction): string {
  return `/interactions/${interaction.id}/${interaction.token}/callback`;
}

export interface Answered {
  readonly callback: InteractionCallback;
  /** Milliseconds from dispatch to the callback reaching the stand-in. */
  readonly latencyMs: number;
  /** How many callbacks the stand-in had received before this one, since `since`. */
  readonly position: number;
}

/** Dispatches each interaction in order, at once, and resolves with every answer. */
export async function dispatchAll(
  standin: DiscordStandin,
  interactions: readonly DispatchedInteraction[],
): Promise<Answered[]> {
  const since = standin.requests.length;
  const started = new Map<string, number>();
  const answers = interactions.map((interaction) =>
    standin
      .waitForRequest(
        (request: RecordedRequest) => request.method === 'POST' && request.path === callbackPath(interaction),
      )
      .then((request) => {
        const arrived = performance.now();
        const position = standin.requests
          .slice(since)
          .filter((candidate) => candidate.path.endsWith('/callback'))
          .indexOf(request);
        return {
          callback: request.body as InteractionCallback,
          latencyMs: arrived - (started.get(interaction.id) ?? arrived),
          position,
        };
      }),
  );
  for (const interaction of interactions) {
    started.set(interaction.id, performance.now());
    standin.dispatchInteraction(interaction.payload);
  }
  return Promise.all(answers);
}
