import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { TOPICS } from '@dossier-ledger/contracts';
import { checkCompose, ComposeExpectations, parseCompose, serviceEnvironment } from './compose';
import { topicsTool } from './tools';
import { checkDockerfile, DockerfileExpectations, parseDockerfile, stageVariables } from './dockerfile';
import { APPS, HEALTH_PATH, readRepoFile, repoPath } from './workspace';

const readFile = (path: string) => (existsSync(repoPath(path)) ? readFileSync(repoPath(path), 'utf8') : undefined);
const expectationsFor = (app: (typeof APPS)[number]): DockerfileExpectations => ({
  app: app.name,
  port: app.port,
  healthPath: HEALTH_PATH,
  readFile,
});
const dockerfile = (app: string) => readRepoFile('docker', `${app}.Dockerfile`);

describe.each(APPS.map((app) => [app.name, app] as const))('docker/%s.Dockerfile', (name, app) => {
  it('builds in stages and runs the bundle as non-root with NODE_ENV=production, a health check and the app port', () => {
    expect(checkDockerfile(dockerfile(name), expectationsFor(app))).toEqual([]);
  });

  it('is the shared Dockerfile with only APP and PORT changed', () => {
    const normalise = (text: string, appName: string, port: number) =>
      text.replaceAll(appName, 'APP_NAME').replace(new RegExp(`^ARG PORT=${port}$`, 'm'), 'ARG PORT=APP_PORT');
    const reference = APPS[0];
    expect(normalise(dockerfile(name), name, app.port)).toBe(
      normalise(dockerfile(reference.name), reference.name, reference.port),
    );
  });

  it('relies on the package.json that Nx generates for the app', () => {
    // Every service's webpack.config.js hands its folder to the shared Node service configuration.
    expect(readRepoFile('apps', name, 'webpack.config.js')).toMatch(
      /require\('\.\.\/\.\.\/tools\/webpack\/node-service\.webpack\.cjs'\)\(__dirname/,
    );
    const shared = readRepoFile('tools', 'webpack', 'node-service.webpack.cjs');
    expect(shared).toMatch(/generatePackageJson:\s*true/);
    expect(shared).toMatch(/path: join\(appDir, '\.\.\/\.\.\/dist\/apps', name\)/);
    expect(shared).toContain('const name = basename(appDir);');
  });
});

describe('Dockerfile checks can fail', () => {
  const app = APPS[0];
  const broken = (edit: (text: string) => string) => checkDockerfile(edit(dockerfile(app.name)), expectationsFor(app));

  it.each([
    ['runs as root', (t: string) => t.replace('USER 1000:1000', 'USER root'), 'the runtime stage runs as root'],
    [
      'has no USER',
      (t: string) => t.replace('USER 1000:1000\n', ''),
      'the runtime stage sets no USER (it would run as root)',
    ],
    ['has no HEALTHCHECK', (t: string) => t.replace(/^HEALTHCHECK .*$/m, ''), 'the runtime stage has no HEALTHCHECK'],
    [
      'checks health with curl',
      (t: string) => t.replace(/CMD \["node", "healthcheck.cjs"\]/, 'CMD curl -f http://localhost:3001/health'),
      'HEALTHCHECK uses curl, which the node runtime image does not have; use node',
    ],
    [
      'exposes another port',
      (t: string) => t.replace('ARG PORT=3001', 'ARG PORT=8080'),
      'EXPOSE 8080 does not include the app port 3001',
    ],
    [
      'is not production',
      (t: string) => t.replace('NODE_ENV=production', 'NODE_ENV=development'),
      'NODE_ENV is development in the runtime stage, expected production',
    ],
    [
      'builds another app',
      (t: string) => t.replace('ARG APP=dossier-intake', 'ARG APP=scoring'),
      'no build stage runs `nx build dossier-intake`',
    ],
  ])('%s', (_, edit, problem) => {
    expect(broken(edit)).toContain(problem);
  });

  it('is a single stage', () => {
    const single =
      'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npx nx build dossier-intake\nENV NODE_ENV=production PORT=3001\nUSER node\nEXPOSE 3001\nCMD ["node", "main.js"]\n';
    expect(checkDockerfile(single, expectationsFor(app))).toEqual(
      expect.arrayContaining([
        'needs a multi-stage build (build + runtime), has 1 stage(s)',
        'the runtime stage copies the whole workspace (COPY . .)',
        'the runtime stage has no HEALTHCHECK',
      ]),
    );
  });

  it('parses continuations, comments and ARG defaults like the builder', () => {
    const parsed = parseDockerfile(
      'ARG A=x\nARG B=${A}y\nFROM node:20-alpine AS one\nARG B\n# comment\nENV C=${B} \\\n    D="two words"\nRUN echo $C \\\n  # inside\n  && true\n',
    );
    expect(parsed.globalArgs).toEqual({ A: 'x', B: 'xy' });
    expect(parsed.stages[0].name).toBe('one');
    expect(parsed.stages[0].instructions.map((i) => [i.keyword, i.args.replace(/\s+/g, ' ')])).toEqual([
      ['FROM', 'node:20-alpine AS one'],
      ['ARG', 'B'],
      ['ENV', 'C=xy D="two words"'],
      ['RUN', 'echo xy && true'],
    ]);
    expect(stageVariables(parsed.stages[0])).toEqual({ C: 'xy', D: 'two words' });
  });
});

describe('docker/healthcheck.cjs', () => {
  let server: Server;
  let status = 200;
  let port = 0;
  const requested: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requested.push(req.url ?? '');
      res.writeHead(status).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = (env: Record<string, string>) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [repoPath('docker/healthcheck.cjs')], {
        env: { PATH: process.env['PATH'], ...env },
        stdio: 'ignore',
      });
      child.on('exit', (code) => resolve(code));
    });

  it('is healthy on 200 from GET /health on $PORT', async () => {
    status = 200;
    expect(await run({ PORT: String(port) })).toBe(0);
    expect(requested.pop()).toBe(HEALTH_PATH);
  });

  it('is unhealthy on 503, on a closed port and without a port', async () => {
    status = 503;
    expect(await run({ PORT: String(port) })).toBe(1);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await run({ PORT: String(closedPort) })).toBe(1);
    expect(await run({})).toBe(1);
  });
});

