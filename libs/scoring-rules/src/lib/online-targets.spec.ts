import { communeSeedFigures, setFigures } from '../testing/figures.fixture';
import { parseRuleSet } from './rule-set.schema';
import { resolveRuleSet } from './rule-set-catalog';
import { scoreUnit } from './score-unit';
import rule766 from '../data/766.v1.json';

const rs = resolveRuleSet('766', '2024-06-30');

describe('online targets per level (issue 14 item 12)', () => {
  it('are data of the 766 rule set: province 90/90, district 90/85, commune 70/70, assumed', () => {
    expect(rs.onlineTargets?.byLevel).toEqual({
      province: { online: 0.9, fullProcess: 0.9 },
      district: { online: 0.9, fullProcess: 0.85 },
      commune: { online: 0.7, fullProcess: 0.7 },
    });
    expect(rs.onlineTargets?.assumed).toBe(true);
  });

  it('says whether the unit met its level’s targets', () => {
    // The commune seed: 381 of 404 online (94.3 %), 250 full-process (61.9 %).
    const commune = scoreUnit(communeSeedFigures(), rs, {}, { unitLevel: 'commune' });
    expect(commune.onlineTargets).toEqual({
      level: 'commune',
      online: { target: 0.7, value: 0.9431, met: true },
      fullProcess: { target: 0.7, value: 0.6188, met: false },
      met: false,
      assumed: true,
    });
    const better = setFigures(communeSeedFigures(), { receivedOnlineFull: 300 });
    expect(scoreUnit(better, rs, {}, { unitLevel: 'commune' }).onlineTargets?.met).toBe(true);
    // The same figures fall short of a district's 90 % / 85 %.
    expect(scoreUnit(better, rs, {}, { unitLevel: 'district' }).onlineTargets).toMatchObject({
      online: { met: true },
      fullProcess: { target: 0.85, met: false },
      met: false,
    });
  });

  it('take a runtime target instead of the rule set’s numbers, only where the rule set judges targets', () => {
    // The commune seed: 94.3 % online, 61.9 % full-process; the operator lowers full-process to 60 %.
    const runtime = { online: 0.9, fullProcess: 0.6, assumed: false };
    expect(
      scoreUnit(communeSeedFigures(), rs, {}, { unitLevel: 'commune', onlineTarget: runtime }).onlineTargets,
    ).toEqual({
      level: 'commune',
      online: { target: 0.9, value: 0.9431, met: true },
      fullProcess: { target: 0.6, value: 0.6188, met: true },
      met: true,
      assumed: false,
    });
    const parQn = resolveRuleSet('par-qn', '2024-06-30');
    expect(
      scoreUnit(communeSeedFigures(), parQn, {}, { unitLevel: 'commune', onlineTarget: runtime }).onlineTargets,
    ).toBeNull();
  });

  it('judges nothing without dossiers, and nothing without a level or targets', () => {
    const none = setFigures(communeSeedFigures(), {
      'received.inPeriod.total': 0,
      'received.inPeriod.online': 0,
      receivedOnlineFull: 0,
    });
    expect(scoreUnit(none, rs, {}, { unitLevel: 'province' }).onlineTargets).toMatchObject({ met: null });
    expect(scoreUnit(communeSeedFigures(), rs).onlineTargets).toBeNull();
    expect(
      scoreUnit(communeSeedFigures(), resolveRuleSet('par-qn', '2024-06-30'), {}, { unitLevel: 'commune' })
        .onlineTargets,
    ).toBeNull();
  });

  it('are validated when a rule set is loaded', () => {
    const broken = structuredClone(rule766) as Record<string, unknown>;
    broken['onlineTargets'] = { byLevel: { ward: { online: 2 } }, source: '', assumed: 'yes' };
    expect(() => parseRuleSet(broken)).toThrow(/onlineTargets: source must be a non-empty string/);
    expect(() => parseRuleSet(broken)).toThrow(/onlineTargets: byLevel: unknown level 'ward'/);
    expect(() => parseRuleSet(broken)).toThrow(/onlineTargets: assumed must be true or false/);
  });
});
