import path from 'node:path';

/**
 * The remote as git is given it: the URL without credentials (what the clone's config keeps), the
 * header that carries the credentials on each command, and every form of the secret for scrubbing.
 */
export interface GitRemote {
  /** An https URL without user or password, or an absolute local path. */
  readonly url: string;
  /** Shown in logs and replies: the URL without credentials, query or fragment. */
  readonly display: string;
  /** `Authorization: Basic …` for https remotes with a token; never written to disk. */
  readonly authHeader?: string;
  /** The token, its encodings and the header: removed from anything git prints. */
  readonly secrets: readonly string[];
}

/** Parses CORPUS_GIT_URL (an https URL, or a local path) and CORPUS_GIT_TOKEN; throws a line naming what is wrong. */
export function gitRemote(rawUrl: string, token?: string): GitRemote {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(rawUrl)) {
    if (token) throw new Error('CORPUS_GIT_TOKEN: a token is only sent to an https remote, not to a local path');
    const local = path.resolve(rawUrl);
    return { url: local, display: local, secrets: [] };
  }
  let parsed: URL;
  try {
    parsed = new URL(rawUrl);
  } catch {
    throw new Error('CORPUS_GIT_URL: expected an https URL or a local path');
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(parsed.hostname)))
    throw new Error('CORPUS_GIT_URL: expected an https URL (or a local path); other protocols are not fetched');
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const url = parsed.toString();
  const secret = token ?? (password || user || undefined);
  const secrets = new Set<string>();
  let authHeader: string | undefined;
  if (secret) {
    // GitHub and GitLab take a token as the password of any user name.
    const name = token ? 'x-access-token' : password ? user || 'x-access-token' : 'x-access-token';
    const basic = Buffer.from(`${name}:${secret}`).toString('base64');
    authHeader = `Authorization: Basic ${basic}`;
    for (const value of [secret, encodeURIComponent(secret), basic, user && password ? `${user}:${password}` : ''])
      if (value) secrets.add(value);
  }
  parsed.search = '';
  parsed.hash = '';
  return { url, display: parsed.toString(), authHeader, secrets: [...secrets] };
}

/** Plain http is let through for loopback alone (a test's or a sidecar's server); credentials still never reach disk. */
function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** Removes every form of the secret, and any `user:password@` in a URL, from text git printed. */
export function scrub(text: string, remote: Pick<GitRemote, 'secrets'>): string {
  let out = text;
  for (const secret of remote.secrets) out = out.split(secret).join('***');
  return out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}
