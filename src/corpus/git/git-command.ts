import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { scrub, type GitRemote } from './git-remote.ts';

/** A fetch that hangs (a remote that accepts and never answers) is given up after this long. */
const GIT_TIMEOUT_MS = 120_000;

/**
 * Settings every git command runs with, whatever the system, the user or the repository says:
 * no hooks, no filter or LFS program, no credential helper or prompt, no submodule, no protocol
 * but https and local files, no file-system monitor, no pager. The clone's own config is written
 * by us alone (a remote cannot send config), and nothing of the system's or user's is read.
 */
function safeConfig(remote: GitRemote): string[] {
  const config = [
    'core.hooksPath=/dev/null',
    'core.fsmonitor=false',
    'core.askPass=',
    'core.pager=cat',
    'credential.helper=',
    'filter.lfs.smudge=',
    'filter.lfs.clean=',
    'filter.lfs.process=',
    'filter.lfs.required=false',
    'submodule.recurse=false',
    'fetch.recurseSubmodules=false',
    'protocol.allow=never',
    'protocol.https.allow=always',
    'protocol.file.allow=always',
    'http.followRedirects=false',
    'advice.detachedHead=false',
  ];
  if (remote.url.startsWith('http://')) config.push('protocol.http.allow=always');
  return config;
}

/** The environment git runs in: only what it needs, the credentials in it and nowhere on disk or in argv. */
function safeEnv(dir: string, remote: GitRemote): Record<string, string> {
  const env: Record<string, string> = {
    // The checkout lives under DATA_DIR, which may itself lie inside a repository: never act on that one.
    GIT_CEILING_DIRECTORIES: path.dirname(path.resolve(dir)),
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/nonexistent',
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '/bin/false',
    SSH_ASKPASS: '/bin/false',
    GIT_LFS_SKIP_SMUDGE: '1',
    GIT_ALLOW_PROTOCOL: remote.url.startsWith('http://') ? 'https:http:file' : 'https:file',
    GIT_PROTOCOL_FROM_USER: '0',
  };
  if (remote.authHeader) {
    // Given through the environment, so it is neither in the process list nor in .git/config,
    // and scoped to the remote's URL so a redirect to another host never carries it.
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = `http.${remote.url}.extraHeader`;
    env.GIT_CONFIG_VALUE_0 = remote.authHeader;
  }
  return env;
}

/** Config given on single commands or through the environment (the credentials header). */
const EXTRA_CONFIG = ['http.*.extraheader', 'init.templatedir', 'core.quotepath'];

/** Runs git commands in `dir` with the safe settings; failures come back with every secret scrubbed. */
export class GitCommands {
  /** Made on the first command: simple-git wants the folder to exist, and the source creates it. */
  private git: SimpleGit | undefined;

  constructor(
    private readonly dir: string,
    private readonly remote: GitRemote,
  ) {}

  async run(args: string[]): Promise<string> {
    const config = safeConfig(this.remote);
    const env = safeEnv(this.dir, this.remote);
    // simple-git's strict mode refuses any other config or GIT_ variable, so nothing slips in by accident.
    this.git ??= simpleGit({
      baseDir: this.dir,
      config,
      timeout: { block: GIT_TIMEOUT_MS },
      maxConcurrentProcesses: 1,
      strict: true,
      allowConfig: [...config.map((entry) => entry.split('=')[0] ?? ''), ...EXTRA_CONFIG],
      allowEnvironment: Object.keys(env),
    }).env(env);
    try {
      return await this.git.raw(args);
    } catch (error) {
      throw new Error(this.describe(error));
    }
  }

  /** git's own message (its last meaningful lines), scrubbed; never the command line, which could hold a path with a secret. */
  describe(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    const lines = message
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('hint:'));
    const fatal = lines.filter((line) => /^(fatal|error):/.test(line));
    return scrub((fatal.length ? fatal : lines).slice(-2).join('; ') || 'git failed', this.remote).slice(0, 400);
  }
}
