import { ReportParameterError, resolveReportWindow } from './report-window';

const parameterOf = (query: Parameters<typeof resolveReportWindow>[0]) => {
  try {
    resolveReportWindow(query);
  } catch (error) {
    if (error instanceof ReportParameterError) return error.parameter;
    throw error;
  }
  return undefined;
};

describe('resolveReportWindow', () => {
  it('takes from and to as they are', () => {
    expect(resolveReportWindow({ from: '2024-01-19', to: '2024-02-19' })).toEqual({
      from: '2024-01-19',
      to: '2024-02-19',
    });
  });

  it.each([
    ['2024-02', 'calendar', '2024-02-01', '2024-02-29'],
    ['2023-Q3', 'calendar', '2023-07-01', '2023-09-30'],
    ['2023-H1', 'calendar', '2023-01-01', '2023-06-30'],
    ['2023-9M', 'calendar', '2023-01-01', '2023-09-30'],
    ['2023', 'calendar', '2023-01-01', '2023-12-31'],
    ['2024-02', 'statutory', '2024-01-15', '2024-02-14'],
    ['2024-Q1', 'statutory', '2023-12-15', '2024-03-14'],
  ] as const)('reads period %s (%s cut-off)', (period, cutoff, from, to) => {
    expect(resolveReportWindow({ period, cutoff })).toMatchObject({ from, to, period: { code: period } });
  });

  it.each([
    [{ from: '2024-02-30', to: '2024-03-01' }, 'from'],
    [{ from: '2024-01-01', to: '2024-13-01' }, 'to'],
    [{ from: '2024-03-02', to: '2024-03-01' }, 'from'],
    [{ to: '2024-03-01' }, 'from'],
    [{ from: '2024-03-01' }, 'to'],
    [{ period: '2023-Q5' }, 'period'],
    [{ period: 'last week' }, 'period'],
    [{ period: '2024', from: '2024-01-01' }, 'period'],
  ])('names the parameter at fault: %p', (query, parameter) => {
    expect(parameterOf(query)).toBe(parameter);
  });
});
