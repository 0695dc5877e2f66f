// Unit test of the use cases with in-memory stand-ins for the report client, the two repositories and
// the scope checker. The HTTP path to the aggregator is covered by report-figures.client.spec.ts
// (stub server); nothing here talks to a real aggregator or MongoDB.
import { HttpException } from '@nestjs/common';
import type { Principal, UnitScopeChecker } from '@dossier-ledger/platform';
import { reportFixture } from '../testing/report-fixture';
import type { ReportFiguresInput } from '../figures/report-figures.adapter';
import type { ReportFiguresClient, ReportRequest } from '../figures/report-figures.client';
import type { ManualInputRepository } from '../store/manual-input.repository';
import type { ScoreDoc, ScoreRepository } from '../store/score.repository';
import { ScoreParameterError, parseManualInputsBody, parseRankingParams, parseScoreParams } from './score-params';
import { ScoringService } from './scoring.service';

const principal: Principal = { keyId: 'k1', source: 'test', scope: ['01'], roles: ['read', 'admin'] };
const caller = { principal, authorization: 'Bearer dl_k1_x' };

function child(code: string, onTime: number): ReportFiguresInput {
  const base = reportFixture();
  return { ...base, unit: { code, name: `Unit ${code}`, level: 'district' }, resolved: { total: 90, early: 0, onTime, late: 90 - onTime } };
}

function setup(reports: Record<string, ReportFiguresInput>, scopeKind: 'in' | 'out' | 'unknown' = 'in') {
  const calls: ReportRequest[] = [];
  const client = {
    report: async (request: ReportRequest, authorization: string | undefined) => {
      expect(authorization).toBe(caller.authorization);
      calls.push(request);
      const report = reports[request.unit];
      if (!report) throw new Error(`no report for ${request.unit}`);
      return report;
    },
  } as unknown as ReportFiguresClient;
  const inputs = new Map<string, number>();
  const manual = {
    put: async (ruleSetId: string, unit: string, values: Record<string, number>) => {
      for (const [id, points] of Object.entries(values)) inputs.set(`${ruleSetId}:${unit}:${id}`, points);
    },
    read: async (ruleSetId: string, unit: string, ids: readonly string[]) =>
      Object.fromEntries(ids.filter((id) => inputs.has(`${ruleSetId}:${unit}:${id}`)).map((id) => [id, inputs.get(`${ruleSetId}:${unit}:${id}`) as number])),
  } as unknown as ManualInputRepository;
  const stored = new Map<string, ScoreDoc>();
  const scores = { save: async (docs: ScoreDoc[]) => docs.forEach((doc) => stored.set(doc._id, doc)) } as unknown as ScoreRepository;
  const scope = { check: (_scope: string[], unitCode: string) => ({ kind: scopeKind, unitCode }) } as unknown as UnitScopeChecker;
  return { service: new ScoringService(client, manual, scores, scope, { reportCalls: 2 }), calls, stored, inputs };
}

