/**
 * The one rule for which corpus links any platform shows as a link: http(s) only, and no name
 * before the host. `https://doi.org@evil.example` reads as doi.org and goes to evil.example; and
 * `https: @everyone` parses as a name at the host `everyone`. Each renderer then encodes what
 * its own markup would misread (Discord's `)` and @everyone, Slack's `|` and `&`).
 */
export function safeLinkUrl(raw: string | undefined): URL | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url;
}
