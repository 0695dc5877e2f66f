import { Injectable } from '@nestjs/common';
import { ApiError, UnitScopeChecker, type Principal } from '@dossier-ledger/platform';
import {
  explain,
  rankPeers,
  scoreUnit,
  whatIfProgress,
  type Explanation,
  type PeerRank,
  type RuleSetCatalog,
  type Score,
  type WhatIfProgressResult,
} from '@dossier-ledger/scoring-rules';
import { COST_KIND_OF_FIGURE, type CostKind, type CostPage } from '../figures/cost-page.adapter';
import { isDeepStrictEqual } from 'node:util';
import { toScoringFigures } from '../figures/report-figures.adapter';
import { ReportFiguresClient, type ReportRequest } from '../figures/report-figures.client';
import { mapLimited } from '../figures/map-limited';
import { hierarchyDate, UnitFiguresReader } from '../figures/unit-figures.reader';
import { ManualInputRepository } from '../store/manual-input.repository';
import { ScoreRepository, toStoredScore, type StoredScore } from '../store/score.repository';
import { ScoreRecorder, type Scored } from './score-recorder';
import { ScoreParameterError, type ManualInputsBody, type RankingParams, type ScoreParams } from './score-params';

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
  /** The band (null when incomplete: see Score.band) and the indicators that are not available. */
  readonly band: string | null;
  readonly notAvailable: readonly string[];
  /** Whether the unit met its level's online targets (null: none set, or nothing received). */
  readonly onlineTargetsMet: boolean | null;
  readonly assumed: boolean;
  readonly scoreId: string;
}

/** The dossiers behind one figure that cost points (one page of the aggregator's list). */
export interface CostList extends CostPage {
  readonly figure: string;
  readonly kind: CostKind;
}

export type ExplanationWithCosts = Explanation & { readonly costs: readonly CostList[] };

export interface CostPaging {
  readonly page: number;
  readonly pageSize: number;
}

/** A stored score, and the same score computed again from its stored inputs with its own rule-set version. */
export interface StoredScoreView {
  readonly scoreId: string;
  readonly unitCode: string;
  readonly from: string;
  readonly to: string;
  readonly hierarchy: string;
  readonly computedAt: string;
  /** The points as stored when it was computed (and published). */
  readonly stored: StoredScore;
  /** The full score (texts, figures used, explanation inputs) computed again with the stored version. */
  readonly reproduced: Score;
  /** True when `reproduced` gives exactly the stored points (it does, unless the data of that version was edited). */
  readonly reproducible: boolean;
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
  /** Units whose score is incomplete (an indicator not available): ranked on a partial total, no band. */
  readonly incomplete: readonly string[];
}

/** A read refuses a score it cannot compute (409) and does not wait for the store of what it computed. */
const READ = { strict: true, background: true } as const;

const TIE_RULE =
  'standard competition ranking (1, 2, 2, 4) on the rounded totals; ties share a rank, listed by unit code';

/** The scoring use cases: figures from the report API, rules from the rule-set catalog, results in Mongo. */
@Injectable()
export class ScoringUseCase {
  constructor(
    private readonly figures: ReportFiguresClient,
    private readonly reader: UnitFiguresReader,
    private readonly recorder: ScoreRecorder,
    private readonly manualInputs: ManualInputRepository,
    private readonly scores: ScoreRepository,
    private readonly scope: UnitScopeChecker,
    private readonly catalog: RuleSetCatalog,
    private readonly concurrency: { readonly reportCalls: number } = { reportCalls: 8 },
  ) {}

  /** 400 naming `parameter` when the unit is unknown on `onDate`, 403 when outside the key's scope. */
  assertInScope(principal: Principal, unitCode: string, onDate: string, parameter: string): void {
    const decision = this.scope.check(principal.scope, unitCode, onDate);
    if (decision.kind === 'unknown')
      throw new ScoreParameterError(parameter, `${parameter}: ${this.reader.unknownUnit(unitCode, onDate)}`);
    if (decision.kind === 'out') {
      throw new ApiError(
        403,
        `Unit ${unitCode} is outside the scope of key ${principal.keyId} (${principal.scope.join(', ')})`,
      );
    }
  }

