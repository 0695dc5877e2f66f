import type { mongo } from 'mongoose';
import { parseArgs, stringOption, UsageError } from '../cli/cli-support';

/** What one retention pass found and did: the store operations it cost are the figure to watch. */
export interface RetentionReport {
  what: string;
  scanned: number;
  expired: number;
  deleted: number;
  /** deleteMany calls (each one scan of the collection on FerretDB; `_id $in` is not pushed down). */
  deleteCalls: number;
  ms: number;
}

export const RETENTION_DELETE_BATCH = 1_000;

/** Deletes documents by `_id` in batches; answers how many went and how many calls it took. */
export async function deleteByIds(
  collection: mongo.Collection<{ _id: string }>,
  ids: readonly string[],
  batch = RETENTION_DELETE_BATCH,
): Promise<{ deleted: number; calls: number }> {
  let deleted = 0;
  let calls = 0;
  for (let i = 0; i < ids.length; i += batch) {
    const result = await collection.deleteMany({ _id: { $in: ids.slice(i, i + batch) } });
    deleted += result.deletedCount;
    calls++;
  }
  return { deleted, calls };
}

export function describeRetention(report: RetentionReport, applied: boolean): string {
  const action = applied
    ? `deleted ${report.deleted} in ${report.deleteCalls} delete call(s)`
    : `would delete ${report.expired} (dry run: add --apply)`;
  return `${report.what}: scanned ${report.scanned}, expired ${report.expired}, ${action}; ${(report.ms / 1000).toFixed(1)} s`;
}

/** `retention [--apply] [--days N]`: the option parsing every service's retention command shares. */
export function retentionOptions(argv: string[], defaultDays: number): { apply: boolean; days: number } {
  const { positional, options } = parseArgs(argv);
  if (positional.length > 0) throw new UsageError(`Unexpected argument ${positional[0]}`);
  const raw = stringOption(options, 'days');
  const days = raw === undefined ? defaultDays : Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new UsageError('--days must be a whole number of days ≥ 1');
  return { apply: options.has('apply'), days };
}

export const DAY_MS = 86_400_000;
