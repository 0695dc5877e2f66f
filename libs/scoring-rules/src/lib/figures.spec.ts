import { communeSeedFigures, setFigures } from '../testing/figures.fixture';
import {
  FIGURE_PATHS,
  FiguresError,
  OPTIONAL_FIGURE_PATHS,
  assertScoringFigures,
  isFigurePath,
  readFigure,
} from './figures';

describe('figure paths', () => {
  it('reads nested and top-level figures by path', () => {
    const figures = communeSeedFigures();
    expect(readFigure(figures, 'received.inPeriod.online')).toBe(381);
    expect(readFigure(figures, 'resolved.late')).toBe(5);
    expect(readFigure(figures, 'lateWithoutApology')).toBe(2);
    expect(readFigure(figures, 'procedures.withOnlinePayment')).toBe(140);
  });

  it('reads every listed path of a complete figures object as a number', () => {
    const figures = communeSeedFigures();
    for (const path of FIGURE_PATHS) expect(typeof readFigure(figures, path)).toBe('number');
    expect(FIGURE_PATHS).toHaveLength(35);
  });

  it('gives undefined for absent optional figures', () => {
    const figures = { ...communeSeedFigures(), procedures: undefined, digitizedReused: undefined };
    expect(readFigure(figures, 'procedures.total')).toBeUndefined();
    expect(readFigure(figures, 'digitizedReused')).toBeUndefined();
    expect(OPTIONAL_FIGURE_PATHS).toContain('syncedToNationalPortal');
  });

  it('accepts only known paths (no prototype keys, no partial paths)', () => {
    expect(isFigurePath('resolved.early')).toBe(true);
    expect(isFigurePath('resolved')).toBe(false);
    expect(isFigurePath('toString')).toBe(false);
    expect(isFigurePath('constructor')).toBe(false);
    expect(isFigurePath(42)).toBe(false);
  });
});

describe('assertScoringFigures', () => {
  it('accepts complete figures and figures without the optional ones', () => {
    expect(() => assertScoringFigures(communeSeedFigures())).not.toThrow();
    const bare = setFigures(communeSeedFigures(), { digitizedReused: undefined, syncedToNationalPortal: undefined });
    expect(() => assertScoringFigures({ ...bare, procedures: undefined })).not.toThrow();
  });

  it('rejects a missing required figure, naming it', () => {
    const figures = setFigures(communeSeedFigures(), { 'resolved.early': undefined });
    expect(() => assertScoringFigures(figures)).toThrow(new FiguresError('figures: resolved.early is missing'));
    const noResolved = { ...communeSeedFigures(), resolved: undefined } as unknown as Parameters<
      typeof assertScoringFigures
    >[0];
    expect(() => assertScoringFigures(noResolved)).toThrow('figures: resolved.total is missing');
  });

  it.each([
    ['pending.inTime', -1, 'must be a finite number >= 0'],
    ['feeBearing', Number.NaN, 'must be a finite number >= 0'],
    ['paidOnline', Number.POSITIVE_INFINITY, 'must be a finite number >= 0'],
    ['resolved.onTime', 1.5, 'must be an integer count'],
  ] as const)('rejects %s = %p', (path, value, message) => {
    expect(() => assertScoringFigures(setFigures(communeSeedFigures(), { [path]: value }))).toThrow(
      `figures: ${path} ${message}`,
    );
  });

  it('allows non-integer sums (satisfaction, working days)', () => {
    const figures = setFigures(communeSeedFigures(), { satisfactionSum: 1799.5, resolutionWorkingDaysSum: 10.25 });
    expect(() => assertScoringFigures(figures)).not.toThrow();
  });
});
