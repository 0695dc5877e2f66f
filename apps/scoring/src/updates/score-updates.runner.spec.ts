// The report.updated use case with in-memory stand-ins for the report API, the stores and the
// publisher, over the real unit registry, rule-set catalog and scoring. Kafka and the real aggregator
// are in the integration test.
import type { ReportUpdatedV1, ScoreUpdatedV1 } from '@dossier-ledger/contracts';
import { ApiError, type KafkaBatch } from '@dossier-ledger/platform';
import { defaultRuleSetCatalog } from '@dossier-ledger/scoring-rules';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import type { ReportFiguresClient, ReportRequest } from '../figures/report-figures.client';
import { UnitFiguresReader } from '../figures/unit-figures.reader';
import { ScoreRecorder } from '../scores/score-recorder';
import type { ManualInputRepository } from '../store/manual-input.repository';
import type { ScoreDoc, ScoreRepository } from '../store/score.repository';
import { childRowOf, reportFixture } from '../testing/report-fixture';
import { eraMatcher } from './era-matcher';
import { ScoreUpdatesRunner } from './score-updates.runner';

const registry = loadDefaultUnitRegistry();
const [district] = registry.children('01', '2024-02-29');
const [commune] = registry.children(district.code, '2024-02-29');
const ERA = 'units-2023-04-10.v1';

function setup() {
  const calls: ReportRequest[] = [];
  let failure: ApiError | undefined;
  const report = (code: string, request: ReportRequest) => {
    const unit = registry.get(code, request.to);
    return {
      ...reportFixture(),
      unit: { code, name: unit?.name ?? code, level: unit?.level ?? '?' },
      from: request.from,
      to: request.to,
    };
  };
  const client = {
    report: async (request: ReportRequest) => {
      calls.push(request);
      if (failure) throw failure;
      const parent = report(request.unit, request);
      if (request.by !== 'child') return parent;
      const rows = registry.children(request.unit, request.to).map((child) => childRowOf(report(child.code, request)));
      return { ...parent, rows };
    },
  } as unknown as ReportFiguresClient;
  const manual = { readMany: async () => new Map() } as unknown as ManualInputRepository;
  const stored = new Map<string, ScoreDoc>();
  const scores = {
    save: async (docs: ScoreDoc[]) => docs.forEach((doc) => stored.set(doc._id, doc)),
  } as unknown as ScoreRepository;
  const published: ScoreUpdatedV1[] = [];
  let now = 0;
  const runner = new ScoreUpdatesRunner(
    new UnitFiguresReader(client, registry, 4),
    new ScoreRecorder(manual, scores),
    { publish: async (updates) => void published.push(...updates) },
    defaultRuleSetCatalog(),
    eraMatcher(registry),
    { authorization: 'Bearer dl_scoring', lingerMs: 1_000, maxPending: 10_000 },
    { nowMs: () => now, today: () => '2026-11-25' },
  );
  return {
    runner,
    calls,
    stored,
    published,
    advance: (ms: number) => (now += ms),
    fail: (error: ApiError | undefined) => (failure = error),
  };
}

let offset = 0;
function batch(...values: (ReportUpdatedV1 | string)[]): KafkaBatch {
  return {
    topic: 'report.updated.v1',
    partition: 0,
    highWatermark: '0',
    messages: values.map((value) => ({
      offset: String(offset++),
      key: null,
      value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
      timestamp: '0',
    })),
  };
}
const update = (units: Record<string, string[]>, era = ERA): ReportUpdatedV1 => ({
  schema: 'report.updated.v1',
  era,
  units,
  publishedAt: '2026-11-25T08:00:00+07:00',
  covered: {},
});
const changed = () => update({ [commune.code]: ['2024-02-10'], [district.code]: ['2024-02-10'], '01': ['2024-02-10'] });

