import { parseApiKey } from '@dossier-ledger/platform';

/** The page's API key lives in this cookie: HttpOnly (no script reads it), SameSite=Strict, this origin only. */
export const SESSION_COOKIE = 'dl_session';

export function isApiKeyShaped(value: unknown): value is string {
  return typeof value === 'string' && parseApiKey(value) !== undefined;
}

/** The key from a Cookie header, when it holds one of the right shape. */
export function keyFromCookieHeader(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = decodeURIComponent(part.slice(eq + 1).trim());
    return isApiKeyShaped(value) ? value : undefined;
  }
  return undefined;
}

/** Set-Cookie for a key (a session cookie: gone when the browser closes), or clearing it. */
export function sessionCookie(key: string | null, secure: boolean): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  if (key === null) return [`${SESSION_COOKIE}=`, 'Max-Age=0', ...attributes].join('; ');
  return [`${SESSION_COOKIE}=${encodeURIComponent(key)}`, ...attributes].join('; ');
}
