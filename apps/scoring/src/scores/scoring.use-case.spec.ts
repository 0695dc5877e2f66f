// Unit test of the use cases with in-memory stand-ins for the report client, the two repositories and
// the scope checker, over the real unit registry. The HTTP path to the aggregator is covered by
// report-figures.client.spec.ts (stub server) and the integration test (real aggregator).
import { HttpException } from '@nestjs/common';
import type { Principal, UnitScopeChecker } from '@dossier-ledger/platform';
import { defaultRuleSetCatalog } from '@dossier-ledger/scoring-rules';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { childRowOf, reportFixture } from '../testing/report-fixture';
import type { ReportFiguresInput } from '../figures/report-figures.adapter';
import type { ReportFiguresClient, ReportRequest } from '../figures/report-figures.client';
import type { CostsRequest } from '../figures/cost-page.adapter';
import { UnitFiguresReader } from '../figures/unit-figures.reader';
import type { ManualInputRepository } from '../store/manual-input.repository';
import type { ScoreDoc, ScoreRepository } from '../store/score.repository';
import { ScoreRecorder } from './score-recorder';
import { ScoreParameterError, parseManualInputsBody, parseRankingParams, parseScoreParams } from './score-params';
import { ScoringUseCase } from './scoring.use-case';

const registry = loadDefaultUnitRegistry();
const principal: Principal = { keyId: 'k1', source: 'test', scope: ['01'], roles: ['read', 'admin'] };
const caller = { principal, authorization: 'Bearer dl_k1_x' };
const window = { from: '2024-01-01', to: '2024-03-31' };

/** A unit's report: the fixture's figures, with `onTime` of 90 resolved on time (the rest late). */
function unitReport(code: string, onTime = 88): ReportFiguresInput {
  const unit = registry.get(code, window.to);
  const base = reportFixture();
  return {
    ...base,
    unit: { code, name: unit?.name ?? code, level: unit?.level ?? 'district' },
    resolved: { total: 90, early: 0, onTime, late: 90 - onTime },
    scoring: { ...base.scoring, finished: { early: 0, onTime, late: 90 - onTime, returned: 4, withdrawn: 1 } },
  };
}

/** The in-memory stand-ins; `rowsCarryScoring: false` plays an aggregator whose by=child rows lack `scoring`. */
function setup(
  options: { onTime?: Record<string, number>; rowsCarryScoring?: boolean; scopeKind?: 'in' | 'out' | 'unknown' } = {},
) {
  const calls: ReportRequest[] = [];
  const costCalls: CostsRequest[] = [];
  const report = (code: string) => unitReport(code, options.onTime?.[code]);
  const client = {
    report: async (request: ReportRequest, authorization: string | undefined) => {
      expect(authorization).toBe(caller.authorization);
      calls.push(request);
      const parent = report(request.unit);
      if (request.by !== 'child') return parent;
      const rows = registry
        .children(request.unit, request.to)
        .map((child) => childRowOf(report(child.code), options.rowsCarryScoring !== false));
      return { ...parent, rows };
    },
    costs: async (request: CostsRequest) => {
      costCalls.push(request);
      return {
        total: 3,
        page: request.page,
        pageSize: request.pageSize,
        dossiers: [{ dossierId: `${request.kind}-1`, unitCode: request.unit }],
      };
    },
  } as unknown as ReportFiguresClient;
  const inputs = new Map<string, Record<string, number>>();
  const manual = {
    put: async (ruleSetId: string, unit: string, values: Record<string, number>) => {
      inputs.set(`${ruleSetId}:${unit}`, { ...inputs.get(`${ruleSetId}:${unit}`), ...values });
      return `${ruleSetId}:${unit}`;
    },
    readMany: async (ruleSetId: string, units: readonly string[]) =>
      new Map(
        units
          .filter((unit) => inputs.has(`${ruleSetId}:${unit}`))
          .map((unit) => [unit, inputs.get(`${ruleSetId}:${unit}`) as Record<string, number>]),
      ),
  } as unknown as ManualInputRepository;
  const stored = new Map<string, ScoreDoc>();
  const saves: number[] = [];
  // Reads store in the background (saveLater): the stand-in stores at once.
  const scores = {
    saveLater: (docs: ScoreDoc[]) => {
      saves.push(docs.length);
      docs.forEach((doc) => stored.set(doc._id, JSON.parse(JSON.stringify(doc))));
    },
    get: async (id: string) => stored.get(id) ?? null,
  } as unknown as ScoreRepository;
  const scope = {
    check: (_scope: string[], unitCode: string) => ({ kind: options.scopeKind ?? 'in', unitCode }),
  } as unknown as UnitScopeChecker;
  const catalog = defaultRuleSetCatalog();
  const reader = new UnitFiguresReader(client, registry, 2);
  const service = new ScoringUseCase(
    client,
    reader,
    new ScoreRecorder(manual, scores),
    manual,
    scores,
    scope,
    catalog,
    { reportCalls: 2 },
  );
  return { service, calls, costCalls, stored, saves };
}

