import { readFile } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/corpus-files.ts';

/** Reads the manifest as YAML (gray-matter's front-matter parser is the YAML reader we ship). */
async function manifest(): Promise<Record<string, unknown>> {
  const text = await readFile(path.join(REPO_ROOT, 'slack-manifest.yml'), 'utf8');
  return matter(`---\n${text}\n---\n`).data;
}

function at(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>(
    (current, key) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined),
    value,
  );
}

describe('slack-manifest.yml', () => {
  it('creates an app with /paper, the scopes it needs, Socket Mode and interactivity', async () => {
    const data = await manifest();
    const commands = at(data, 'features', 'slash_commands');
    expect(Array.isArray(commands) ? commands.map((command) => at(command, 'command')) : []).toEqual(['/paper']);
    expect(String(at(data, 'features', 'slash_commands', '0', 'usage_hint'))).toMatch(/summary/);
    expect(at(data, 'oauth_config', 'scopes', 'bot')).toEqual(expect.arrayContaining(['commands', 'chat:write']));
    expect(at(data, 'settings', 'socket_mode_enabled')).toBe(true);
    expect(at(data, 'settings', 'interactivity', 'is_enabled')).toBe(true);
    expect(at(data, 'display_information', 'name')).toBe('paperbot');
  });

  it('asks for the scopes that tell who may manage a channel', async () => {
    const data = await manifest();
    expect(at(data, 'oauth_config', 'scopes', 'bot')).toEqual(
      expect.arrayContaining(['users:read', 'channels:read', 'groups:read', 'usergroups:read']),
    );
  });

  it('asks for link unfurling: the links scopes, the link_shared event and the domains of entry links', async () => {
    const data = await manifest();
    expect(at(data, 'oauth_config', 'scopes', 'bot')).toEqual(expect.arrayContaining(['links:read', 'links:write']));
    expect(at(data, 'settings', 'event_subscriptions', 'bot_events')).toEqual(['link_shared']);
    expect(at(data, 'features', 'unfurl_domains')).toEqual(['doi.org', 'ebi.ac.uk', 'omicsdi.org']);
  });
});