describe('ScoreUpdatesRunner', () => {
  beforeEach(() => (offset = 0));

  it('after the linger, recomputes month, quarter and year of the changed units with every rule set in force, one by=child call per parent', async () => {
    const { runner, calls, stored, published, advance } = setup();
    expect(await runner.applyBatch(batch(changed()))).toEqual({});
    advance(500);
    expect(await runner.tick()).toEqual({}); // still lingering
    expect(calls).toEqual([]);
    advance(600);
    expect(await runner.tick()).toEqual({ commit: [{ partition: 0, offset: '1' }] });
    // Per window: the district answers for itself and the commune, the province for itself (and the district).
    expect(calls.map((c) => `${c.unit}:${c.by}:${c.from}..${c.to}`).sort()).toEqual(
      ['2024-02-01..2024-02-29', '2024-01-01..2024-03-31', '2024-01-01..2024-12-31']
        .flatMap((w) => [`${district.code}:child:${w}`, `01:child:${w}`])
        .sort(),
    );
    // 3 units × 3 windows × the rule sets in force in 2024 (766@1, par-dak-nong@1, par-qn@1).
    expect(stored.size).toBe(27);
    expect([...stored.keys()].some((id) => id.startsWith(`par-qn@1:${commune.code}:2024-02-01:2024-02-29:`))).toBe(
      true,
    );
    expect(published).toHaveLength(27);
    expect(published.find((p) => p.scoreId.startsWith('766@1:01:2024-01-01:2024-12-31:'))).toMatchObject({
      schema: 'score.updated.v1',
      ruleSet: '766',
      ruleSetVersion: '1',
      unitCode: '01',
      maxScore: 100,
    });
  });

  it('coalesces repeats and redeliveries: each (window, unit) is recomputed once', async () => {
    const { runner, stored, published, advance } = setup();
    await runner.applyBatch(batch(changed(), changed()));
    await runner.applyBatch(batch(update({ [commune.code]: ['2024-02-11', '2024-02-12'] })));
    advance(1_000);
    expect(await runner.tick()).toEqual({ commit: [{ partition: 0, offset: '3' }] });
    expect(published).toHaveLength(27);
    expect(new Set(published.map((p) => p.scoreId)).size).toBe(27);
    expect(stored.size).toBe(27);
    expect(runner.stats()).toMatchObject({ notifications: 3, recomputations: 3, scores: 27, pending: 0 });
  });

  it('keeps everything and commits nothing while the report API is down, then catches up', async () => {
    const { runner, published, advance, fail } = setup();
    await runner.applyBatch(batch(changed()));
    fail(new ApiError(502, 'report API unreachable'));
    advance(1_000);
    expect(await runner.tick()).toEqual({});
    expect(runner.stats()).toMatchObject({ failures: 1, pending: 9 });
    fail(undefined);
    expect(await runner.tick()).toEqual({ commit: [{ partition: 0, offset: '1' }] });
    expect(published).toHaveLength(27);
  });

  it('drops a window the report API refuses for good (scope, key), and skips what is not a notification', async () => {
    const { runner, published, advance, fail } = setup();
    await runner.applyBatch(batch('not json', changed()));
    fail(new ApiError(403, 'outside the scope'));
    advance(1_000);
    expect(await runner.tick()).toEqual({ commit: [{ partition: 0, offset: '2' }] });
    expect(published).toEqual([]);
    expect(runner.stats()).toMatchObject({ skipped: 1, failures: 3, pending: 0 });
  });

  it('ignores windows reported under another era, and units unknown in theirs', async () => {
    const { runner, calls, advance } = setup();
    // 2025-06 is in the 30/06/2025 hierarchy, but the year 2025 is reported under the new one.
    const midEra = 'units-2025-06-30.v1';
    await runner.applyBatch(batch(update({ [district.code]: ['2025-06-03'], XX999: ['2025-06-03'] }, midEra)));
    advance(1_000);
    await runner.tick();
    expect(calls.map((c) => `${c.unit}:${c.from}..${c.to}`).sort()).toEqual([
      `${district.code}:2025-04-01..2025-06-30`,
      `${district.code}:2025-06-01..2025-06-30`,
    ]);
  });
});
