import { Injectable } from '@nestjs/common';
import { ApiError, UnitScopeChecker, type Principal } from '@dossier-ledger/platform';
import {
  ManualInputError,
  explain,
  rankPeers,
  scoreUnit,
  whatIfProgress,
  type Explanation,
  type PeerRank,
  type RuleSet,
  type Score,
  type WhatIfProgressResult,
} from '@dossier-ledger/scoring-rules';
import { toScoringFigures, type ReportFiguresInput } from '../figures/report-figures.adapter';
import { ReportFiguresClient } from '../figures/report-figures.client';
import { ManualInputRepository } from '../store/manual-input.repository';
import { ScoreRepository, scoreId, toStoredScore, type ScoreDoc } from '../store/score.repository';
import { ScoreParameterError, manualIndicatorIds, type ManualInputsBody, type RankingParams, type ScoreParams } from './score-params';

/** Who asks: the verified key, and its Authorization header (forwarded to the report API). */
export interface Caller {
  readonly principal: Principal;
  readonly authorization: string | undefined;
}

export interface UnitScore {
  readonly unit: { readonly code: string; readonly name: string; readonly level: string };
  readonly from: string;
  readonly to: string;
  readonly hierarchy: string;
  readonly countingRules: string;
  /** The stored score's `_id`. */
  readonly scoreId: string;
  readonly score: Score;
}

export interface RankedUnit extends PeerRank {
  readonly name: string;
  readonly level: string;
  readonly complete: boolean;
  readonly assumed: boolean;
  readonly scoreId: string;
}

export interface Ranking {
  readonly parent: { readonly code: string; readonly name: string; readonly level: string };
  readonly level: string | null;
  readonly from: string;
  readonly to: string;
  readonly ruleSetRef: string;
  readonly assumed: boolean;
  readonly tieRule: string;
  readonly ranks: readonly RankedUnit[];
}

/** A computed score with its stored form. */
interface Scored {
  readonly doc: ScoreDoc;
  readonly score: Score;
}

const TIE_RULE = 'standard competition ranking (1, 2, 2, 4) on the rounded totals; ties share a rank, listed by unit code';

/** Runs `work` over `items`, at most `limit` at a time, results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** The scoring use cases: figures from the report API, rules from libs/scoring-rules, results in Mongo. */
@Injectable()
export class ScoringService {
  constructor(
    private readonly figures: ReportFiguresClient,
    private readonly manualInputs: ManualInputRepository,
    private readonly scores: ScoreRepository,
    private readonly scope: UnitScopeChecker,
    private readonly concurrency: { readonly reportCalls: number } = { reportCalls: 8 },
  ) {}

  /** 400 naming `parameter` when the unit is unknown on `onDate`, 403 when outside the key's scope. */
  assertInScope(principal: Principal, unitCode: string, onDate: string, parameter: string): void {
    const decision = this.scope.check(principal.scope, unitCode, onDate);
    if (decision.kind === 'unknown') throw new ScoreParameterError(parameter, `${parameter}: unknown unit ${unitCode} on ${onDate}`);
    if (decision.kind === 'out') {
      throw new ApiError(403, `Unit ${unitCode} is outside the scope of key ${principal.keyId} (${principal.scope.join(', ')})`);
    }
  }

  async score(caller: Caller, params: ScoreParams): Promise<UnitScore> {
    this.assertInScope(caller.principal, params.unit, params.to, 'unit');
    const report = await this.figures.report({ unit: params.unit, from: params.from, to: params.to }, caller.authorization);
    const [scored] = await this.scoreReports([report], params.ruleSet);
    return toUnitScore(report, scored);
  }

  async explain(caller: Caller, params: ScoreParams, indicatorId: string | undefined): Promise<{ unitScore: Omit<UnitScore, 'score'>; explanations: Explanation[] }> {
    const { score, ...unitScore } = await this.score(caller, params);
    const ids = indicatorId === undefined ? score.indicators.map((indicator) => indicator.indicatorId) : [indicatorId];
    return { unitScore, explanations: ids.map((id) => explain(score, id)) };
  }

  async whatIf(caller: Caller, params: ScoreParams, target: number, indicatorId: string | undefined): Promise<WhatIfProgressResult & { unit: UnitScore['unit']; from: string; to: string }> {
    this.assertInScope(caller.principal, params.unit, params.to, 'unit');
    const report = await this.figures.report({ unit: params.unit, from: params.from, to: params.to }, caller.authorization);
    try {
      const result = whatIfProgress(toScoringFigures(report), params.ruleSet, target, indicatorId === undefined ? {} : { indicatorId });
      return { unit: report.unit, from: report.from, to: report.to, ...result };
    } catch (error) {
      if (error instanceof RangeError) throw new ScoreParameterError(indicatorId === undefined ? 'ruleSet' : 'indicator', error.message);
      throw error;
    }
  }

