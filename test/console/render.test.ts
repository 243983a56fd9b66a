import { describe, expect, it } from 'vitest';
import { renderForConsole } from '../../src/platforms/console/render.ts';
import type { Reply } from '../../src/reply.ts';

const reply: Reply = {
  tone: 'result',
  heading: 'Two things',
  cards: [
    {
      title: 'A title \u001b[31mred\u001b[0m',
      url: 'https://doi.org/10.1/x',
      fields: [
        { name: 'Kind', value: 'paper', inline: true },
        { name: 'DOI', value: '10.1/x', inline: true },
        { name: '/paper summary X', value: 'Summarise one entry' },
        { name: '/paper help', value: 'What paperbot does' },
      ],
      actions: [{ id: 'pb1:paper-summary:entry=x', label: 'Summary' }],
    },
  ],
  actions: [{ id: 'pb1:paper:query=x&page=2', label: 'Next ▶' }],
  ephemeral: false,
  fallback: 'Two things',
};

describe('console rendering', () => {
  it('puts inline fields on one line and every other field on a line of its own', () => {
    const lines = renderForConsole(reply, { ansi: false }).text.split('\n');
    expect(lines).toContain('   Kind: paper | DOI: 10.1/x');
    expect(lines).toContain('   /paper summary X: Summarise one entry');
    expect(lines).toContain('   /paper help: What paperbot does');
  });

  it('numbers buttons in the session and shows them as plain labels in one-shot answers', () => {
    const session = renderForConsole(reply, { ansi: false });
    expect(session.buttons.map((button) => [button.number, button.action.label])).toEqual([
      [1, 'Summary'],
      [2, 'Next ▶'],
    ]);
    expect(session.text).toContain('[1] Summary');
    const once = renderForConsole(reply, { ansi: false, interactive: false });
    expect(once.text).not.toContain('[1]');
    expect(once.text).not.toContain('Type a number');
  });

  it('drops escape sequences from corpus text so an entry cannot recolour the terminal', () => {
    expect(renderForConsole(reply, { ansi: false }).text).not.toContain('\u001b');
  });
});
