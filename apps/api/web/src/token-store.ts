const TOKEN_KEY = 'rack-line.token';
const SITE_KEY = 'rack-line.site';

/**
 * The manager token lives in this browser's localStorage, entered once. A kiosk can be set up with
 * `/#token=tk_…`: the fragment never reaches the server or its logs, and is removed from the address bar.
 */
export function takeTokenFromLocation(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  history.replaceState(null, '', window.location.pathname + window.location.search);
}

export function storedToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

export function storedSite(): string | null {
  return new URLSearchParams(window.location.search).get('site') ?? localStorage.getItem(SITE_KEY);
}

export function storeSite(site: string): void {
  localStorage.setItem(SITE_KEY, site);
}
