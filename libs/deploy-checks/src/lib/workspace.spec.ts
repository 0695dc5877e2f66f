import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APPS,
  envVariables,
  HEALTH_PATH,
  httpTarget,
  readRepoFile,
  repoPath,
  requiredVariables,
  serversUsed,
} from './workspace';

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sources(path);
    return /\.ts$/.test(entry.name) && !/\.(spec|int-spec)\.ts$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
  });

describe('what the deploy files are checked against', () => {
  it('reads each app environment class from its main.ts (or says it falls back)', () => {
    for (const app of APPS) {
      const main = readRepoFile('apps', app.name, 'src', 'main.ts');
      if (/\bloadEnv\(/.test(main))
        expect({ app: app.name, source: app.envSource }).toEqual({
          app: app.name,
          source: expect.stringMatching(new RegExp(`^(apps/${app.name}|libs/[\\w-]+)/src/.+\\.ts#\\w+$`)),
        });
      else expect(app.envSource).toMatch(/^portVariable\(/);
      expect(new (app.envSchema as new () => { PORT: number })().PORT).toBe(app.port);
    }
  });

  it('knows every variable, optional ones included, and which ones a container must set', () => {
    // The services share the Kafka / MongoDB variables; the dashboard reads only its port and the three APIs.
    const services = ['KAFKA_BROKERS', 'KAFKA_CLIENT_ID', 'LOG_LEVEL', 'MONGODB_URI', 'PORT'];
    const dashboard = ['INTAKE_API_URL', 'LOG_LEVEL', 'PORT', 'REPORT_API_URL', 'SCORING_API_URL'];
    const required: Record<string, string[]> = {
      // Scoring's own default points at a local aggregator: containers must set it too.
      scoring: ['KAFKA_BROKERS', 'MONGODB_URI', 'PORT', 'REPORT_API_URL'],
      dashboard: ['INTAKE_API_URL', 'PORT', 'REPORT_API_URL', 'SCORING_API_URL'],
    };
    for (const app of APPS) {
      expect(envVariables(app.envSchema)).toEqual(
        expect.arrayContaining(app.name === 'dashboard' ? dashboard : services),
      );
      expect({ app: app.name, required: requiredVariables(app.envSchema) }).toEqual({
        app: app.name,
        required: required[app.name] ?? ['KAFKA_BROKERS', 'MONGODB_URI', 'PORT'],
      });
      expect({ app: app.name, ...serversUsed(app.envSchema) }).toEqual({
        app: app.name,
        kafka: app.name !== 'dashboard',
        mongo: app.name !== 'dashboard',
      });
    }
    expect(APPS.map((a) => a.name)).toContain('dashboard');
  });

  it('reads the address out of URL values only', () => {
    expect(httpTarget('http://report-aggregator:3002')).toEqual({ host: 'report-aggregator', port: 3002 });
    expect(httpTarget('https://reports.example.com/api')).toEqual({ host: 'reports.example.com', port: 443 });
    expect(httpTarget('kafka:9092')).toBeUndefined();
  });

  it('serves GET /metrics in every real app (platform MetricsModule)', () => {
    for (const app of APPS.filter((a) => !a.envSource.startsWith('portVariable('))) {
      const code = sources(repoPath('apps', app.name, 'src')).join('\n');
      expect({ app: app.name, metrics: /\bMetricsModule\.forRoot\(/.test(code) }).toEqual({
        app: app.name,
        metrics: true,
      });
    }
  });

  it('probes a health endpoint every real app serves: GET /health, no global prefix', () => {
    for (const app of APPS.filter((a) => !a.envSource.startsWith('portVariable('))) {
      const code = sources(repoPath('apps', app.name, 'src')).join('\n');
      const serves =
        /\bHealthModule\b/.test(code) || new RegExp(`@Controller\\(\\s*'${HEALTH_PATH.slice(1)}'\\s*\\)`).test(code);
      const prefixed = /setGlobalPrefix\(/.test(code) && !/exclude:[^\n]*health/.test(code);
      expect({ app: app.name, serves, prefixed }).toEqual({ app: app.name, serves: true, prefixed: false });
    }
  });
});