describe('docker/compose.yaml', () => {
  const compose = parseCompose(readRepoFile('docker/compose.yaml'));
  const expected: ComposeExpectations = {
    apps: APPS,
    healthPath: HEALTH_PATH,
    infrastructure: { kafka: 'kafka', mongo: 'mongo' },
    jobs: ['kafka-topics', 'mongo-indexes'],
  };

  it('starts every service after healthy dependencies, with its port, health check and the variables the app reads', () => {
    expect(checkCompose(compose, expected)).toEqual([]);
  });

  it('runs Kafka 3.9.1 in KRaft mode and MongoDB 7 as a replica set', () => {
    expect(compose.services['kafka'].image).toBe('apache/kafka:3.9.1');
    expect(compose.services['mongo'].image).toMatch(/^mongo:7(\.|$)/);
  });

  it('creates every topic with its partition count, from the same script as the k8s Job', () => {
    const job = compose.services['kafka-topics'];
    expect(job.volumes).toContain('../k8s/base/kafka-topics:/topics:ro');
    expect(job.entrypoint).toEqual(['/bin/bash', '/topics/create-topics.sh']);
    expect(serviceEnvironment(job)['KAFKA_BOOTSTRAP']).toBe('kafka:9092');
    expect(readRepoFile('k8s/base/kafka-topics/topics.txt')).toBe(topicsTool.renderTopicsFile(TOPICS));
  });

  it('creates the api_keys name index', () => {
    expect((compose.services['mongo-indexes'].entrypoint as string[]).join(' ')).toMatch(
      /getCollection\('api_keys'\)\.createIndex\(\{ name: 1 \}, \{ name: 'name_1' \}\)/,
    );
  });

  describe('its checks can fail', () => {
    const broken = (edit: (text: string) => string) =>
      checkCompose(parseCompose(edit(readRepoFile('docker/compose.yaml'))), expected);

    it.each([
      [
        'a dependency without condition',
        (t: string) => t.replace('  kafka:\n    condition: service_healthy\n  mongo:', '  kafka: {}\n  mongo:'),
        'dossier-intake: depends_on kafka must have condition service_healthy, has none',
      ],
      [
        'the wrong port',
        (t: string) => t.replace('"3002:3002"', '"3002:3000"'),
        'report-aggregator: does not publish 3002:3002',
      ],
      [
        'a variable the apps do not read',
        (t: string) => t.replace('KAFKA_CLIENT_ID: scoring', 'KAFKA_CLIENT: scoring'),
        'scoring: sets KAFKA_CLIENT, which the app does not read (it reads ',
      ],
      [
        'a missing health check',
        (t: string) => t.replace(/( {2}scoring:[\s\S]*?) {4}healthcheck: \*app-healthcheck\n/, '$1'),
        'scoring: no healthcheck',
      ],
      [
        'a broker address the broker does not advertise',
        (t: string) => t.replace('KAFKA_BROKERS: kafka:9092', 'KAFKA_BROKERS: kafka:29092'),
        'dossier-intake: KAFKA_BROKERS kafka:29092 is not an advertised listener of kafka (kafka:9092, localhost:9094)',
      ],
      [
        'a replica set name mismatch',
        (t: string) => t.replace('"--replSet", "rs0"', '"--replSet", "rs1"'),
        'dossier-intake: MONGODB_URI replicaSet=rs0 does not match mongod --replSet rs1',
      ],
      [
        'scoring without the report API',
        (t: string) => t.replace(/ {6}REPORT_API_URL: .*\n/, ''),
        'scoring: does not set REPORT_API_URL',
      ],
      [
        'the report API on the wrong port',
        (t: string) => t.replace('http://report-aggregator:3002', 'http://report-aggregator:3003'),
        'scoring: REPORT_API_URL points at report-aggregator:3003, which listens on 3002',
      ],
      [
        'the report API at no service',
        (t: string) => t.replace('http://report-aggregator:3002', 'http://aggregator:3002'),
        'scoring: REPORT_API_URL points at aggregator, which is not a service',
      ],
      [
        'the dashboard on the wrong port',
        (t: string) => t.replace('"3000:3000"', '"3000:3003"'),
        'dashboard: does not publish 3000:3000',
      ],
      [
        'the dashboard without an API',
        (t: string) => t.replace(/ {6}INTAKE_API_URL: .*\n/, ''),
        'dashboard: does not set INTAKE_API_URL',
      ],
      [
        'the dashboard pointed at an API on the wrong port',
        (t: string) => t.replace('SCORING_API_URL: http://scoring:3003', 'SCORING_API_URL: http://scoring:3002'),
        'dashboard: SCORING_API_URL points at scoring:3002, which listens on 3003',
      ],
      [
        'the dashboard given a variable it does not read',
        (t: string) => t.replace('      SCORING_API_URL:', '      KAFKA_BROKERS: kafka:9092\n      SCORING_API_URL:'),
        'dashboard: sets KAFKA_BROKERS, which the app does not read (it reads ',
      ],
    ])('%s', (_, edit, problem) => {
      expect(broken(edit)).toContainEqual(expect.stringContaining(problem));
    });
  });
});

describe('.dockerignore', () => {
  it('keeps local installs, builds, servers and git out of the build context', () => {
    const ignored = readRepoFile('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['**/node_modules', 'dist', '.local', '.git', '.nx']) expect(ignored).toContain(entry);
    for (const needed of ['docker/healthcheck.cjs', 'apps', 'libs', 'package.json', 'package-lock.json'])
      expect(ignored).not.toContain(needed);
  });
});
