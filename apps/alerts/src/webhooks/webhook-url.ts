export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Why a webhook URL is refused, or null when it is usable. */
export function webhookUrlProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'url must be a non-empty string';
  if (value.length > MAX_WEBHOOK_URL_LENGTH)
    return `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url must be an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must use http or https';
  // fetch refuses them, and a password in a URL ends up in logs and proxies: use the signing secret instead.
  if (url.username !== '' || url.password !== '') return 'url must not contain a user name or password';
  if (url.hash !== '') return 'url must not contain a #fragment';
  return null;
}

/**
 * A webhook URL fit for logs and API answers. Chat platforms put their credentials in the path or query
 * (Slack's /services/T…/B…/secret, Google Chat's ?key=…&token=…), so only the origin and the first path
 * segment are shown.
 */
export function redactWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '<invalid url>';
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const path = segments.length === 0 ? '/' : `/${segments[0]}${segments.length > 1 ? '/***' : ''}`;
  return `${url.protocol}//${url.host}${path}${url.search === '' ? '' : '?***'}`;
}
