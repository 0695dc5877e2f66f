import { Injectable, Optional } from '@nestjs/common';
import { ApiError } from '@dossier-ledger/platform';
import { ManualInputError, scoreUnit, type RuleSet, type Score } from '@dossier-ledger/scoring-rules';
import { toScoringFigures, type ReportFiguresInput } from '../figures/report-figures.adapter';
import { ManualInputRepository } from '../store/manual-input.repository';
import { ScoreRepository, scoreId, toStoredScore, type ScoreDoc } from '../store/score.repository';
import { TargetsUseCase } from '../targets/targets.use-case';
import { manualIndicatorIds } from './score-params';

/** A computed score, its stored form and the report it came from. */
export interface Scored {
  readonly doc: ScoreDoc;
  readonly score: Score;
  readonly report: ReportFiguresInput;
}

/** A unit that could not be scored with a rule set: its stored manual input no longer fits the version. */
export interface Unscored {
  readonly unitCode: string;
  readonly ruleSetRef: string;
  readonly message: string;
}

/**
 * Scores reports with rule sets and stores every score in one batched write. Shared by the HTTP use
 * cases and the `report.updated` consumer, so a score is computed and stored the same way by both.
 */
@Injectable()
export class ScoreRecorder {
  constructor(
    private readonly manualInputs: ManualInputRepository,
    private readonly scores: ScoreRepository,
    /** The runtime online targets (absent: the rule sets' own numbers). */
    @Optional() private readonly targets?: TargetsUseCase,
  ) {}

  /**
   * Every report × rule set. A stored manual input out of range for a version (its maxPoints changed)
   * throws 409 when `strict` (HTTP: say which, do not guess); otherwise that pair is left out and listed.
   * `background`: return before the scores are stored (a read answers without waiting for the store).
   */
  async record(
    reports: readonly ReportFiguresInput[],
    ruleSets: readonly RuleSet[],
    options: { strict: boolean; background?: boolean; now?: Date },
  ): Promise<{ scored: Scored[]; unscored: Unscored[] }> {
    const computedAt = options.now ?? new Date();
    const scored: Scored[] = [];
    const unscored: Unscored[] = [];
    const figures = reports.map((report) => toScoringFigures(report));
    const onlineTargetOf = await this.targets?.onlineTargets();
    for (const ruleSet of ruleSets) {
      const storedInputs = await this.manualInputs.readMany(
        ruleSet.id,
        reports.map((report) => report.unit.code),
        manualIndicatorIds(ruleSet),
      );
      reports.forEach((report, i) => {
        const manualInputs = storedInputs.get(report.unit.code) ?? {};
        // Stored with the score (and in its digest) only when the rule set judges online targets.
        const onlineTarget = ruleSet.onlineTargets === null ? undefined : onlineTargetOf?.(report);
        let score: Score;
        try {
          score = scoreUnit(figures[i], ruleSet, manualInputs, { unitLevel: report.unit.level, onlineTarget });
        } catch (error) {
          if (!(error instanceof ManualInputError)) throw error;
          const message = `stored manual input of unit ${report.unit.code}: ${error.message}; PUT /v1/scores/inputs again`;
          if (options.strict) throw new ApiError(409, message);
          unscored.push({ unitCode: report.unit.code, ruleSetRef: `${ruleSet.id}@${ruleSet.version}`, message });
          return;
        }
        const inputs = {
          figures: figures[i],
          manualInputs,
          hierarchy: report.hierarchy,
          countingRules: report.countingRules,
          ...(onlineTarget ? { onlineTarget } : {}),
        };
        const doc: ScoreDoc = {
          _id: scoreId(score.ruleSetRef, report.unit.code, report.from, report.to, inputs),
          ruleSetRef: score.ruleSetRef,
          unitCode: report.unit.code,
          from: report.from,
          to: report.to,
          ...inputs,
          score: toStoredScore(score, onlineTarget),
          computedAt,
        };
        scored.push({ doc, score, report });
      });
    }
    const docs = scored.map(({ doc }) => doc);
    if (options.background) this.scores.saveLater(docs);
    else await this.scores.save(docs);
    return { scored, unscored };
  }
}
