import ruleSet766v1 from '../data/766.v1.json';
import ruleSetParDakNongV1 from '../data/par-dak-nong.v1.json';
import ruleSetParQnV1 from '../data/par-qn.v1.json';
import ruleSetParQnV2 from '../data/par-qn.v2.json';

/** A rule set data object as read from a file, loosely typed so tests can break it. */
export interface RawRuleSet {
  id: unknown;
  version: unknown;
  effectiveFrom: unknown;
  effectiveTo: unknown;
  totalPoints: unknown;
  groups: RawNode[];
  indicators: RawIndicator[];
  bands: RawNode[];
  [key: string]: unknown;
}

export interface RawNode {
  [key: string]: unknown;
}

export interface RawIndicator {
  id: string;
  maxPoints: unknown;
  formula: RawFormula;
  reads: unknown[];
  [key: string]: unknown;
}

export interface RawFormula {
  kind: unknown;
  thresholds: RawNode[];
  numerator: unknown[];
  all: RawNode[];
  [key: string]: unknown;
}

const DATA = {
  '766@1': ruleSet766v1,
  'par-dak-nong@1': ruleSetParDakNongV1,
  'par-qn@1': ruleSetParQnV1,
  'par-qn@2': ruleSetParQnV2,
} as const;

/** A deep copy of a bundled data file. */
export function rawRuleSet(ref: keyof typeof DATA): RawRuleSet {
  return structuredClone(DATA[ref]) as unknown as RawRuleSet;
}

export function rawIndicator(ruleSet: RawRuleSet, id: string): RawIndicator {
  const found = ruleSet.indicators.find((indicator) => indicator.id === id);
  if (!found) throw new Error(`fixture: no indicator ${id}`);
  return found;
}

/**
 * A small rule set that is not assumed, exercising formula shapes the bundled data do not use
 * (onZeroDenominator zero, conditions comparing figures, every comparison operator).
 */
export function tinyRuleSet(overrides: Partial<RawRuleSet> = {}): RawRuleSet {
  return {
    id: 'tiny',
    version: 1,
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    title: 'Bộ quy tắc thử',
    source: 'test fixture',
    totalPoints: 10,
    precision: 2,
    groups: [{ id: 'all', title: 'Tất cả', maxPoints: 10 }],
    indicators: [
      {
        id: 'apology-cover',
        group: 'all',
        title: 'Mọi hồ sơ trễ hạn đều có văn bản xin lỗi',
        maxPoints: 4,
        formula: {
          kind: 'condition',
          all: [
            { left: ['lateWithApology'], op: 'gte', right: ['resolved.late'] },
            { left: ['pending.overdue'], op: 'lte', right: 3 },
          ],
        },
        reads: ['lateWithApology', 'resolved.late', 'pending.overdue'],
        source: 'test fixture',
        assumed: false,
      } as unknown as RawIndicator,
      {
        id: 'paid-online',
        group: 'all',
        title: 'Tỷ lệ thanh toán trực tuyến',
        maxPoints: 6,
        formula: {
          kind: 'ratio',
          numerator: ['paidOnline'],
          denominator: ['feeBearing'],
          onZeroDenominator: 'zero',
          scale: 'linear',
        },
        reads: ['paidOnline', 'feeBearing'],
        source: 'test fixture',
        assumed: false,
      } as unknown as RawIndicator,
    ],
    bands: [
      { id: 'pass', title: 'Đạt', atLeast: 5, assumed: false },
      { id: 'fail', title: 'Không đạt', atLeast: 0, assumed: false },
    ],
    ...overrides,
  };
}
