// The targets use case over the real unit registry and rule sets, with an in-memory table for the
// repository and the audit log; and a score recorded with a runtime target, reproduced after a change.
import {
  AdminScopeError,
  keyActor,
  unrestrictedActor,
  UnitScopeChecker,
  type AuditLog,
  type Principal,
} from '@dossier-ledger/platform';
import { defaultRuleSetCatalog, resolveRuleSet } from '@dossier-ledger/scoring-rules';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import type { ReportFiguresClient } from '../figures/report-figures.client';
import { UnitFiguresReader } from '../figures/unit-figures.reader';
import { ScoreRecorder } from '../scores/score-recorder';
import { ScoringUseCase } from '../scores/scoring.use-case';
import type { ManualInputRepository } from '../store/manual-input.repository';
import type { ScoreDoc, ScoreRepository } from '../store/score.repository';
import { reportFixture } from '../testing/report-fixture';
import type { TargetChanges } from './set-targets.dto';
import { defaultTargetDocs, targetId, type TargetDoc } from './target-table';
import type { TargetRepository } from './target.repository';
import { TargetsUseCase } from './targets.use-case';

const registry = loadDefaultUnitRegistry();
const catalog = defaultRuleSetCatalog();
const ops = unrestrictedActor('cli:ops@host');
const adminOf = (province: string) =>
  keyActor(
    { keyId: `k${province}`, source: 'ops', scope: [province], roles: ['admin'] },
    new UnitScopeChecker(registry),
  );

function setup() {
  const table = new Map<string, TargetDoc>();
  const repository = {
    seed: async (docs: TargetDoc[]) => docs.forEach((doc) => table.has(doc._id) || table.set(doc._id, doc)),
    table: async () => table,
    set: async (scope: string, level: TargetDoc['level'], changes: TargetChanges, updatedBy: string) => {
      const doc: TargetDoc = table.get(targetId(scope, level)) ?? {
        _id: targetId(scope, level),
        scope,
        level,
        values: {},
      };
      for (const [field, share] of Object.entries(changes) as [keyof TargetChanges, number | null][])
        if (share === null) delete doc.values[field];
        else doc.values[field] = { share, assumed: false, updatedAt: new Date(), updatedBy };
      table.set(doc._id, doc);
      return doc;
    },
  } as unknown as TargetRepository;
  const audit: unknown[][] = [];
  const auditLog = { record: async (...entry: unknown[]) => void audit.push(entry) } as unknown as AuditLog;
  const targets = new TargetsUseCase(repository, auditLog, registry, () =>
    defaultTargetDocs(resolveRuleSet('766', '2026-01-01').onlineTargets, new Date()),
  );
  return { targets, audit };
}

