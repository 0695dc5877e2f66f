import type { ApiKeyRole } from '../auth/api-key-format';
import type { ApiKeyInfo, ApiKeyRepository } from '../auth/api-key.repository';
import { assertAdministers, type AdminActor } from './admin-actor';
import type { AuditLog } from './audit-log';

export interface NewKeyInput {
  name: string;
  scope: string[];
  roles: ApiKeyRole[];
  expiresAt?: Date | null;
  /** Revoke the source's other active keys first (a service's own key, re-created at each start). */
  replace?: boolean;
}

/** A created key: the secret is in `key`, shown once and never stored. */
export interface CreatedKey {
  key: string;
  record: ApiKeyInfo;
  revoked: string[];
}

export class KeyAdminError extends Error {}

/**
 * Key administration — one implementation for the admin API and the CLI; every action is audit-logged
 * (no secrets). An actor sees and changes only keys whose whole scope it administers.
 */
export class KeyAdmin {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditLog,
  ) {}

  async list(actor: AdminActor): Promise<ApiKeyInfo[]> {
    return (await this.keys.list()).filter((key) => actor.outside(key.scope).length === 0);
  }

  async create(actor: AdminActor, input: NewKeyInput): Promise<CreatedKey> {
    assertAdministers(actor, input.scope, 'scope');
    const revoked: string[] = [];
    if (input.replace)
      for (const old of await this.keys.findActiveBySource(input.name)) {
        assertAdministers(actor, old.scope, `replace: key ${old._id} of source ${input.name}`);
        if (await this.keys.revoke(old._id)) revoked.push(old._id);
      }
    const created = await this.keys
      .create({ name: input.name, scope: input.scope, roles: input.roles, expiresAt: input.expiresAt })
      .catch((error: unknown) => {
        throw new KeyAdminError((error as Error).message);
      });
    await this.audit.record(
      actor.name,
      'key.create',
      created.record._id,
      {
        source: input.name,
        scope: created.record.scope,
        roles: created.record.roles,
        expiresAt: created.record.expiresAt,
        revoked,
      },
      created.record.scope,
    );
    return { ...created, revoked };
  }

  async revoke(actor: AdminActor, keyId: string): Promise<void> {
    const key = await this.activeKey(actor, keyId);
    if (!(await this.keys.revoke(keyId))) throw new KeyAdminError(`No active key ${keyId}`);
    await this.audit.record(actor.name, 'key.revoke', keyId, undefined, key.scope);
  }

  /**
   * A new key for the same source, scope and roles; the old one is revoked at once (services stop
   * accepting it within their key cache time). The new secret is shown once.
   */
  async rotate(actor: AdminActor, keyId: string, expiresAt?: Date | null): Promise<CreatedKey> {
    const old = await this.activeKey(actor, keyId);
    const created = await this.keys
      .create({ name: old.name, scope: old.scope, roles: old.roles, expiresAt: expiresAt ?? old.expiresAt ?? null })
      .catch((error: unknown) => {
        throw new KeyAdminError((error as Error).message);
      });
    await this.keys.revoke(keyId);
    await this.audit.record(
      actor.name,
      'key.rotate',
      keyId,
      { newKeyId: created.record._id, source: old.name },
      old.scope,
    );
    return { ...created, revoked: [keyId] };
  }

  /** The active key `keyId`, when `actor` administers its scope. */
  private async activeKey(actor: AdminActor, keyId: string): Promise<ApiKeyInfo> {
    const key = await this.keys.findById(keyId);
    if (!key || key.revokedAt !== null) throw new KeyAdminError(`No active key ${keyId}`);
    assertAdministers(actor, key.scope, `key ${keyId}`);
    return key;
  }
}