  /**
   * Ranks the children of `parent`. The report API's `by=child` rows carry the II.06a figures but not
   * the `scoring` figures, so one call lists the children and one call per child (bounded
   * concurrency) reads its figures.
   */
  async rank(caller: Caller, params: RankingParams): Promise<Ranking> {
    this.assertInScope(caller.principal, params.parent, params.to, 'parent');
    const window = { from: params.from, to: params.to };
    const parent = await this.figures.report({ unit: params.parent, ...window, by: 'child' }, caller.authorization);
    const childCodes = (parent.rows ?? []).map((row) => row.key);
    const reports = await mapLimited(childCodes, this.concurrency.reportCalls, (unit) => this.figures.report({ unit, ...window }, caller.authorization));
    const levels = [...new Set(reports.map((report) => report.unit.level))];
    if (params.level !== undefined && levels.some((level) => level !== params.level)) {
      throw new ScoreParameterError(
        'level',
        `level: the units under ${parent.unit.code} are ${levels.join(', ') || 'none'}, not ${params.level} (only direct children of parent are ranked)`,
      );
    }
    const scored = await this.scoreReports(reports, params.ruleSet);
    const byCode = new Map(scored.map(({ doc, score }, i) => [doc.unitCode, { doc, score, report: reports[i] }]));
    const ranks = rankPeers(scored.map(({ doc, score }) => ({ unitCode: doc.unitCode, total: score.total }))).map((rank): RankedUnit => {
      const { doc, score, report } = byCode.get(rank.unitCode) as Scored & { report: ReportFiguresInput };
      return { ...rank, name: report.unit.name, level: report.unit.level, complete: score.complete, assumed: score.assumed, scoreId: doc._id };
    });
    return {
      parent: parent.unit,
      level: levels.length === 1 ? levels[0] : null,
      from: parent.from,
      to: parent.to,
      ruleSetRef: `${params.ruleSet.id}@${params.ruleSet.version}`,
      assumed: scored.some(({ score }) => score.assumed),
      tieRule: TIE_RULE,
      ranks,
    };
  }

  async putManualInputs(principal: Principal, body: ManualInputsBody, today: string): Promise<{ ruleSetId: string; unit: string; ids: string[] }> {
    this.assertInScope(principal, body.unit, today, 'unit');
    await this.manualInputs.put(body.ruleSet.id, body.unit, body.inputs, principal.keyId);
    return { ruleSetId: body.ruleSet.id, unit: body.unit, ids: Object.keys(body.inputs).map((id) => `${body.ruleSet.id}:${body.unit}:${id}`) };
  }

  /** Scores each report with the rule set and its unit's manual inputs, stores the scores, returns the docs. */
  private async scoreReports(reports: readonly ReportFiguresInput[], ruleSet: RuleSet): Promise<Scored[]> {
    const manualIds = manualIndicatorIds(ruleSet);
    const computedAt = new Date();
    const docs = await Promise.all(
      reports.map(async (report): Promise<Scored> => {
        const figures = toScoringFigures(report);
        const manualInputs = await this.manualInputs.read(ruleSet.id, report.unit.code, manualIds);
        let score: Score;
        try {
          score = scoreUnit(figures, ruleSet, manualInputs);
        } catch (error) {
          // A stored input out of range for this version (its maxPoints changed): say which, do not guess.
          if (error instanceof ManualInputError) throw new ApiError(409, `stored manual input of unit ${report.unit.code}: ${error.message}; PUT /v1/scores/inputs again`);
          throw error;
        }
        const doc: ScoreDoc = {
          _id: scoreId(score.ruleSetRef, report.unit.code, report.from, report.to),
          ruleSetRef: score.ruleSetRef,
          unitCode: report.unit.code,
          from: report.from,
          to: report.to,
          hierarchy: report.hierarchy,
          countingRules: report.countingRules,
          figures,
          manualInputs,
          score: toStoredScore(score),
          computedAt,
        };
        return { doc, score };
      }),
    );
    await this.scores.save(docs.map((scored) => scored.doc));
    return docs;
  }
}

function toUnitScore(report: ReportFiguresInput, { doc, score }: Scored): UnitScore {
  return {
    unit: { code: report.unit.code, name: report.unit.name, level: report.unit.level },
    from: report.from,
    to: report.to,
    hierarchy: report.hierarchy,
    countingRules: report.countingRules,
    scoreId: doc._id,
    score,
  };
}
