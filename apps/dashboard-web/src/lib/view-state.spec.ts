import type { LocalDate } from '@dossier-ledger/calendar';
import { comparePeriod, parseViewState, periodOf, serializeViewState, windowQuery } from './view-state';

const today = '2025-12-06' as LocalDate;

describe('view state in the URL', () => {
  it('reads back what it writes', () => {
    const state = parseViewState('?unit=42&w=2025-Q4&cutoff=statutory&cmp=lastYear&tab=charts', today);
    expect(state).toEqual({
      unit: '42',
      window: '2025-Q4',
      cutoff: 'statutory',
      compare: 'lastYear',
      tab: 'charts',
      pages: {},
    });
    expect(parseViewState(serializeViewState(state), today)).toEqual(state);
  });

  it('keeps the page of each paged list, page 1 and nonsense left out', () => {
    const state = parseViewState(
      '?unit=42&w=2024-02&tab=scores&page-overdue=3&page-late=12&page-x=0&page-y=a&page-z=1',
      today,
    );
    expect(state.pages).toEqual({ late: 12, overdue: 3 });
    expect(serializeViewState(state)).toBe('?unit=42&w=2024-02&tab=scores&page-late=12&page-overdue=3');
    expect(serializeViewState({ ...state, pages: { late: 1 } })).toBe('?unit=42&w=2024-02&tab=scores');
  });

  it('falls back to the current month and the form for unknown values', () => {
    expect(parseViewState('?w=2025-Q9&tab=nope&cmp=x', today)).toEqual({
      unit: null,
      window: '2025-12',
      cutoff: 'calendar',
      compare: 'none',
      tab: 'form',
      pages: {},
    });
  });

  it('asks the API for a preset by period and a custom window by dates', () => {
    expect(windowQuery(periodOf({ window: '2025-Q4', cutoff: 'statutory' }))).toBe('period=2025-Q4&cutoff=statutory');
    expect(windowQuery(periodOf({ window: '2025-01-01..2025-09-20', cutoff: 'calendar' }))).toBe(
      'from=2025-01-01&to=2025-09-20',
    );
  });
});

describe('comparePeriod', () => {
  const of = (window: string, cutoff: 'calendar' | 'statutory' = 'calendar') => periodOf({ window, cutoff });
  const range = (p: ReturnType<typeof comparePeriod>) => (p ? `${p.from}..${p.to}` : null);

  it('takes the period before, across a year boundary', () => {
    expect(range(comparePeriod(of('2025-01'), 'previous'))).toBe('2024-12-01..2024-12-31');
    expect(range(comparePeriod(of('2025-Q1'), 'previous'))).toBe('2024-10-01..2024-12-31');
    expect(range(comparePeriod(of('2025-H2'), 'previous'))).toBe('2025-01-01..2025-06-30');
    expect(range(comparePeriod(of('2025-03', 'statutory'), 'previous'))).toBe('2025-01-15..2025-02-14');
  });

  it('takes a custom window of the same length just before it', () => {
    expect(range(comparePeriod(of('2025-03-10..2025-03-19'), 'previous'))).toBe('2025-02-28..2025-03-09');
  });

  it('takes the same period a year earlier', () => {
    expect(range(comparePeriod(of('2025-Q3'), 'lastYear'))).toBe('2024-07-01..2024-09-30');
    expect(range(comparePeriod(of('2024-02-01..2024-02-29'), 'lastYear'))).toBe('2023-02-01..2023-02-28');
    expect(comparePeriod(of('2025'), 'none')).toBeNull();
  });
});
