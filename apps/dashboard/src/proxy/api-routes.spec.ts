import { upstreamUrl } from './api-routes';

const bases = { reports: 'http://agg:3002', scores: 'http://scoring:3003/', intake: 'https://intake.example' };

describe('upstreamUrl', () => {
  it('maps each service prefix, keeping the query', () => {
    expect(upstreamUrl('/api/reports/dossiers?unit=42&period=2024-02', bases)?.href).toBe(
      'http://agg:3002/v1/reports/dossiers?unit=42&period=2024-02',
    );
    expect(upstreamUrl('/api/scores/rankings?parent=42', bases)?.href).toBe(
      'http://scoring:3003/v1/rankings?parent=42',
    );
    expect(upstreamUrl('/api/intake/events', bases)?.href).toBe('https://intake.example/v1/events');
    expect(upstreamUrl('/api/reports/dossiers.xlsx', bases)?.pathname).toBe('/v1/reports/dossiers.xlsx');
  });

  it('refuses unknown services, empty paths and attempts to climb out of the prefix', () => {
    for (const path of [
      '/api/admin/keys',
      '/api/reports/',
      '/api/reports/../../health',
      '/api/scores/%2e%2e/metrics',
      '/api/intake/a%2Fb',
      '/session',
    ]) {
      expect(upstreamUrl(path, bases)).toBeUndefined();
    }
  });
});
