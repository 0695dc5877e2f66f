import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB } from '@dossier-ledger/platform';
import type { IndicatorScore, ManualInputs, Score, ScoringFigures } from '@dossier-ledger/scoring-rules';
import type { mongo } from 'mongoose';

export const SCORES_COLLECTION = 'scoring_scores';

/** An indicator score as stored: `figuresUsed` as a list, because its keys (`resolved.early`) contain dots. */
export type StoredIndicatorScore = Omit<IndicatorScore, 'figuresUsed'> & { figuresUsed: { path: string; value: number }[] };
export type StoredScore = Omit<Score, 'indicators'> & { indicators: StoredIndicatorScore[] };

/**
 * A score in a form every MongoDB-wire server stores: field names without dots (FerretDB and older
 * servers reject them). Nothing else changes.
 */
export function toStoredScore(score: Score): StoredScore {
  return {
    ...score,
    indicators: score.indicators.map((indicator) => ({
      ...indicator,
      figuresUsed: Object.entries(indicator.figuresUsed).map(([path, value]) => ({ path, value: value as number })),
    })),
  };
}

/** The inverse of {@link toStoredScore}. */
export function fromStoredScore(stored: StoredScore): Score {
  return {
    ...stored,
    indicators: stored.indicators.map((indicator) => ({
      ...indicator,
      figuresUsed: Object.fromEntries(indicator.figuresUsed.map(({ path, value }) => [path, value])),
    })),
  };
}

/**
 * A computed score with what it was computed from: the rule set `id@version`, the figures and the
 * manual inputs. `scoreUnit(figures, resolveRuleSet(id, to, version), manualInputs)` gives it again
 * after a newer rule set version takes effect.
 */
export interface ScoreDoc {
  /** `${ruleSetRef}:${unitCode}:${from}:${to}`, e.g. `766@1:001:2024-01-01:2024-03-31`. */
  _id: string;
  ruleSetRef: string;
  unitCode: string;
  from: string;
  to: string;
  hierarchy: string;
  countingRules: string;
  figures: ScoringFigures;
  manualInputs: ManualInputs;
  /** See {@link toStoredScore}. */
  score: StoredScore;
  computedAt: Date;
}

export const scoreId = (ruleSetRef: string, unitCode: string, from: string, to: string): string => `${ruleSetRef}:${unitCode}:${from}:${to}`;

/** Latest computed score per rule set version, unit and window: `_id`-keyed writes only. */
@Injectable()
export class ScoreRepository {
  private readonly collection: mongo.Collection<ScoreDoc>;

  constructor(@Inject(MONGO_DB) db: mongo.Db) {
    this.collection = db.collection<ScoreDoc>(SCORES_COLLECTION);
  }

  /**
   * Writes the scores, replacing an earlier computation of the same `_id` (the figures of an open
   * window change as dossier events arrive; the rule-set version is part of the `_id`, so a newer
   * version never overwrites a score of an older one).
   */
  async save(docs: readonly ScoreDoc[]): Promise<void> {
    if (docs.length === 0) return;
    await this.collection.bulkWrite(
      docs.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })),
      { ordered: false },
    );
  }

  async get(id: string): Promise<ScoreDoc | null> {
    return this.collection.findOne({ _id: id });
  }
}
