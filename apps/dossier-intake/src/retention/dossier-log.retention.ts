import { TOPICS } from '@dossier-ledger/contracts';
import { DAY_MS, deleteByIds, type RetentionReport } from '@dossier-ledger/platform';
import type { Admin } from 'kafkajs';
import type { mongo } from 'mongoose';
import { DOSSIER_LOG_COLLECTION, type DossierLogChunk } from '../dossier-log/dossier-log.repository';

/** Default: a dossier's log is kept 3 years after its last event arrived (the event store and topic keep the events). */
export const DOSSIER_LOG_RETENTION_DAYS = 3 * 366;

/**
 * The chunks to delete: every chunk of each dossier whose newest chunk was written before the
 * cutoff — whole dossiers only, because a reader walks chunks 0, 1, 2… and stops at the first gap.
 */
export function expiredDossierLogChunks(
  chunks: Iterable<Pick<DossierLogChunk, '_id' | 'dossierId' | 'writtenAt'>>,
  cutoff: Date,
): string[] {
  const newest = new Map<string, number>();
  const ids = new Map<string, string[]>();
  for (const chunk of chunks) {
    const at = chunk.writtenAt.getTime();
    newest.set(chunk.dossierId, Math.max(newest.get(chunk.dossierId) ?? at, at));
    ids.set(chunk.dossierId, [...(ids.get(chunk.dossierId) ?? []), chunk._id]);
  }
  return [...newest].filter(([, at]) => at < cutoff.getTime()).flatMap(([dossierId]) => ids.get(dossierId) ?? []);
}

/**
 * One pass over the dossier log (a scan: run it off-peak, e.g. a nightly Job). Dry run unless
 * `apply`. A dossier that gets an event after its log was deleted starts a new log at chunk 0 after
 * the next intake restart; until then its new chunks may be unreadable — hence the long default.
 */
export async function applyDossierLogRetention(
  db: mongo.Db,
  options: { days: number; apply: boolean; now?: Date },
): Promise<RetentionReport> {
  const started = Date.now();
  const collection = db.collection<DossierLogChunk>(DOSSIER_LOG_COLLECTION);
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.days * DAY_MS);
  const chunks = await collection.find({}, { projection: { _id: 1, dossierId: 1, writtenAt: 1 } }).toArray();
  const expired = expiredDossierLogChunks(chunks, cutoff);
  const { deleted, calls } = options.apply
    ? await deleteByIds(collection as unknown as mongo.Collection<{ _id: string }>, expired)
    : { deleted: 0, calls: 0 };
  return {
    what: `dossier log (chunks of dossiers idle > ${options.days} days)`,
    scanned: chunks.length,
    expired: expired.length,
    deleted,
    deleteCalls: calls,
    ms: Date.now() - started,
  };
}

/** The dead-letter topic's retention as contracts declare it, set on a topic created before the policy existed. */
export async function alignDeadLetterRetention(admin: Admin, prefix: string, apply: boolean): Promise<string> {
  const topic = prefix + TOPICS.intakeDeadLetter.name;
  const wanted = TOPICS.intakeDeadLetter.config['retention.ms'];
  const [resource] = (
    await admin.describeConfigs({
      resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }],
      includeSynonyms: false,
    })
  ).resources;
  const current = resource?.configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
  if (current === wanted) return `${topic}: retention.ms ${wanted} (as declared)`;
  if (!apply) return `${topic}: retention.ms ${current}, declared ${wanted} (dry run: add --apply)`;
  await admin.alterConfigs({
    validateOnly: false,
    resources: [{ type: 2, name: topic, configEntries: [{ name: 'retention.ms', value: wanted }] }],
  });
  return `${topic}: retention.ms ${current} → ${wanted}`;
}
