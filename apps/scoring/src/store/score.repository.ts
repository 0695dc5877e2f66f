import { canonicalJson } from '@dossier-ledger/contracts';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { insertManyReportingDuplicates, MONGO_DB } from '@dossier-ledger/platform';
import type { ManualInputs, RuntimeOnlineTarget, Score, ScoringFigures } from '@dossier-ledger/scoring-rules';
import type { mongo } from 'mongoose';
import { createHash } from 'node:crypto';

export const SCORES_COLLECTION = 'scoring_scores';

/**
 * What a stored score keeps of the computed one: the points, not the texts (titles, formulas, sources
 * are those of its rule-set version, which computes the full score again from the stored figures).
 * Field names carry no dots (MongoDB-wire servers reject them; figure paths such as `resolved.early`
 * do not appear as keys).
 */
export interface StoredScore {
  readonly ruleSetRef: string;
  readonly total: number;
  readonly maxPoints: number;
  readonly availablePoints: number;
  readonly band: string | null;
  readonly complete: boolean;
  readonly assumed: boolean;
  /** Whether the unit met its level's online targets; present only when a runtime target was stored. */
  readonly onlineTargetsMet?: boolean | null;
  readonly indicators: readonly {
    readonly indicatorId: string;
    readonly points: number;
    readonly lost: number;
    readonly value: number | null;
    readonly manual: boolean;
    readonly notAvailable: boolean;
  }[];
}

export function toStoredScore(score: Score, onlineTarget?: StoredOnlineTarget): StoredScore {
  return {
    ruleSetRef: score.ruleSetRef,
    total: score.total,
    maxPoints: score.maxPoints,
    availablePoints: score.availablePoints,
    band: score.band?.id ?? null,
    complete: score.complete,
    assumed: score.assumed,
    ...(onlineTarget ? { onlineTargetsMet: score.onlineTargets?.met ?? null } : {}),
    indicators: score.indicators.map(({ indicatorId, points, lost, value, manual, notAvailable }) => ({
      indicatorId,
      points,
      lost,
      value,
      manual,
      notAvailable,
    })),
  };
}

/** The online targets a score was judged against (runtime data, so kept with the score), with the unit's level. */
export type StoredOnlineTarget = RuntimeOnlineTarget & { readonly level: string };

/**
 * A computed score with what it was computed from: the rule set `id@version`, the figures and the
 * manual inputs. `scoreUnit(figures, catalog.get(id, version), manualInputs)` gives it again after a
 * newer rule set version takes effect.
 */
export interface ScoreDoc {
  /** `${ruleSetRef}:${unitCode}:${from}:${to}:${inputsDigest}`, e.g. `766@1:001:2024-01-01:2024-03-31:3fa2c81e0b9d`. */
  _id: string;
  ruleSetRef: string;
  unitCode: string;
  from: string;
  to: string;
  hierarchy: string;
  countingRules: string;
  figures: ScoringFigures;
  manualInputs: ManualInputs;
  /** The runtime online targets used (absent when the rule set judges none). */
  onlineTarget?: StoredOnlineTarget;
  score: StoredScore;
  computedAt: Date;
}

/**
 * The id of a score: rule set version, unit, window and a digest of everything it is computed from
 * (figures, manual inputs, hierarchy, counting rules, the online targets when used). The same inputs give the same id, so a
 * recomputation that changes nothing writes nothing new, and a score, once published, never changes.
 */
export function scoreId(
  ruleSetRef: string,
  unitCode: string,
  from: string,
  to: string,
  inputs: {
    figures: ScoringFigures;
    manualInputs: ManualInputs;
    hierarchy: string;
    countingRules: string;
    onlineTarget?: StoredOnlineTarget;
  },
): string {
  const digest = createHash('sha256').update(canonicalJson(inputs)).digest('hex').slice(0, 12);
  return `${ruleSetRef}:${unitCode}:${from}:${to}:${digest}`;
}

