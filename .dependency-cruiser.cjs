/**
 * paperbot's import rules (docs/architecture.md): dependencies point one way.
 * commands/ -> core (src/) -> models; platforms sit at the edge; main.ts composes everything.
 * Checked in CI by `npm run lint:deps`.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles, of any length.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-does-not-import-commands',
      severity: 'error',
      comment: 'The core never imports a command: main.ts (the composition root) hands the command list over.',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^commands/' },
    },
    {
      name: 'commands-do-not-import-platforms',
      severity: 'error',
      comment: 'A command answers with a Reply; how a platform shows it is the renderer\'s business.',
      from: { path: '^commands/' },
      to: { path: '^src/platforms/' },
    },
    {
      name: 'platforms-only-from-main',
      severity: 'error',
      comment: 'Only the composition root (main.ts, start.ts) and the CLI entry points reach into src/platforms/; the rest of the core knows no platform.',
      from: { path: '^src/', pathNot: ['^src/platforms/', '^src/(main|start)\\.ts$', '^src/cli/'] },
      to: { path: '^src/platforms/' },
    },
    {
      name: 'platform-libraries-only-in-platforms',
      severity: 'error',
      comment: 'discord.js and Bolt are imported by their platform folder alone.',
      from: { path: '^(src|commands)/', pathNot: '^src/platforms/' },
      to: { path: 'node_modules/(discord\\.js|@discordjs/|@slack/)' },
    },
    {
      name: 'one-platform-at-a-time',
      severity: 'error',
      comment: 'A platform folder does not import another platform folder.',
      from: { path: '^src/platforms/(discord|slack|console)/' },
      to: { path: '^src/platforms/(discord|slack|console)/', pathNot: '^src/platforms/$1/' },
    },
    {
      name: 'store-search-corpus-know-no-notifications',
      severity: 'error',
      comment: 'store/, search/ and corpus/ know nothing of notifications, discussions, platforms or the bot.',
      from: { path: '^src/(store|search|corpus)/' },
      to: { path: '^src/(notify|discuss|platforms|bot\\.ts|main\\.ts|corpus-sync\\.ts)' },
    },
    {
      name: 'command-types-import-only-models',
      severity: 'error',
      comment: 'What a command sees imports only the core\'s models (by type): the Reply, the Entry and the search interface.',
      from: { path: '^src/command-types\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(reply\\.ts|corpus/entry\\.ts|search/search-backend\\.ts)$' },
    },
    {
      name: 'models-are-leaves',
      severity: 'error',
      comment: 'The Reply and Entry models import nothing of the project.',
      from: { path: '^src/(reply\\.ts|corpus/entry\\.ts)$' },
      to: { path: '^(src|commands)/' },
    },
    {
      name: 'tests-and-bench-are-not-imported',
      severity: 'error',
      comment: 'Production code never imports a test or the bench.',
      from: { path: '^(src|commands|bin)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
