import { generateApiKey } from './api-key-format';
import { ApiKeyVerifier, InvalidApiKeyError } from './api-key-verifier';
import type { ApiKeyDocument, ApiKeyRepository } from './api-key.repository';

function fakeRepository(docs: ApiKeyDocument[]) {
  const calls = { findById: 0 };
  const repository = {
    findById: async (id: string) => {
      calls.findById++;
      return docs.find((d) => d._id === id) ?? null;
    },
    findActiveBySource: async (name: string) => docs.filter((d) => d.name === name && d.revokedAt === null),
  } as unknown as ApiKeyRepository;
  return { repository, calls };
}

function keyDoc(name: string, scope: string[], overrides: Partial<ApiKeyDocument> = {}) {
  const generated = generateApiKey();
  const doc: ApiKeyDocument = {
    _id: generated.keyId,
    name,
    scope,
    roles: ['write'],
    secretHash: generated.secretHash,
    createdAt: new Date(0),
    revokedAt: null,
    ...overrides,
  };
  return { doc, key: generated.key };
}

describe('ApiKeyVerifier', () => {
  it('verifies a key by id and secret, then serves it from the cache until the TTL', async () => {
    const { doc, key } = keyDoc('vendor', ['22']);
    const { repository, calls } = fakeRepository([doc]);
    let now = 0;
    const verifier = new ApiKeyVerifier(repository, 1_000, () => now);
    await expect(verifier.verify(key)).resolves.toEqual({
      keyId: doc._id,
      source: 'vendor',
      scope: ['22'],
      roles: ['write'],
    });
    await verifier.verify(key);
    expect(calls.findById).toBe(1);
    now = 1_001;
    await verifier.verify(key);
    expect(calls.findById).toBe(2);
  });

  it('refuses a key once it has expired, even from the cache', async () => {
    const { doc, key } = keyDoc('vendor', ['22'], { expiresAt: new Date(5_000) });
    const { repository } = fakeRepository([doc]);
    let now = 1_000;
    const verifier = new ApiKeyVerifier(repository, 60_000, () => now);
    await expect(verifier.verify(key)).resolves.toMatchObject({ keyId: doc._id });
    now = 5_000;
    await expect(verifier.verify(key)).rejects.toThrow('Expired API key');
  });

  it('refuses missing, malformed, unknown, wrong-secret and revoked keys', async () => {
    const { doc, key } = keyDoc('vendor', ['22']);
    const revoked = keyDoc('vendor', ['22'], { revokedAt: new Date() });
    const { repository } = fakeRepository([doc, revoked.doc]);
    const verifier = new ApiKeyVerifier(repository, 0);
    const wrongSecret = key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a');
    for (const token of [undefined, 'garbage', keyDoc('x', ['1']).key, wrongSecret, revoked.key]) {
      await expect(verifier.verify(token)).rejects.toThrow(InvalidApiKeyError);
    }
  });

  it('merges the active keys of a source for Kafka records', async () => {
    const a = keyDoc('vendor', ['22']);
    const b = keyDoc('vendor', ['01'], { roles: ['read'] });
    const gone = keyDoc('vendor', ['79'], { revokedAt: new Date() });
    const { repository } = fakeRepository([a.doc, b.doc, gone.doc]);
    const verifier = new ApiKeyVerifier(repository, 0);
    expect(await verifier.principalForSource('vendor')).toMatchObject({
      source: 'vendor',
      scope: ['22', '01'],
      roles: ['write', 'read'],
    });
    expect(await verifier.principalForSource('nobody')).toBeNull();
  });
});