describe('ScoringUseCase', () => {
  it('scores a unit with 766@1, stores it under ruleSetRef:unit:from:to:digest with its figures', async () => {
    const { service, stored } = setup();
    const result = await service.score(caller, parseScoreParams({ unit: '001', ...window }));
    expect(result.scoreId).toMatch(/^766@1:001:2024-01-01:2024-03-31:[0-9a-f]{12}$/);
    expect(result.score.ruleSetRef).toBe('766@1');
    expect(result.score.assumed).toBe(true);
    const doc = stored.get(result.scoreId) as ScoreDoc;
    expect(doc).toMatchObject({
      ruleSetRef: '766@1',
      unitCode: '001',
      from: '2024-01-01',
      to: '2024-03-31',
      manualInputs: {},
    });
    expect(doc.figures.resolved.total).toBe(90);
  });

  it('uses the manual inputs stored for the rule set id and unit', async () => {
    const { service } = setup();
    const before = await service.score(caller, parseScoreParams({ unit: '001', ...window }));
    expect(before.score.missingManualInputs).toContain('publicity');
    const put = await service.putManualInputs(
      principal,
      parseManualInputsBody({ unit: '001', inputs: { publicity: 4 } }, '2024-06-01'),
      '2024-06-01',
    );
    expect(put).toEqual({ ruleSetId: '766', unit: '001', id: '766:001', indicators: ['publicity'] });
    const after = await service.score(caller, parseScoreParams({ unit: '001', ...window }));
    expect(after.score.missingManualInputs).not.toContain('publicity');
    expect(after.score.total).toBeCloseTo(before.score.total + 4, 5);
  });

  it('ranks the children of a district with ONE by=child call, from the rows’ scoring figures, stored in one write', async () => {
    const communes = registry.children('001', window.to).map((u) => u.code);
    const { service, calls, stored, saves } = setup({
      onTime: { [communes[0]]: 40, [communes[1]]: 90, [communes[2]]: 40 },
    });
    const ranking = await service.rank(
      caller,
      parseRankingParams({ parent: '001', ruleSet: 'par-dak-nong', ...window }),
    );
    expect(calls).toEqual([{ unit: '001', ...window, by: 'child' }]);
    expect(ranking.ranks).toHaveLength(communes.length);
    expect(ranking.ranks.find((r) => r.unitCode === communes[1])?.rank).toBe(1);
    const last = ranking.ranks.filter((r) => r.unitCode === communes[0] || r.unitCode === communes[2]);
    expect(last.map((r) => [r.unitCode, r.rank, r.tied, r.of])).toEqual([
      [communes[0], communes.length - 1, true, communes.length],
      [communes[2], communes.length - 1, true, communes.length],
    ]);
    expect(ranking).toMatchObject({
      ruleSetRef: 'par-dak-nong@1',
      level: 'commune',
      parent: { code: '001', level: 'district' },
    });
    // No procedure catalogue and no manual input: every commune's score is incomplete, so no band.
    expect([...ranking.incomplete].sort()).toEqual([...communes].sort());
    expect(ranking.ranks[0]).toMatchObject({
      complete: false,
      band: null,
      notAvailable: ['online-procedures-share'],
      onlineTargetsMet: null, // par-dak-nong sets no online targets
    });
    expect(stored.size).toBe(communes.length);
    expect(saves).toEqual([communes.length]);
    // 766 does: a commune of the fixture (60 of 100 online, 35 full-process) misses 70 % / 70 %.
    const by766 = await service.rank(caller, parseRankingParams({ parent: '001', ...window }));
    expect(by766.ranks.every((rank) => rank.onlineTargetsMet === false)).toBe(true);
  });

  it('falls back to one call per child when the rows carry no scoring figures, with the same ranks', async () => {
    const communes = registry.children('001', window.to).map((u) => u.code);
    const onTime = { [communes[0]]: 10, [communes[3]]: 85 };
    const one = await setup({ onTime }).service.rank(caller, parseRankingParams({ parent: '001', ...window }));
    const fallback = setup({ onTime, rowsCarryScoring: false });
    const many = await fallback.service.rank(caller, parseRankingParams({ parent: '001', ...window }));
    expect(fallback.calls).toHaveLength(1 + communes.length);
    expect(many.ranks.map((r) => [r.unitCode, r.rank])).toEqual(one.ranks.map((r) => [r.unitCode, r.rank]));
  });

  it('ranks every commune of a province with one by=child call per district', async () => {
    const districts = registry.children('01', window.to);
    const communes = districts.flatMap((d) => registry.children(d.code, window.to));
    const { service, calls } = setup();
    const ranking = await service.rank(caller, parseRankingParams({ parent: '01', level: 'commune', ...window }));
    expect(calls.map((c) => [c.unit, c.by]).sort()).toEqual(districts.map((d) => [d.code, 'child']).sort());
    expect(ranking.ranks).toHaveLength(communes.length);
    expect(ranking.level).toBe('commune');
  });

  it('names level when no unit of that level lies under parent', async () => {
    const { service, calls } = setup();
    await expect(
      service.rank(caller, parseRankingParams({ parent: '001', level: 'district', ...window })),
    ).rejects.toMatchObject({ parameter: 'level' });
    await expect(
      service.rank(caller, parseRankingParams({ parent: '001', level: 'province', ...window })),
    ).rejects.toMatchObject({ parameter: 'level' });
    expect(calls).toEqual([]);
  });

  it('scores and ranks under the hierarchy of hierarchyAt; an absent unit is a 400 naming its successor', async () => {
    const { service, calls } = setup();
    await service.score(caller, parseScoreParams({ unit: '001', ...window, hierarchyAt: '2024-06-30' }));
    expect(calls).toEqual([{ unit: '001', ...window, hierarchyAt: '2024-06-30' }]);
    // Quận Ba Đình (001) is not a unit after the 07/2025 reform: its successor is Hà Nội.
    const error = await service
      .rank(caller, parseRankingParams({ parent: '001', ...window, hierarchyAt: '2025-07-01' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ parameter: 'parent' });
    expect((error as Error).message).toMatch(
      /^parent: unit 001 does not exist in the hierarchy valid on 2025-07-01 .*its successor: 01 /,
    );
    expect(() => parseScoreParams({ unit: '001', ...window, hierarchyAt: '2025-02-30' })).toThrow(
      expect.objectContaining({ parameter: 'hierarchyAt' }),
    );
  });

  it('checks scope before calling the report API: 403 out of scope, 400 naming unit when unknown', async () => {
    const out = setup({ scopeKind: 'out' });
    const error = await out.service
      .score(caller, parseScoreParams({ unit: '001', ...window }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(403);
    expect(out.calls).toEqual([]);
    const unknown = setup({ scopeKind: 'unknown' });
    await expect(unknown.service.rank(caller, parseRankingParams({ parent: 'zz', ...window }))).rejects.toBeInstanceOf(
      ScoreParameterError,
    );
  });

  it('explains with one page of each dossier list that cost points, each list fetched once', async () => {
    const { service, costCalls } = setup();
    const params = parseScoreParams({ unit: '001', ...window });
    const one = await service.explain(caller, params, 'progress', { page: 2, pageSize: 5 });
    expect(one.explanations.map((e) => e.indicatorId)).toEqual(['progress']);
    expect(one.explanations[0].steps.join('\n')).toMatch(/ASSUMED|source:/);
    // progress loses points by resolved.late (30) and pending.overdue (5)
    expect(one.explanations[0].costs.map((c) => [c.figure, c.kind, c.total, c.page, c.pageSize])).toEqual([
      ['resolved.late', 'late', 3, 2, 5],
      ['pending.overdue', 'overdue', 3, 2, 5],
    ]);
    expect(costCalls.map((c) => c.kind).sort()).toEqual(['late', 'overdue']);
    costCalls.length = 0;
    const all = await setup().service.explain(
      caller,
      parseScoreParams({ unit: '001', ruleSet: 'par-dak-nong', ...window }),
      undefined,
    );
    expect(all.explanations.find((e) => e.indicatorId === 'apology')?.costs.map((c) => c.kind)).toEqual([
      'lateWithoutApology',
    ]);
    expect(all.explanations.find((e) => e.indicatorId === 'digitized-results')?.costs).toEqual([]);
  });

  it('answers the progress what-if, and names the rule set when it has no progress indicator', async () => {
    const { service } = setup();
    const whatIf = await service.whatIf(caller, parseScoreParams({ unit: '001', ...window }), 18, undefined);
    expect(whatIf).toMatchObject({ indicatorId: 'progress', targetPoints: 18, unit: { code: '001' } });
    await expect(
      service.whatIf(caller, parseScoreParams({ unit: '001', ruleSet: 'par-dak-nong', ...window }), 3, undefined),
    ).rejects.toMatchObject({ parameter: 'ruleSet' });
  });

  it('reads a stored score back and computes it again with its own version', async () => {
    const { service } = setup();
    const scored = await service.score(caller, parseScoreParams({ unit: '001', ruleSet: 'par-qn@1', ...window }));
    const view = await service.stored(principal, scored.scoreId);
    expect(view.reproducible).toBe(true);
    expect(view.reproduced).toEqual(scored.score);
    expect(view.stored).toMatchObject({ ruleSetRef: 'par-qn@1', total: scored.score.total });
    await expect(service.stored(principal, 'par-qn@1:001:2024-01-01:2024-01-31:0123456789ab')).rejects.toMatchObject({
      status: 404,
    });
  });
});
