import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_ROLES = ['write', 'read', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];
export const DEFAULT_API_KEY_ROLES: readonly ApiKeyRole[] = ['write', 'read'];

export function isApiKeyRole(value: string): value is ApiKeyRole {
  return (API_KEY_ROLES as readonly string[]).includes(value);
}

/** `dl_<keyId>_<secret>`: the id finds the stored record by `_id`, the secret is only stored hashed. */
const API_KEY = /^dl_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  keyId: string;
  secretHash: string;
  /** The bearer token, shown once. */
  key: string;
}

export function generateApiKey(): GeneratedApiKey {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secretHash: hashApiKeySecret(secret), key: `dl_${keyId}_${secret}` };
}

export function parseApiKey(token: string): { keyId: string; secret: string } | undefined {
  const match = API_KEY.exec(token.trim());
  return match ? { keyId: match[1], secret: match[2] } : undefined;
}

/** The token of an `Authorization: Bearer TOKEN` header, if that is what the header holds. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** SHA-256 (hex) of the secret: the secret has 256 random bits, so no slow hash is needed. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatchesHash(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKeySecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
