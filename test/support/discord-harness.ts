/**
 * A real paperbot Bot on the real discord.js client, connected to the Discord stand-in.
 * `send` dispatches an interaction and resolves with the bot's first answer to it.
 */
import path from 'node:path';
import type { CommandDefinition } from '../../src/command-types.ts';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { DiscordPlatform } from '../../src/platforms/discord/discord-platform.ts';
import { warmUpCitations } from '../../src/citation/citation-js.ts';
import { DiscordStandin, type RecordedRequest } from './discord-standin.ts';
import type { DispatchedInteraction } from './discord-payloads.ts';
import { COMMANDS } from '../../commands/index.ts';

export const STANDIN_TOKEN = ['MTEwMDAwMDAwMDAwMDAwMDAx', 'GStand', 'stand-in-token-for-tests-only-0000'].join('.');
export const SHIPPED_CORPUS = path.resolve('corpus');

export interface HarnessOptions {
  readonly corpusDir?: string;
  readonly commands?: readonly CommandDefinition[];
  readonly deferAfterMs?: number;
  /** Read citeproc's styles before connecting, as `paperbot start` does (a first Cite otherwise stalls the gateway session). */
  readonly warmUpCitations?: boolean;
}

export interface InteractionCallback {
  /** 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete choices. */
  readonly type: number;
  readonly data: Record<string, unknown> & {
    content?: string;
    embeds?: Embed[];
    components?: { type: number; components: Button[] }[];
    allowed_mentions?: { parse?: unknown[] };
    flags?: number;
    choices?: { name: string; value: string }[];
  };
}

export interface Embed {
  title?: string;
  url?: string;
  description?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  author?: { name: string };
}

export interface Button {
  type: number;
  style: number;
  label: string;
  custom_id: string;
}

export class DiscordHarness {
  private constructor(
    readonly standin: DiscordStandin,
    readonly platform: DiscordPlatform,
    readonly bot: Bot,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<DiscordHarness> {
    const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    const corpus = await Corpus.load(options.corpusDir ?? SHIPPED_CORPUS);
    const bot = new Bot({ commands: options.commands ?? COMMANDS, corpus, logger: silentLogger() });
    const platform = new DiscordPlatform({
      token: STANDIN_TOKEN,
      apiUrl: standin.apiUrl,
      bot,
      logger: silentLogger(),
      ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    });
    try {
      if (options.warmUpCitations) await warmUpCitations();
      await platform.start();
    } catch (error) {
      await standin.close();
      throw error;
    }
    return new DiscordHarness(standin, platform, bot);
  }

  /** Dispatches the interaction and resolves with the bot's callback to it. */
  async send(interaction: DispatchedInteraction): Promise<InteractionCallback> {
    const answered = this.standin.waitForRequest(
      (request) =>
        request.method === 'POST' && request.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
    );
    this.standin.dispatchInteraction(interaction.payload);
    return (await answered).body as InteractionCallback;
  }

  /** The follow-up traffic on an interaction's webhook (edits of @original, follow-up messages, deletes). */
  webhookRequest(interaction: DispatchedInteraction, method: string, suffix = ''): Promise<RecordedRequest> {
    const target = `/webhooks/${interaction.payload.application_id as string}/${interaction.token}${suffix}`;
    return this.standin.waitForRequest((request) => request.method === method && request.path === target);
  }

  /** Teardown order matters: a client whose server vanished first reconnects forever. */
  async close(): Promise<void> {
    await this.platform.stop();
    await this.standin.close();
  }
}

export function allButtons(callback: InteractionCallback): Button[] {
  return (callback.data.components ?? []).flatMap((row) => row.components);
}

export function buttonLabelled(callback: InteractionCallback, label: string): Button {
  const button = allButtons(callback).find((candidate) => candidate.label === label);
  if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(allButtons(callback).map((b) => b.label))}`);
  return button;
}