/** Scores waiting for the background write beyond this are dropped (each is recomputed from its figures when asked again). */
const MAX_PENDING = 50_000;
const RETRY_DELAY_MS = 1_000;

/**
 * Scores, insert-only. A document is never updated or deleted: its `_id` names its inputs, so
 * "the same score again" is a duplicate key, ignored. FerretDB runs each update of a bulk write as
 * its own operation (~10 ms each, seconds under load for a ranking of 200 units) and scans a
 * collection for deletes; one `insertMany` of a whole ranking or recomputed window is one operation.
 *
 * A read (a score, a ranking) does not wait for that insert (~250–300 ms for 216 new scores on
 * FerretDB): `saveLater` answers at once and one background writer stores what is waiting, in one
 * `insertMany` per round. Until then `get` answers the waiting copy, so this replica serves a
 * `scoreId` it just handed out; a graceful stop writes what is left.
 */
@Injectable()
export class ScoreRepository implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ScoreRepository.name);
  private readonly collection: mongo.Collection<ScoreDoc>;
  /** Ids this process has stored: the same score again (same inputs) is not sent at all. */
  private readonly stored = new Set<string>();
  /** Scores handed out and not yet stored, by id. */
  private readonly pending = new Map<string, ScoreDoc>();
  private writing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private dropped = 0;

  constructor(@Inject(MONGO_DB) db: mongo.Db) {
    this.collection = db.collection<ScoreDoc>(SCORES_COLLECTION);
  }

  /** Stores before returning: for callers that publish what is stored (the `report.updated` consumer). */
  async save(docs: readonly ScoreDoc[]): Promise<void> {
    const unique = [...new Map(docs.filter((doc) => !this.stored.has(doc._id)).map((doc) => [doc._id, doc])).values()];
    if (unique.length === 0) return;
    // Duplicates (stored by another replica meanwhile) are fine; any other error throws.
    await insertManyReportingDuplicates((batch) => this.collection.insertMany(batch, { ordered: false }), unique);
    if (this.stored.size + unique.length > 200_000) this.stored.clear();
    for (const doc of unique) this.stored.add(doc._id);
  }

  /** Stores in the background; the caller answers without waiting for the store. */
  saveLater(docs: readonly ScoreDoc[]): void {
    for (const doc of docs) {
      if (this.stored.has(doc._id) || this.pending.has(doc._id)) continue;
      if (this.pending.size >= MAX_PENDING) {
        if (this.dropped++ === 0) this.logger.warn(`over ${MAX_PENDING} scores wait for the store: dropping new ones`);
        continue;
      }
      this.pending.set(doc._id, doc);
    }
    this.startWriting();
  }

  /** Resolves when every score waiting at the call is stored (or the store failed: the next round retries). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) {
      this.startWriting();
      const before = this.pending.size;
      await this.writing;
      if (this.pending.size >= before) return; // the store failed: a retry is scheduled
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** How many scores wait for the background write. */
  get waiting(): number {
    return this.pending.size;
  }

  async get(id: string): Promise<ScoreDoc | null> {
    return this.pending.get(id) ?? this.collection.findOne({ _id: id });
  }

  private startWriting(): void {
    if (this.writing || this.pending.size === 0) return;
    clearTimeout(this.retryTimer);
    this.writing = this.writeWaiting().finally(() => (this.writing = undefined));
  }

  private async writeWaiting(): Promise<void> {
    while (this.pending.size > 0) {
      const round = [...this.pending.values()];
      try {
        await this.save(round);
      } catch (error) {
        this.logger.error(`storing ${round.length} scores failed, retrying in ${RETRY_DELAY_MS} ms: ${String(error)}`);
        this.retryTimer = setTimeout(() => this.startWriting(), RETRY_DELAY_MS).unref();
        return;
      }
      for (const doc of round) this.pending.delete(doc._id);
      this.dropped = 0;
    }
  }
}
