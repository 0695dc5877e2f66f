import { randomBytes } from 'node:crypto';
import type { mongo } from 'mongoose';

/** One administrative action: who, what, when — never a secret. */
export interface AuditEntry {
  _id: string;
  at: Date;
  /** `key:ID (source)` for the admin API, `cli:USER@HOST` for the command line. */
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

export const ADMIN_AUDIT_COLLECTION = 'admin_audit';

/** Insert-only; `_id` starts with the time, so the entries of a period are one `_id` range. */
export class AuditLog {
  private readonly entries: mongo.Collection<AuditEntry>;

  constructor(db: mongo.Db) {
    this.entries = db.collection<AuditEntry>(ADMIN_AUDIT_COLLECTION);
  }

  async record(actor: string, action: string, target: string, details?: Record<string, unknown>): Promise<void> {
    const at = new Date();
    await this.entries.insertOne({
      _id: `${at.toISOString()}|${randomBytes(4).toString('hex')}`,
      at,
      actor,
      action,
      target,
      ...(details ? { details } : {}),
    });
  }

  /** Latest first. */
  async latest(limit = 100): Promise<AuditEntry[]> {
    const docs = await this.entries.find({}).toArray();
    return docs.sort((a, b) => (a._id < b._id ? 1 : -1)).slice(0, limit);
  }
}
