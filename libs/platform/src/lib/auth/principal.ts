import type { ApiKeyRole } from './api-key-format';

/** Who is calling: set on the request by ApiKeyGuard (`request.principal`). */
export interface Principal {
  keyId: string;
  /** Source name: duplicates are detected per source, so a rotated key keeps the history. */
  source: string;
  /** Unit codes whose subtrees the caller may write or read. */
  scope: string[];
  roles: ApiKeyRole[];
}

export interface RequestWithPrincipal {
  principal?: Principal;
}
