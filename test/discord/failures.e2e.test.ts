import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import type { CommandDefinition } from '../../src/command-types.ts';
import { noticeReply, type Reply } from '../../src/reply.ts';
import { DiscordHarness } from '../support/discord-harness.ts';
import { buttonInteraction, chatInputInteraction } from '../support/discord-payloads.ts';

const EPHEMERAL = 64;

function command(
  name: string,
  handler: CommandDefinition['handler'],
  extra: Partial<CommandDefinition> = {},
): CommandDefinition {
  return {
    name,
    description: `Test command ${name}`,
    textName: name,
    example: `/paper ${name}`,
    options: [],
    handler,
    ...extra,
  };
}

/** A handler that waits until the test lets it go, so "slow" never depends on the clock. */
class Gate {
  private release: () => void = () => undefined;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  open(): void {
    this.release();
  }
}

describe('commands that fail or need permissions', () => {
  let harness: DiscordHarness;

  beforeAll(async () => {
    harness = await DiscordHarness.start({
      commands: [
        ...COMMANDS,
        command('paper-explode', () => {
          throw new Error('the handler broke');
        }),
        command(
          'paper-guarded',
          (_args, context) => noticeReply(`Allowed in ${context.caller.channelId}.`, { ephemeral: false }),
          { requires: 'manage-channel' },
        ),
      ],
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('answers a command whose handler throws with a private sentence, and keeps serving', async () => {
    const callback = await harness.send(chatInputInteraction('paper-explode'));
    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(callback.data.content).toMatch(/^Something went wrong while running paper-explode\./);
    expect(callback.data.content).not.toContain('the handler broke');
    const after = await harness.send(chatInputInteraction('paper', { query: 'MSC COVID' }));
    expect(after.data.embeds?.length).toBe(2);
  });

  it("answers a button that is not paperbot's privately", async () => {
    const callback = await harness.send(buttonInteraction('someone-elses-button'));
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(callback.data.content).toMatch(/not one of paperbot's/);
  });

  it('refuses a Manage Channels command to a member without the permission, and runs it for one with it', async () => {
    const refused = await harness.send(chatInputInteraction('paper-guarded'));
    expect(refused.data.flags).toBe(EPHEMERAL);
    expect(refused.data.content).toMatch(/Manage Channels/);
    const allowed = await harness.send(chatInputInteraction('paper-guarded', {}, { canManageChannel: true }));
    expect(allowed.data.flags ?? 0).toBe(0);
    expect(allowed.data.content).toMatch(/^Allowed in \d+\.$/);
  });
});

describe("commands slower than Discord's answer window", () => {
  let harness: DiscordHarness;
  const gates = new Map<string, Gate>();
  const gate = (name: string): Gate => {
    const existing = gates.get(name) ?? new Gate();
    gates.set(name, existing);
    return existing;
  };
  const slowReply = (title: string): Reply => ({
    tone: 'result',
    heading: 'Slow but here',
    cards: [{ title }],
    actions: [],
    ephemeral: false,
    fallback: title,
  });

  beforeAll(async () => {
    harness = await DiscordHarness.start({
      // Defer at once: the gates, not the clock, make these handlers slow.
      deferAfterMs: 0,
      commands: [
        ...COMMANDS,
        command('paper-slow', async () => {
          await gate('slow').opened;
          return slowReply('Finished after a while');
        }),
        command('paper-slow-fail', async () => {
          await gate('slow-fail').opened;
          throw new Error('late failure');
        }),
        command('paper-slow-button', async () => {
          await gate('slow-button').opened;
          return slowReply('A slow button answer');
        }),
      ],
    });
  });

  afterAll(async () => {
    for (const waiting of gates.values()) waiting.open();
    await harness?.close();
  });

  it('defers, then edits the original answer', async () => {
    const interaction = chatInputInteraction('paper-slow');
    const deferred = await harness.send(interaction);
    expect(deferred.type).toBe(5);
    const edit = harness.webhookRequest(interaction, 'PATCH', '/messages/@original');
    gate('slow').open();
    const body = (await edit).body as { embeds?: { title?: string }[]; allowed_mentions?: unknown; content?: string };
    expect(body.embeds?.[0]?.title).toBe('Finished after a while');
    expect(body.content).toContain('Slow but here');
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('replaces a deferred answer with a private error when the slow command fails', async () => {
    const interaction = chatInputInteraction('paper-slow-fail');
    expect((await harness.send(interaction)).type).toBe(5);
    const deleted = harness.webhookRequest(interaction, 'DELETE', '/messages/@original');
    const followUp = harness.webhookRequest(interaction, 'POST');
    gate('slow-fail').open();
    await deleted;
    const body = (await followUp).body as { flags?: number; content?: string };
    expect(body.flags).toBe(EPHEMERAL);
    expect(body.content).toMatch(/^Something went wrong while running paper-slow-fail\./);
  });

  it('defers a slow button as an update, then answers with a new message', async () => {
    const interaction = buttonInteraction('pb1:paper-slow-button:');
    expect((await harness.send(interaction)).type).toBe(6);
    const followUp = harness.webhookRequest(interaction, 'POST');
    gate('slow-button').open();
    const body = (await followUp).body as { embeds?: { title?: string }[] };
    expect(body.embeds?.[0]?.title).toBe('A slow button answer');
  });
});
