import { randomBytes } from 'node:crypto';
import type { mongo } from 'mongoose';
import { administersAll, type AdminActor } from './admin-actor';

/** One administrative action: who, what, when — never a secret. */
export interface AuditEntry {
  _id: string;
  at: Date;
  /** `key:ID (source)` for the admin API, `cli:USER@HOST` for the command line. */
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
  /** The units the action concerns: an admin of a part of the installation reads only the entries of its units. */
  units?: string[];
}

export const ADMIN_AUDIT_COLLECTION = 'admin_audit';

/** Insert-only; `_id` starts with the time, so the entries of a period are one `_id` range. */
export class AuditLog {
  private readonly entries: mongo.Collection<AuditEntry>;

  constructor(db: mongo.Db) {
    this.entries = db.collection<AuditEntry>(ADMIN_AUDIT_COLLECTION);
  }

  async record(
    actor: string,
    action: string,
    target: string,
    details?: Record<string, unknown>,
    units?: readonly string[],
  ): Promise<void> {
    const at = new Date();
    await this.entries.insertOne({
      _id: `${at.toISOString()}|${randomBytes(4).toString('hex')}`,
      at,
      actor,
      action,
      target,
      ...(details ? { details } : {}),
      ...(units ? { units: [...new Set(units)] } : {}),
    });
  }

  /**
   * Latest first. For `reader` (when given), only the entries of units it administers: an entry
   * without units (an installation-wide action) only for an actor that administers everything.
   */
  async latest(limit = 100, reader?: AdminActor): Promise<AuditEntry[]> {
    const docs = await this.entries.find({}).toArray();
    const all = reader === undefined || administersAll(reader);
    return docs
      .filter((entry) => all || (entry.units !== undefined && reader.outside(entry.units).length === 0))
      .sort((a, b) => (a._id < b._id ? 1 : -1))
      .slice(0, limit);
  }
}
