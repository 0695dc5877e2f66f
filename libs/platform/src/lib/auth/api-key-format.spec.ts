import { bearerToken, generateApiKey, hashApiKeySecret, parseApiKey, secretMatchesHash } from './api-key-format';

describe('API key format and hashing', () => {
  it('generates dl_<keyId>_<secret> keys that parse back, storing only the hash', () => {
    const { keyId, secretHash, key } = generateApiKey();
    expect(key).toMatch(/^dl_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(key);
    expect(parsed?.keyId).toBe(keyId);
    expect(secretHash).toBe(hashApiKeySecret(parsed?.secret ?? ''));
    expect(secretHash).not.toContain(parsed?.secret);
    expect(generateApiKey().key).not.toBe(key);
  });

  it('hashes with SHA-256 and compares in constant time', () => {
    expect(hashApiKeySecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const hash = hashApiKeySecret('s3cret');
    expect(secretMatchesHash('s3cret', hash)).toBe(true);
    expect(secretMatchesHash('s3cret!', hash)).toBe(false);
    expect(secretMatchesHash('s3cret', 'not-hex')).toBe(false);
  });

  it('keeps secrets with underscores intact and refuses other shapes', () => {
    const key = `dl_0123456789abcdef_${'_'.repeat(10)}${'a'.repeat(33)}`;
    expect(parseApiKey(key)).toEqual({ keyId: '0123456789abcdef', secret: `${'_'.repeat(10)}${'a'.repeat(33)}` });
    for (const bad of [
      '',
      'dl_short_x',
      `xx_0123456789abcdef_${'a'.repeat(43)}`,
      `dl_0123456789ABCDEF_${'a'.repeat(43)}`,
    ])
      expect(parseApiKey(bad)).toBeUndefined();
  });

  it('reads bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