  async score(caller: Caller, params: ScoreParams): Promise<UnitScore> {
    this.assertInScope(caller.principal, params.unit, hierarchyDate(params), 'unit');
    const report = await this.figures.report(windowRequest(params), caller.authorization);
    const { scored } = await this.recorder.record([report], [params.ruleSet], READ);
    return toUnitScore(scored[0]);
  }

  /**
   * Explains one indicator (or all) and lists, per figure that cost points and has a dossier list
   * (late, late without apology, overdue), one page of those dossiers from the aggregator.
   */
  async explain(
    caller: Caller,
    params: ScoreParams,
    indicatorId: string | undefined,
    paging: CostPaging = { page: 1, pageSize: 20 },
  ): Promise<{ unitScore: Omit<UnitScore, 'score'>; explanations: ExplanationWithCosts[] }> {
    const { score, ...unitScore } = await this.score(caller, params);
    const ids = indicatorId === undefined ? score.indicators.map((indicator) => indicator.indicatorId) : [indicatorId];
    const explanations = ids.map((id) => explain(score, id));
    // Each list once, however many indicators it costs points in.
    const wanted = new Map<CostKind, string>();
    for (const explanation of explanations) {
      for (const { path, count } of explanation.lostBy) {
        const kind = COST_KIND_OF_FIGURE[path];
        if (kind !== undefined && (count ?? 0) > 0) wanted.set(kind, path);
      }
    }
    const pages = new Map<CostKind, CostList>();
    await Promise.all(
      [...wanted].map(async ([kind, figure]) => {
        const page = await this.figures.costs(
          {
            unit: unitScore.unit.code,
            from: unitScore.from,
            to: unitScore.to,
            ...(params.hierarchyAt ? { hierarchyAt: params.hierarchyAt } : {}),
            kind,
            ...paging,
          },
          caller.authorization,
        );
        pages.set(kind, { figure, kind, ...page });
      }),
    );
    return {
      unitScore,
      explanations: explanations.map((explanation) => ({
        ...explanation,
        costs: explanation.lostBy.flatMap(({ path }) => {
          const kind = COST_KIND_OF_FIGURE[path];
          const page = kind === undefined ? undefined : pages.get(kind);
          return page ? [page] : [];
        }),
      })),
    };
  }

  async whatIf(
    caller: Caller,
    params: ScoreParams,
    target: number,
    indicatorId: string | undefined,
  ): Promise<WhatIfProgressResult & { unit: UnitScore['unit']; from: string; to: string }> {
    this.assertInScope(caller.principal, params.unit, hierarchyDate(params), 'unit');
    const report = await this.figures.report(windowRequest(params), caller.authorization);
    try {
      const result = whatIfProgress(
        toScoringFigures(report),
        params.ruleSet,
        target,
        indicatorId === undefined ? {} : { indicatorId },
      );
      return { unit: report.unit, from: report.from, to: report.to, ...result };
    } catch (error) {
      if (error instanceof RangeError)
        throw new ScoreParameterError(indicatorId === undefined ? 'ruleSet' : 'indicator', error.message);
      throw error;
    }
  }

