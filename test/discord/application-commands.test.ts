import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import type { CommandDefinition } from '../../src/command-types.ts';
import { noticeReply } from '../../src/reply.ts';
import {
  applicationCommandProblems,
  buildApplicationCommands,
} from '../../src/platforms/discord/application-commands.ts';

/** Discord's rules, restated here from its documentation rather than imported from the builder. */
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const MANAGE_CHANNELS = String(1 << 4);

interface WireOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
}

const commands = buildApplicationCommands(COMMANDS);

describe('the application commands built from COMMANDS', () => {
  it('has one chat-input command per definition, in order', () => {
    expect(commands.map((command) => command.name)).toEqual(COMMANDS.map((command) => command.name));
    expect(commands.every((command) => command.type === 1)).toBe(true);
  });

  it("follows Discord's rules for names, descriptions, option counts and order", () => {
    expect(commands.length).toBeLessThanOrEqual(100);
    for (const command of commands) {
      expect(command.name).toMatch(NAME);
      expect(command.name).toBe(command.name.toLowerCase());
      expect(command.description.length).toBeGreaterThanOrEqual(1);
      expect(command.description.length).toBeLessThanOrEqual(100);
      const options = (command.options ?? []) as WireOption[];
      expect(options.length).toBeLessThanOrEqual(25);
      const firstOptional = options.findIndex((option) => !option.required);
      if (firstOptional >= 0) expect(options.slice(firstOptional).some((option) => option.required)).toBe(false);
      for (const option of options) {
        expect(option.name).toMatch(NAME);
        expect(option.name).toBe(option.name.toLowerCase());
        expect(option.description.length).toBeGreaterThanOrEqual(1);
        expect(option.description.length).toBeLessThanOrEqual(100);
        expect([3, 4, 7, 8]).toContain(option.type);
        expect((option.choices ?? []).length).toBeLessThanOrEqual(25);
        if (option.choices?.length) expect(option.autocomplete).toBeFalsy();
      }
    }
    expect(applicationCommandProblems(commands)).toEqual([]);
  });

  it('carries the typed options, choices and autocomplete flags of /paper, and not its internal page', () => {
    const paper = commands.find((command) => command.name === 'paper');
    const options = (paper?.options ?? []) as WireOption[];
    expect(options.map((option) => option.name)).toEqual(['query', 'kind', 'author', 'year']);
    expect(options[0]).toMatchObject({ type: 3, required: true, autocomplete: true });
    expect(options[0]?.description).toMatch(/^What to look for: .*…$/);
    expect(options[1]?.choices).toEqual([
      { name: 'paper', value: 'paper' },
      { name: 'dataset', value: 'dataset' },
    ]);
    expect(options.some((option) => option.name === 'page')).toBe(false);
  });

  it('marks entry options for autocomplete', () => {
    for (const name of ['paper-summary', 'paper-similar']) {
      const entry = (commands.find((command) => command.name === name)?.options ?? []) as WireOption[];
      expect(entry[0]).toMatchObject({ name: 'entry', type: 3, required: true, autocomplete: true });
    }
  });

  it('requires Manage Channels by default exactly for the commands that need it', () => {
    for (const definition of COMMANDS) {
      const built = commands.find((command) => command.name === definition.name);
      expect(built?.default_member_permissions ?? null).toBe(
        definition.requires === 'manage-channel' ? MANAGE_CHANNELS : null,
      );
    }
    expect(commands.filter((command) => command.default_member_permissions === MANAGE_CHANNELS).length).toBeGreaterThan(
      0,
    );
  });

  it('is the same JSON every time, so registering twice changes nothing', () => {
    expect(JSON.stringify(buildApplicationCommands(COMMANDS))).toBe(JSON.stringify(commands));
  });
});

describe('building from other definitions', () => {
  const base = { textName: 'x', example: '/paper x', handler: () => noticeReply('ok') };

  it('puts required options before optional ones and maps integers with their bounds', () => {
    const definition: CommandDefinition = {
      ...base,
      name: 'paper-later',
      description: 'A command added later',
      requires: 'manage-channel',
      options: [
        { name: 'limit', description: 'How many', type: 'integer', required: false, minValue: 1, maxValue: 10 },
        { name: 'query', description: 'What', type: 'string', required: true },
      ],
    };
    const [built] = buildApplicationCommands([definition]);
    expect(built?.options).toEqual([
      { name: 'query', description: 'What', required: true, type: 3, autocomplete: false },
      {
        name: 'limit',
        description: 'How many',
        required: false,
        type: 4,
        min_value: 1,
        max_value: 10,
        autocomplete: false,
      },
    ]);
    expect(built?.default_member_permissions).toBe(MANAGE_CHANNELS);
  });

  it('reports what Discord would refuse', () => {
    const bad: CommandDefinition = {
      ...base,
      name: 'Paper Search',
      description: '',
      options: Array.from({ length: 26 }, (_, index) => ({
        name: `o${index}`,
        description: 'd',
        type: 'string' as const,
        required: false,
      })),
    };
    const problems = applicationCommandProblems(buildApplicationCommands([bad, bad]));
    expect(problems.join('\n')).toMatch(/a name must be 1-32 letters/);
    expect(problems.join('\n')).toMatch(/description must be 1-100/);
    expect(problems.join('\n')).toMatch(/defined twice/);
  });
});
