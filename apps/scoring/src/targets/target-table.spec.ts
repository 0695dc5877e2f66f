import { resolveRuleSet } from '@dossier-ledger/scoring-rules';
import { defaultTargetDocs, levelTargets, runtimeOnlineTarget, targetId, type TargetDoc } from './target-table';

const now = new Date('2026-01-01T00:00:00Z');
const defaults = defaultTargetDocs(resolveRuleSet('766', '2026-01-01').onlineTargets, now);
const table = (...docs: TargetDoc[]) => new Map([...defaults, ...docs].map((doc) => [doc._id, doc]));

describe('targets per level (runtime data)', () => {
  it('are seeded from the 766 rule set’s online targets and an assumed 90 % on time, keyed scope:level', () => {
    expect(defaults.map((doc) => doc._id)).toEqual(['default:province', 'default:district', 'default:commune']);
    expect(levelTargets(table(), '42', 'district')).toEqual({
      level: 'district',
      online: { share: 0.9, assumed: true, scope: 'default' },
      fullProcess: { share: 0.85, assumed: true, scope: 'default' },
      onTime: { share: 0.9, assumed: true, scope: 'default' },
    });
    // A rule set without online targets seeds the on-time target alone.
    expect(defaultTargetDocs(null, now)[2].values).toEqual({
      onTime: { share: 0.9, assumed: true, updatedAt: now, updatedBy: 'shipped default' },
    });
  });

  it('take a province’s own value per target, the default for the others and for other provinces', () => {
    const own: TargetDoc = {
      _id: targetId('42', 'commune'),
      scope: '42',
      level: 'commune',
      values: { onTime: { share: 0.95, assumed: false, updatedAt: now, updatedBy: 'key:k1 (ops)' } },
    };
    expect(levelTargets(table(own), '42', 'commune')).toMatchObject({
      online: { share: 0.7, scope: 'default' },
      onTime: { share: 0.95, assumed: false, scope: '42' },
    });
    expect(levelTargets(table(own), '01', 'commune').onTime).toEqual({ share: 0.9, assumed: true, scope: 'default' });
    expect(levelTargets(new Map(), '42', 'commune')).toEqual({
      level: 'commune',
      online: null,
      fullProcess: null,
      onTime: null,
    });
  });

  it('give a score its online target only when both online shares are set; assumed when either is', () => {
    const own: TargetDoc = {
      _id: targetId('42', 'province'),
      scope: '42',
      level: 'province',
      values: { online: { share: 0.8, assumed: false, updatedAt: now, updatedBy: 'cli:ops@host' } },
    };
    expect(runtimeOnlineTarget(levelTargets(table(own), '42', 'province'))).toEqual({
      level: 'province',
      online: 0.8,
      fullProcess: 0.9,
      assumed: true,
    });
    expect(runtimeOnlineTarget(levelTargets(new Map(), '42', 'province'))).toBeUndefined();
  });
});
