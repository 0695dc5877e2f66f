import { parseApiKey, secretMatchesHash } from './api-key-format';
import type { ApiKeyRepository } from './api-key.repository';
import type { Principal } from './principal';

export class InvalidApiKeyError extends Error {}

interface CacheEntry {
  principal: Principal;
  expiresAt: number;
}

const MAX_CACHE_ENTRIES = 10_000;

/**
 * Checks bearer keys against the repository: one `_id` lookup, then a constant-time comparison of
 * the secret's hash. Verified keys are cached for `ttlMs`, so a revocation takes effect within it.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly sources = new Map<string, { principal: Principal | null; expiresAt: number }>();

  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly ttlMs = 30_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async verify(token: string | undefined): Promise<Principal> {
    if (!token) throw new InvalidApiKeyError('Missing API key: send Authorization: Bearer <key>');
    const cached = this.cache.get(token);
    if (cached && cached.expiresAt > this.clock()) return cached.principal;
    const parsed = parseApiKey(token);
    if (!parsed) throw new InvalidApiKeyError('Unknown API key');
    const doc = await this.repository.findById(parsed.keyId);
    if (!doc || !secretMatchesHash(parsed.secret, doc.secretHash)) throw new InvalidApiKeyError('Unknown API key');
    if (doc.revokedAt !== null) throw new InvalidApiKeyError('Revoked API key');
    if (doc.expiresAt && doc.expiresAt.getTime() <= this.clock()) throw new InvalidApiKeyError('Expired API key');
    const principal: Principal = { keyId: doc._id, source: doc.name, scope: doc.scope, roles: doc.roles };
    if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
    const until = Math.min(this.clock() + this.ttlMs, doc.expiresAt?.getTime() ?? Infinity);
    this.cache.set(token, { principal, expiresAt: until });
    return principal;
  }

  /**
   * The principal of a registered source name (for Kafka records, which carry a `source` header
   * instead of a key): the union of the scopes and roles of its active keys; null when none.
   */
  async principalForSource(source: string): Promise<Principal | null> {
    const cached = this.sources.get(source);
    if (cached && cached.expiresAt > this.clock()) return cached.principal;
    const keys = await this.repository.findActiveBySource(source);
    const principal: Principal | null =
      keys.length === 0
        ? null
        : {
            keyId: keys.map((k) => k._id).join(','),
            source,
            scope: [...new Set(keys.flatMap((k) => k.scope))],
            roles: [...new Set(keys.flatMap((k) => k.roles))],
          };
    if (this.sources.size >= MAX_CACHE_ENTRIES) this.sources.clear();
    this.sources.set(source, { principal, expiresAt: this.clock() + this.ttlMs });
    return principal;
  }
}