  /**
   * Ranks the units of `level` under `parent` (its direct children by default; `level` may reach
   * deeper, e.g. every commune of a pre-2025 province). One `by=child` report call per parent of the
   * ranked units gives their scoring figures.
   */
  async rank(caller: Caller, params: RankingParams): Promise<Ranking> {
    const on = hierarchyDate(params);
    this.assertInScope(caller.principal, params.parent, on, 'parent');
    const window = { from: params.from, to: params.to, ...(params.hierarchyAt ? { hierarchyAt: on } : {}) };
    const root = this.reader.unit(params.parent, on);
    if (!root) throw new ScoreParameterError('parent', `parent: ${this.reader.unknownUnit(params.parent, on)}`);
    let parents = [root];
    let level = this.reader.children(root.code, on)[0]?.level;
    while (params.level !== undefined && level !== undefined && level !== params.level) {
      parents = parents.flatMap((unit) => this.reader.children(unit.code, on));
      level = parents.flatMap((unit) => this.reader.children(unit.code, on))[0]?.level;
    }
    if (params.level !== undefined && level !== params.level) {
      throw new ScoreParameterError(
        'level',
        `level: there are no ${params.level} units under ${root.code} (${root.level}) on ${on}`,
      );
    }
    const families = await mapLimited(parents, this.concurrency.reportCalls, (unit) =>
      this.reader.family(unit.code, window, caller.authorization),
    );
    const reports = families.flatMap((family) => family.children);
    const { scored } = await this.recorder.record(reports, [params.ruleSet], READ);
    const byCode = new Map(scored.map((entry) => [entry.doc.unitCode, entry]));
    const ranks = rankPeers(scored.map(({ doc, score }) => ({ unitCode: doc.unitCode, total: score.total }))).map(
      (rank): RankedUnit => {
        const { doc, score, report } = byCode.get(rank.unitCode) as Scored;
        return {
          ...rank,
          name: report.unit.name,
          level: report.unit.level,
          complete: score.complete,
          band: score.band?.id ?? null,
          notAvailable: score.notAvailable,
          onlineTargetsMet: score.onlineTargets?.met ?? null,
          assumed: score.assumed,
          scoreId: doc._id,
        };
      },
    );
    const first = families[0]?.parent;
    return {
      parent: { code: root.code, name: root.name, level: root.level },
      level: level ?? null,
      from: first?.from ?? params.from,
      to: first?.to ?? params.to,
      ruleSetRef: `${params.ruleSet.id}@${params.ruleSet.version}`,
      assumed: scored.some(({ score }) => score.assumed),
      tieRule: TIE_RULE,
      ranks,
      incomplete: ranks.filter((rank) => !rank.complete).map((rank) => rank.unitCode),
    };
  }

  /**
   * A stored score by its id, with the same score computed again from the stored figures and manual
   * inputs with the stored rule-set version: a published score stays reproducible after newer versions.
   */
  async stored(principal: Principal, id: string): Promise<StoredScoreView> {
    // The id names its unit and window end: refuse another unit's id before looking it up, so a
    // key cannot learn which scores exist outside its scope (403, not 404).
    const [, idUnit, , idTo] = id.split(':');
    if (idUnit && idTo) this.assertInScope(principal, idUnit, idTo, 'scoreId');
    const doc = await this.scores.get(id);
    if (!doc) throw new ApiError(404, `no stored score ${id}`);
    this.assertInScope(principal, doc.unitCode, doc.to, 'scoreId');
    const [ruleSetId, version] = doc.ruleSetRef.split('@');
    // The online targets are runtime data: the ones stored with the score judge it again.
    const target = doc.onlineTarget;
    const reproduced = scoreUnit(
      doc.figures,
      this.catalog.get(ruleSetId, Number(version)),
      doc.manualInputs,
      target ? { unitLevel: target.level, onlineTarget: target } : {},
    );
    return {
      scoreId: doc._id,
      unitCode: doc.unitCode,
      from: doc.from,
      to: doc.to,
      hierarchy: doc.hierarchy,
      computedAt: new Date(doc.computedAt).toISOString(),
      stored: doc.score,
      reproduced,
      reproducible: isDeepStrictEqual(
        JSON.parse(JSON.stringify(toStoredScore(reproduced, target))),
        JSON.parse(JSON.stringify(doc.score)),
      ),
    };
  }

  async putManualInputs(
    principal: Principal,
    body: ManualInputsBody,
    today: string,
  ): Promise<{ ruleSetId: string; unit: string; id: string; indicators: string[] }> {
    this.assertInScope(principal, body.unit, today, 'unit');
    const id = await this.manualInputs.put(body.ruleSet.id, body.unit, body.inputs, principal.keyId);
    return { ruleSetId: body.ruleSet.id, unit: body.unit, id, indicators: Object.keys(body.inputs) };
  }
}

/** The report request of a score's window (with its `hierarchyAt` when given). */
function windowRequest(params: ScoreParams): ReportRequest {
  return {
    unit: params.unit,
    from: params.from,
    to: params.to,
    ...(params.hierarchyAt ? { hierarchyAt: params.hierarchyAt } : {}),
  };
}

function toUnitScore({ doc, score, report }: Scored): UnitScore {
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
