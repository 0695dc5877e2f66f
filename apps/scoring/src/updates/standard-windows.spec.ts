import { standardWindows } from './standard-windows';

describe('standardWindows', () => {
  it('gives the month, quarter and year of a day in a closed year', () => {
    expect(standardWindows('2024-05-17', '2026-11-25')).toEqual([
      { kind: 'month', code: '2024-05', from: '2024-05-01', to: '2024-05-31' },
      { kind: 'quarter', code: '2024-Q2', from: '2024-04-01', to: '2024-06-30' },
      { kind: 'year', code: '2024', from: '2024-01-01', to: '2024-12-31' },
    ]);
  });

  it('ends running windows today and leaves out those not started', () => {
    expect(standardWindows('2026-11-03', '2026-11-25').map((w) => [w.code, w.to])).toEqual([
      ['2026-11', '2026-11-25'],
      ['2026-Q4', '2026-11-25'],
      ['2026', '2026-11-25'],
    ]);
    // A planned overdue switch next month: its quarter and year have started, its month has not.
    expect(standardWindows('2026-12-02', '2026-11-25').map((w) => w.code)).toEqual(['2026-Q4', '2026']);
    expect(standardWindows('2027-01-05', '2026-11-25')).toEqual([]);
  });
});