describe('TargetsUseCase', () => {
  it('answers the targets of a unit’s level and of its children’s, in its province', async () => {
    const { targets } = setup();
    await targets.seed();
    const district = await targets.forUnit('001', '2024-03-31'); // Quận Ba Đình, Hà Nội
    expect(district).toMatchObject({
      unit: { code: '001', level: 'district' },
      province: '01',
      targets: { level: 'district', online: { share: 0.9 }, fullProcess: { share: 0.85 } },
      childTargets: { level: 'commune', online: { share: 0.7 }, onTime: { share: 0.9, assumed: true } },
    });
    const commune = registry.children('001', '2024-03-31')[0].code;
    expect((await targets.forUnit(commune, '2024-03-31')).childTargets).toBeNull();
    await expect(targets.forUnit('001', '2026-01-01')).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'unit', rule: 'knownUnit' })],
    });
  });

  it('sets a province’s own target, audit-logged, and the next lookups use it', async () => {
    const { targets, audit } = setup();
    await targets.seed();
    const lookup = await targets.onlineTargets();
    const report = { unit: { code: '001', level: 'district' }, hierarchy: 'units-2023-04-10.v1', to: '2024-03-31' };
    expect(lookup(report)).toEqual({ level: 'district', online: 0.9, fullProcess: 0.85, assumed: true });
    await targets.set(ops, '01', 'district', { online: 0.5, fullProcess: 0.3 });
    expect(audit).toEqual([
      ['cli:ops@host', 'targets.set', '01:district', { changes: { online: 0.5, fullProcess: 0.3 } }, ['01']],
    ]);
    expect((await targets.onlineTargets())(report)).toEqual({
      level: 'district',
      online: 0.5,
      fullProcess: 0.3,
      assumed: false,
    });
    // Another province keeps the default.
    expect((await targets.forUnit('22', '2024-03-31')).childTargets?.online).toMatchObject({ scope: 'default' });
  });

  it('refuses a scope that is neither default nor a province, and a bad level, naming the field', async () => {
    const { targets, audit } = setup();
    await expect(targets.set(ops, '001', 'commune', { onTime: 0.9 })).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'scope', rule: 'province' })],
    });
    await expect(targets.set(ops, 'default', 'ward', { onTime: 0.9 })).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'level', rule: 'isIn' })],
    });
    expect(targets.provinceDay('67')).toBeDefined(); // Đắk Nông: a province until 30/06/2025
    expect(audit).toEqual([]);
  });

  it('lets an admin key set its own province only, never the defaults; refused changes write nothing', async () => {
    const { targets, audit } = setup();
    await targets.seed();
    const hanoi = adminOf('01');
    await expect(targets.set(hanoi, '22', 'commune', { onTime: 0.95 })).rejects.toThrow(AdminScopeError);
    await expect(targets.set(hanoi, 'default', 'commune', { onTime: 0.95 })).rejects.toThrow(
      /does not administer them all/,
    );
    // A bad body is named before the scope is judged.
    await expect(targets.set(hanoi, 'default', 'commune', { onTime: 2 })).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'onTime', rule: 'max' })],
    });
    expect(audit).toEqual([]);
    await targets.set(hanoi, '01', 'commune', { onTime: 0.95 });
    expect(audit).toEqual([['key:k01 (ops)', 'targets.set', '01:commune', { changes: { onTime: 0.95 } }, ['01']]]);
    expect((await targets.list(hanoi)).map((doc) => doc._id)).toContain('01:commune');
    expect((await targets.list(adminOf('22'))).map((doc) => doc._id)).not.toContain('01:commune');
    expect((await targets.list(adminOf('22'))).map((doc) => doc._id)).toContain('default:commune');
  });

  it('stores the online target a score was judged against, so the score is reproduced after a change', async () => {
    const { targets } = setup();
    await targets.seed();
    const stored = new Map<string, ScoreDoc>();
    const scores = {
      save: async (docs: ScoreDoc[]) => docs.forEach((doc) => stored.set(doc._id, JSON.parse(JSON.stringify(doc)))),
      get: async (id: string) => stored.get(id) ?? null,
    } as unknown as ScoreRepository;
    const manual = { readMany: async () => new Map() } as unknown as ManualInputRepository;
    const recorder = new ScoreRecorder(manual, scores, targets);
    const client = {} as ReportFiguresClient;
    const scope = {
      check: (_: string[], unitCode: string) => ({ kind: 'in', unitCode }),
    } as unknown as UnitScopeChecker;
    const scoring = new ScoringUseCase(
      client,
      new UnitFiguresReader(client, registry, 1),
      recorder,
      manual,
      scores,
      scope,
      catalog,
    );
    const principal: Principal = { keyId: 'k1', source: 'test', scope: ['01'], roles: ['read'] };
    const rule766 = catalog.resolve('766', '2024-03-31');
    // The fixture's district: 60 % online, 35 % full-process.
    const [before] = (await recorder.record([reportFixture()], [rule766], { strict: true })).scored;
    expect(before.doc.onlineTarget).toEqual({ level: 'district', online: 0.9, fullProcess: 0.85, assumed: true });
    expect(before.score.onlineTargets?.met).toBe(false);

    await targets.set(ops, '01', 'district', { online: 0.5, fullProcess: 0.3 });
    const [after] = (await recorder.record([reportFixture()], [rule766], { strict: true })).scored;
    expect(after.score.onlineTargets).toMatchObject({ met: true, assumed: false });
    expect(after.doc._id).not.toBe(before.doc._id); // the digest names the targets
    expect(after.doc.score.onlineTargetsMet).toBe(true);

    const view = await scoring.stored(principal, before.doc._id);
    expect(view.reproducible).toBe(true);
    expect(view.reproduced.onlineTargets).toMatchObject({ met: false, online: { target: 0.9 } });
    // par-qn judges no online targets: nothing stored, its id is computed as before runtime targets.
    const [par] = (
      await recorder.record([reportFixture()], [catalog.resolve('par-qn', '2024-03-31')], { strict: true })
    ).scored;
    expect(par.doc.onlineTarget).toBeUndefined();
    expect(par.doc.score).not.toHaveProperty('onlineTargetsMet');
  });
});
