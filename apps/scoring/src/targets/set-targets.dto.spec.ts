import { parseTargetChanges, parseTargetLevel, TargetsInputError } from './set-targets.dto';

/** The violations of a refused body (fails the test when it is accepted). */
function refusal(run: () => unknown): { field: string; rule: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof TargetsInputError) return [...error.violations];
    throw error;
  }
  throw new Error('accepted');
}

describe('a change of targets (PUT body, CLI options)', () => {
  it('takes shares 0–1 for any of online, fullProcess, onTime; null removes a province’s own', () => {
    expect(parseTargetChanges({ onTime: 0.95 }, '42')).toEqual({ onTime: 0.95 });
    expect(parseTargetChanges({ online: 1, fullProcess: 0, onTime: null }, '42')).toEqual({
      online: 1,
      fullProcess: 0,
      onTime: null,
    });
    expect(parseTargetLevel('commune')).toBe('commune');
  });

  it('refuses naming the field and the rule', () => {
    expect(refusal(() => parseTargetChanges({ online: 1.2 }, 'default'))).toEqual([
      { field: 'online', rule: 'max', message: 'online must be a share from 0 to 1' },
    ]);
    expect(refusal(() => parseTargetChanges({ onTime: '90%' }, 'default'))).toContainEqual(
      expect.objectContaining({ field: 'onTime', rule: 'isNumber' }),
    );
    expect(refusal(() => parseTargetChanges({ ontime: 0.9 }, 'default'))).toEqual([
      expect.objectContaining({ field: 'ontime', rule: 'unknownField' }),
    ]);
    expect(refusal(() => parseTargetChanges({}, 'default'))).toEqual([
      expect.objectContaining({ field: 'body', rule: 'notEmpty' }),
    ]);
    expect(refusal(() => parseTargetChanges([0.9], 'default'))).toEqual([
      expect.objectContaining({ field: 'body', rule: 'isObject' }),
    ]);
    expect(refusal(() => parseTargetChanges({ online: null }, 'default'))).toEqual([
      expect.objectContaining({ field: 'online', rule: 'required' }),
    ]);
    expect(refusal(() => parseTargetLevel('ward'))).toEqual([
      expect.objectContaining({ field: 'level', rule: 'isIn' }),
    ]);
  });
});
