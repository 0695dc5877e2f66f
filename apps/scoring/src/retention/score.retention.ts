import { DAY_MS, deleteByIds, type RetentionReport } from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';
import { SCORES_COLLECTION, type ScoreDoc } from '../store/score.repository';

/** Default: superseded score versions are kept 90 days (what a recent explanation or a dispute may cite). */
export const SCORE_RETENTION_DAYS = 90;

type ScoreSummary = Pick<ScoreDoc, '_id' | 'ruleSetRef' | 'unitCode' | 'from' | 'to' | 'computedAt'>;

/**
 * The score versions to delete: per rule set, unit and window the newest version always stays;
 * older (superseded) versions go once they were computed before the cutoff.
 */
export function expiredScoreVersions(scores: Iterable<ScoreSummary>, cutoff: Date): string[] {
  const groups = new Map<string, ScoreSummary[]>();
  for (const score of scores) {
    const key = `${score.ruleSetRef}|${score.unitCode}|${score.from}|${score.to}`;
    groups.set(key, [...(groups.get(key) ?? []), score]);
  }
  return [...groups.values()].flatMap((versions) => {
    const newest = versions.reduce((a, b) => (b.computedAt.getTime() > a.computedAt.getTime() ? b : a));
    return versions.filter((v) => v !== newest && v.computedAt.getTime() < cutoff.getTime()).map((v) => v._id);
  });
}

/** One pass over the stored scores (a scan: run it off-peak). Dry run unless `apply`. */
export async function applyScoreRetention(
  db: mongo.Db,
  options: { days: number; apply: boolean; now?: Date },
): Promise<RetentionReport> {
  const started = Date.now();
  const collection = db.collection<ScoreDoc>(SCORES_COLLECTION);
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.days * DAY_MS);
  const scores = await collection
    .find({}, { projection: { _id: 1, ruleSetRef: 1, unitCode: 1, from: 1, to: 1, computedAt: 1 } })
    .toArray();
  const expired = expiredScoreVersions(scores, cutoff);
  const { deleted, calls } = options.apply
    ? await deleteByIds(collection as unknown as mongo.Collection<{ _id: string }>, expired)
    : { deleted: 0, calls: 0 };
  return {
    what: `scores (superseded versions older than ${options.days} days)`,
    scanned: scores.length,
    expired: expired.length,
    deleted,
    deleteCalls: calls,
    ms: Date.now() - started,
  };
}
