import {
  ScoreParameterError,
  manualIndicatorIds,
  parseIndicator,
  parseManualInputsBody,
  parsePaging,
  parseRankingParams,
  parseScoreId,
  parseScoreParams,
  parseTarget,
} from './score-params';

function parameterOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof ScoreParameterError) return error.parameter;
    throw error;
  }
  throw new Error('expected a ScoreParameterError');
}

const ok = { unit: '001', from: '2024-01-01', to: '2024-03-31' };

describe('parseScoreParams', () => {
  it('defaults ruleSet to 766, the version effective on `to`', () => {
    const params = parseScoreParams(ok);
    expect(params).toMatchObject({ unit: '001', from: '2024-01-01', to: '2024-03-31' });
    expect(`${params.ruleSet.id}@${params.ruleSet.version}`).toBe('766@1');
  });

  it('takes a PAR rule set by id, and id@version exactly', () => {
    expect(parseScoreParams({ ...ok, ruleSet: 'par-dak-nong' }).ruleSet.id).toBe('par-dak-nong');
    const v1 = parseScoreParams({ ...ok, from: '2025-01-01', to: '2025-03-31', ruleSet: 'par-qn@1' }).ruleSet;
    expect(`${v1.id}@${v1.version}`).toBe('par-qn@1');
    const effective = parseScoreParams({ ...ok, from: '2025-01-01', to: '2025-03-31', ruleSet: 'par-qn' }).ruleSet;
    expect(effective.version).toBe(2);
  });

  it.each([
    ['unit', {}],
    ['unit', { unit: 'a b' }],
    ['unit', { unit: ['001', '002'] }],
    ['from', { from: undefined }],
    ['from', { from: '2024-13-01' }],
    ['to', { to: '31/03/2024' }],
    ['to', { to: '2024-02-30' }],
    ['from', { from: '2024-04-01' }],
    ['ruleSet', { ruleSet: 'nope' }],
    ['ruleSet', { ruleSet: '766@9' }],
    ['ruleSet', { ruleSet: '766@x' }],
  ])('400 names %s', (parameter, patch) => {
    const query = { ...ok, ...patch } as Record<string, unknown>;
    if ('unit' in patch && patch.unit === undefined) delete query['unit'];
    if (parameter === 'unit' && Object.keys(patch).length === 0) delete query['unit'];
    expect(parameterOf(() => parseScoreParams(query))).toBe(parameter);
  });

  it('names ruleSet when no version is effective on `to`', () => {
    expect(parameterOf(() => parseScoreParams({ ...ok, from: '1990-01-01', to: '1990-01-31' }))).toBe('ruleSet');
  });
});

describe('parseIndicator and parseTarget', () => {
  const { ruleSet } = parseScoreParams(ok);
  it('accepts an indicator of the rule set, absent when optional', () => {
    expect(parseIndicator({ indicator: 'progress' }, ruleSet, false)).toBe('progress');
    expect(parseIndicator({}, ruleSet, false)).toBeUndefined();
  });
  it('names indicator when unknown or missing but required', () => {
    expect(parameterOf(() => parseIndicator({ indicator: 'nope' }, ruleSet, false))).toBe('indicator');
    expect(parameterOf(() => parseIndicator({}, ruleSet, true))).toBe('indicator');
  });
  it('reads target as points >= 0', () => {
    expect(parseTarget({ target: '18' })).toBe(18);
    expect(parseTarget({ target: '17.5' })).toBe(17.5);
    for (const target of [undefined, '-1', 'abc', '1e3', ' 5'])
      expect(parameterOf(() => parseTarget({ target }))).toBe('target');
  });
});

describe('parseRankingParams', () => {
  it('reads parent, optional level and the window', () => {
    expect(parseRankingParams({ parent: '01', level: 'district', from: '2024-01-01', to: '2024-03-31' })).toMatchObject(
      { parent: '01', level: 'district' },
    );
    expect(parseRankingParams({ parent: '01', from: '2024-01-01', to: '2024-03-31' }).level).toBeUndefined();
  });
  it('names parent and level', () => {
    expect(parameterOf(() => parseRankingParams({ from: '2024-01-01', to: '2024-03-31' }))).toBe('parent');
    expect(
      parameterOf(() => parseRankingParams({ parent: '01', level: 'ward', from: '2024-01-01', to: '2024-03-31' })),
    ).toBe('level');
  });
});

describe('parseManualInputsBody', () => {
  const today = '2024-06-01';
  it('accepts manual indicators with points in range, rule set 766 by default', () => {
    const body = parseManualInputsBody({ unit: '001', inputs: { publicity: 4, 'complaint-handling': 6 } }, today);
    expect(body.ruleSet.id).toBe('766');
    expect(body.inputs).toEqual({ publicity: 4, 'complaint-handling': 6 });
  });
  it('lists the indicators that take manual inputs (manual formulas and manual fallbacks)', () => {
    const ids = manualIndicatorIds(parseScoreParams(ok).ruleSet);
    expect(ids).toEqual(
      expect.arrayContaining(['publicity', 'complaint-handling', 'online-procedures', 'satisfaction']),
    );
    expect(ids).not.toContain('progress');
  });
  it.each([
    ['body', null],
    ['body', []],
    ['unit', { inputs: { publicity: 1 } }],
    ['ruleSet', { ruleSet: '766@1', unit: '001', inputs: { publicity: 1 } }],
    ['ruleSet', { ruleSet: 'nope', unit: '001', inputs: { publicity: 1 } }],
    ['inputs', { unit: '001' }],
    ['inputs', { unit: '001', inputs: {} }],
    ['inputs.nope', { unit: '001', inputs: { nope: 1 } }],
    ['inputs.progress', { unit: '001', inputs: { progress: 1 } }],
    ['inputs.publicity', { unit: '001', inputs: { publicity: 99 } }],
    ['inputs.publicity', { unit: '001', inputs: { publicity: '4' } }],
    ['inputs.publicity', { unit: '001', inputs: { publicity: -1 } }],
  ])('400 names %s', (parameter, body) => {
    expect(parameterOf(() => parseManualInputsBody(body, today))).toBe(parameter);
  });
});

describe('parsePaging and parseScoreId', () => {
  it('pages from 1, 20 dossiers by default', () => {
    expect(parsePaging({})).toEqual({ page: 1, pageSize: 20 });
    expect(parsePaging({ page: '3', pageSize: '200' })).toEqual({ page: 3, pageSize: 200 });
  });

  it.each([
    ['page', { page: '0' }],
    ['page', { page: 'x' }],
    ['pageSize', { pageSize: '201' }],
    ['pageSize', { pageSize: ['5', '6'] }],
  ])('400 names %s', (parameter, query) => {
    expect(parameterOf(() => parsePaging(query))).toBe(parameter);
  });

  it('takes a stored score id, and names id otherwise', () => {
    expect(parseScoreId({ id: '766@1:001:2024-01-01:2024-03-31:0123456789ab' })).toBe(
      '766@1:001:2024-01-01:2024-03-31:0123456789ab',
    );
    expect(parameterOf(() => parseScoreId({ id: '766@1:001:2024-01-01:2024-03-31' }))).toBe('id');
    expect(parameterOf(() => parseScoreId({ id: '766:001' }))).toBe('id');
    expect(parameterOf(() => parseScoreId({}))).toBe('id');
  });
});
