import { generateApiKey } from '@dossier-ledger/platform';
import { isApiKeyShaped, keyFromCookieHeader, sessionCookie } from './session-cookie';

describe('session cookie', () => {
  const { key } = generateApiKey();

  it('round-trips a key through Set-Cookie and Cookie', () => {
    const set = sessionCookie(key, false);
    expect(set).toBe(`dl_session=${key}; Path=/; HttpOnly; SameSite=Strict`);
    expect(keyFromCookieHeader(`theme=dark; ${set.split(';')[0]}; other=1`)).toBe(key);
  });

  it('is Secure behind HTTPS and clears with Max-Age=0', () => {
    expect(sessionCookie(key, true)).toContain('; Secure');
    expect(sessionCookie(null, false)).toBe('dl_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict');
  });

  it('ignores anything that is not an API key', () => {
    expect(keyFromCookieHeader(undefined)).toBeUndefined();
    expect(keyFromCookieHeader('dl_session=')).toBeUndefined();
    expect(keyFromCookieHeader('dl_session=dl_short')).toBeUndefined();
    expect(isApiKeyShaped(`dl_${'x'.repeat(60)}`)).toBe(false);
    expect(isApiKeyShaped(42)).toBe(false);
    expect(isApiKeyShaped(key)).toBe(true);
  });
});