describe('ScoringService', () => {
  const window = { from: '2024-01-01', to: '2024-03-31' };

  it('scores a unit with 766@1, stores it under ruleSetRef:unit:from:to with its figures', async () => {
    const { service, stored } = setup({ '001': reportFixture() });
    const result = await service.score(caller, parseScoreParams({ unit: '001', ...window }));
    expect(result.scoreId).toBe('766@1:001:2024-01-01:2024-03-31');
    expect(result.score.ruleSetRef).toBe('766@1');
    expect(result.score.assumed).toBe(true);
    const doc = stored.get(result.scoreId) as ScoreDoc;
    expect(doc).toMatchObject({ ruleSetRef: '766@1', unitCode: '001', from: '2024-01-01', to: '2024-03-31', manualInputs: {} });
    expect(doc.figures.resolved.total).toBe(90);
  });

  it('uses the manual inputs stored for the rule set id and unit', async () => {
    const { service } = setup({ '001': reportFixture() });
    const before = await service.score(caller, parseScoreParams({ unit: '001', ...window }));
    expect(before.score.missingManualInputs).toContain('publicity');
    await service.putManualInputs(principal, parseManualInputsBody({ unit: '001', inputs: { publicity: 4 } }, '2024-06-01'), '2024-06-01');
    const after = await service.score(caller, parseScoreParams({ unit: '001', ...window }));
    expect(after.score.missingManualInputs).not.toContain('publicity');
    expect(after.score.total).toBeCloseTo(before.score.total + 4, 5);
  });

  it('ranks the children listed by one by=child call, reading each child’s figures', async () => {
    const parent = { ...reportFixture(), unit: { code: '01', name: 'Hà Nội', level: 'province' }, rows: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }, { key: 'c', label: 'C' }] };
    const { service, calls, stored } = setup({ '01': parent, a: child('a', 40), b: child('b', 80), c: child('c', 40) });
    const ranking = await service.rank(caller, parseRankingParams({ parent: '01', level: 'district', ruleSet: 'par-ht', ...window }));
    expect(calls[0]).toEqual({ unit: '01', ...window, by: 'child' });
    expect(calls.slice(1).map((c) => c.unit).sort()).toEqual(['a', 'b', 'c']);
    expect(ranking.ranks.map((r) => [r.unitCode, r.rank, r.tied])).toEqual([
      ['b', 1, false],
      ['a', 2, true],
      ['c', 2, true],
    ]);
    expect(ranking).toMatchObject({ ruleSetRef: 'par-ht@1', level: 'district' });
    expect([...stored.keys()].sort()).toEqual(['par-ht@1:a:2024-01-01:2024-03-31', 'par-ht@1:b:2024-01-01:2024-03-31', 'par-ht@1:c:2024-01-01:2024-03-31']);
  });

  it('names level when the children are of another level', async () => {
    const parent = { ...reportFixture(), unit: { code: '01', name: 'Hà Nội', level: 'province' }, rows: [{ key: 'a', label: 'A' }] };
    const { service } = setup({ '01': parent, a: child('a', 40) });
    await expect(service.rank(caller, parseRankingParams({ parent: '01', level: 'commune', ...window }))).rejects.toMatchObject({ parameter: 'level' });
  });

  it('checks scope before calling the report API: 403 out of scope, 400 naming unit when unknown', async () => {
    const out = setup({ '001': reportFixture() }, 'out');
    const error = await out.service.score(caller, parseScoreParams({ unit: '001', ...window })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(403);
    expect(out.calls).toEqual([]);
    const unknown = setup({}, 'unknown');
    await expect(unknown.service.rank(caller, parseRankingParams({ parent: 'zz', ...window }))).rejects.toBeInstanceOf(ScoreParameterError);
  });

  it('explains one indicator or all, and answers the progress what-if', async () => {
    const { service } = setup({ '001': reportFixture() });
    const params = parseScoreParams({ unit: '001', ...window });
    const one = await service.explain(caller, params, 'progress');
    expect(one.explanations.map((e) => e.indicatorId)).toEqual(['progress']);
    expect(one.explanations[0].steps.join('\n')).toMatch(/ASSUMED|source:/);
    const all = await service.explain(caller, params, undefined);
    expect(all.explanations).toHaveLength(params.ruleSet.indicators.length);
    const whatIf = await service.whatIf(caller, params, 18, undefined);
    expect(whatIf).toMatchObject({ indicatorId: 'progress', targetPoints: 18, unit: { code: '001' } });
  });

  it('names the rule set when it has no progress indicator for the what-if', async () => {
    const { service } = setup({ '001': reportFixture() });
    await expect(service.whatIf(caller, parseScoreParams({ unit: '001', ruleSet: 'par-ht', ...window }), 3, undefined)).rejects.toMatchObject({ parameter: 'ruleSet' });
  });
});
