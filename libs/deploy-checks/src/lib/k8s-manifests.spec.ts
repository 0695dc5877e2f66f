import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { TOPICS } from '@dossier-ledger/contracts';
import {
  checkManifests,
  K8sObject,
  ManifestExpectations,
  parseManifests,
  ref,
  schemaProblems,
  selects,
} from './manifests';
import { unknownFields } from './strict-fields';
import { kustomizeTool, topicsTool } from './tools';

const { ensureKustomize, kustomizeBuild } = kustomizeTool;
import { AGGREGATOR, APPS, DASHBOARD, HEALTH_PATH, INTAKE, readRepoFile, repoPath, serversUsed } from './workspace';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are untyped YAML */

const SECRET_NAME = 'dossier-ledger-secrets';
const secretExample = parse(readRepoFile('k8s/base/secret.example.yaml')) as K8sObject;

const OVERLAYS: Record<string, ManifestExpectations> = {
  dev: {
    apps: APPS,
    healthPath: HEALTH_PATH,
    namespace: 'dossier-ledger-dev',
    secret: { name: SECRET_NAME, keys: secretExample['stringData'] },
    autoscaled: undefined,
    consumer: { app: AGGREGATOR, partitions: TOPICS.dossierEvents.partitions },
    forbiddenTags: [],
    ingressControllerNamespace: 'ingress-nginx',
    serverPorts: { kafka: 9092, mongo: 27017, dns: 53 },
  },
  production: {
    apps: APPS,
    healthPath: HEALTH_PATH,
    namespace: 'dossier-ledger',
    secret: { name: SECRET_NAME, keys: secretExample['stringData'] },
    autoscaled: INTAKE,
    consumer: { app: AGGREGATOR, partitions: TOPICS.dossierEvents.partitions },
    forbiddenTags: ['dev', 'local'],
    ingressControllerNamespace: 'ingress-nginx',
    serverPorts: { kafka: 9092, mongo: 27017, dns: 53 },
  },
};

let bin: string;
const rendered: Record<string, K8sObject[]> = {};

beforeAll(() => {
  bin = ensureKustomize({ log: () => undefined });
  for (const overlay of Object.keys(OVERLAYS))
    rendered[overlay] = parseManifests(kustomizeBuild(`k8s/overlays/${overlay}`, { bin }));
});

const clone = <T>(value: T): T => structuredClone(value);
const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} not rendered`);
  return found as any;
};
const container = (objects: K8sObject[], app: string) =>
  find(objects, 'Deployment', app).spec.template.spec.containers[0];

describe('kustomize', () => {
  it('is the real kustomize v5, installed from its Go module', () => {
    expect(existsSync(bin)).toBe(true);
  });

  it('renders the base on its own', () => {
    const objects = parseManifests(kustomizeBuild('k8s/base', { bin }));
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it('fails on a broken kustomization instead of rendering something', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-checks-'));
    try {
      writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
      expect(() => kustomizeBuild(dir, { bin })).toThrow(/kustomize build .* failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(Object.keys(OVERLAYS))('overlay %s', (overlay) => {
  const objects = () => rendered[overlay];

  it('renders every expected kind', () => {
    const kinds = new Set(objects().map((o) => o.kind));
    for (const kind of [
      'Namespace',
      'ConfigMap',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'Job',
      'Ingress',
    ])
      expect(kinds).toContain(kind);
    expect(
      objects()
        .filter((o) => o.kind === 'Deployment')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(APPS.map((a) => a.name).sort());
  });

  it('passes the Kubernetes API schema (kubernetes-models validate()) for every object', () => {
    expect(objects().flatMap(schemaProblems)).toEqual([]);
  });

  it('has no field the API server does not know', () => {
    expect(objects().flatMap(unknownFields)).toEqual([]);
  });

  it('meets every deployment check (probes, ports, selectors, PDB/HPA targets, env, secrets, policies)', () => {
    expect(checkManifests(objects(), OVERLAYS[overlay])).toEqual([]);
  });

  it('creates every topic with its partition count, from the same script as compose', () => {
    const job = find(objects(), 'Job', 'dossier-ledger-kafka-topics');
    const configMapName = job.spec.template.spec.volumes.find((v: any) => v.name === 'topics').configMap.name;
    const configMap = find(objects(), 'ConfigMap', configMapName);
    expect(configMap.data['topics.txt']).toBe(topicsTool.renderTopicsFile(TOPICS));
    expect(configMap.data['create-topics.sh']).toBe(readRepoFile('k8s/base/kafka-topics/create-topics.sh'));
    expect(job.spec.template.spec.containers[0].command).toEqual(['/bin/bash', '/topics/create-topics.sh']);
    expect(job.spec.template.spec.containers[0].image).toBe('apache/kafka:3.9.1');
  });

  it('creates the one index besides _id (api_keys by name) with the intake image', () => {
    const job = find(objects(), 'Job', 'dossier-ledger-mongo-indexes');
    const c = job.spec.template.spec.containers[0];
    expect(c.image).toBe(container(objects(), INTAKE).image);
    expect(c.command.slice(0, 2)).toEqual(['node', '-e']);
    expect(c.command[2]).toMatch(/collection\('api_keys'\)\.createIndex\(\{ name: 1 \}, \{ name: 'name_1' \}\)/);
    expect(c.env.find((e: any) => e.name === 'MONGODB_URI').valueFrom.secretKeyRef).toEqual({
      name: SECRET_NAME,
      key: 'MONGODB_URI',
    });
  });

  it('lets every Dossier Ledger pod reach DNS, and Kafka and MongoDB exactly when it uses them', () => {
    const egress = objects().filter(
      (o) => o.kind === 'NetworkPolicy' && (o['spec'].policyTypes ?? []).includes('Egress'),
    );
    for (const workload of objects().filter((o) => o.kind === 'Deployment' || o.kind === 'Job')) {
      const labels = (workload as any).spec.template.metadata.labels;
      const applying = egress.filter((p) => selects(p['spec'].podSelector, labels));
      const open = (port: number) =>
        applying.some((p) =>
          p['spec'].egress.some(
            (r: any) => !r.to && r.ports.some((x: any) => x.port <= port && port <= (x.endPort ?? x.port)),
          ),
        );
      // The Jobs create topics and indexes; an app uses what its environment class reads.
      const app = APPS.find((a) => workload.kind === 'Deployment' && a.name === workload.metadata.name);
      const uses = app ? serversUsed(app.envSchema) : { kafka: true, mongo: true };
      expect({ workload: ref(workload), dns: open(53), kafka: open(9092), mongo: open(27017) }).toEqual({
        workload: ref(workload),
        dns: true,
        kafka: uses.kafka,
        mongo: uses.mongo,
      });
    }
  });
});

describe('production overlay', () => {
  const objects = () => rendered['production'];

  it('scales intake 2-6 on CPU and keeps the aggregator within the events partitions', () => {
    const hpa = find(objects(), 'HorizontalPodAutoscaler', INTAKE);
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu' } }],
    });
    const replicas = find(objects(), 'Deployment', AGGREGATOR).spec.replicas;
    expect(replicas).toBeGreaterThan(1);
    expect(replicas).toBeLessThanOrEqual(TOPICS.dossierEvents.partitions);
  });

  it('keeps one pod of each service through node drains (PDB minAvailable)', () => {
    for (const app of APPS)
      expect(find(objects(), 'PodDisruptionBudget', app.name).spec).toMatchObject({ minAvailable: 1 });
  });

  it('gives production more resources than dev', () => {
    const memory = (q: string) => Number(/^(\d+)Mi$/.exec(q)?.[1] ?? Number(/^(\d+)Gi$/.exec(q)?.[1]) * 1024);
    for (const app of APPS) {
      expect(memory(container(objects(), app.name).resources.limits.memory)).toBeGreaterThan(
        memory(container(rendered['dev'], app.name).resources.limits.memory),
      );
    }
  });

  it('creates topics with 3 replicas and min.insync.replicas=2', () => {
    const env = find(objects(), 'Job', 'dossier-ledger-kafka-topics').spec.template.spec.containers[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'REPLICATION_FACTOR', value: '3' },
        { name: 'EXTRA_TOPIC_CONFIG', value: 'min.insync.replicas=2' },
      ]),
    );
  });

  it('has a ServiceMonitor example that scrapes /metrics on the http port of every app Service', () => {
    const [monitor] = parseManifests(readRepoFile('k8s/overlays/production/docs/service-monitor.yaml')) as any[];
    expect(monitor).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { namespace: 'dossier-ledger' },
    });
    const selected = objects().filter(
      (o) =>
        o.kind === 'Service' &&
        Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v),
    );
    expect(selected.map((s) => s.metadata.name).sort()).toEqual(APPS.map((a) => a.name).sort());
    for (const endpoint of monitor.spec.endpoints) {
      expect(endpoint.path).toBe('/metrics');
      for (const service of selected)
        expect((service as any).spec.ports.map((p: any) => p.name)).toContain(endpoint.port);
    }
  });

  it('points KAFKA_BROKERS at the Strimzi example cluster documented next to it', () => {
    const config = objects().find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('dossier-ledger-config-'),
    ) as any;
    const strimzi = readRepoFile('k8s/overlays/production/docs/strimzi-kafka.yaml');
    const kafka = (parseManifests(strimzi) as any[]).find((d) => d.kind === 'Kafka');
    expect(config.data.KAFKA_BROKERS).toBe(
      `${kafka.metadata.name}-kafka-bootstrap.${kafka.metadata.namespace}.svc.cluster.local:${kafka.spec.kafka.listeners.find((l: any) => !l.tls).port}`,
    );
  });
});

describe('the checks can fail', () => {
  const production = () => rendered['production'];
  const expectations = OVERLAYS['production'];
  const problemsAfter = (mutate: (objects: K8sObject[]) => void) => {
    const objects = clone(production());
    mutate(objects);
    return checkManifests(objects, expectations);
  };

  it('rejects a Deployment without a selector and one with a string replica count (schema)', () => {
    const broken = clone(find(production(), 'Deployment', INTAKE));
    delete broken.spec.selector;
    expect(schemaProblems(broken)).toEqual([expect.stringMatching(/must have required property 'selector'|selector/)]);
    const typed = clone(find(production(), 'Deployment', AGGREGATOR));
    typed.spec.replicas = 'two';
    expect(schemaProblems(typed)).toEqual([expect.stringMatching(/replicas must be integer/)]);
  });

  it('rejects a misspelt field that validate() lets through', () => {
    const typo = clone(find(production(), 'Deployment', INTAKE));
    const c = typo.spec.template.spec.containers[0];
    c.readinesProbe = c.readinessProbe;
    delete c.readinessProbe;
    expect(schemaProblems(typo)).toEqual([]);
    expect(unknownFields(typo)).toEqual([
      'Deployment/dossier-intake.spec.template.spec.containers[0].readinesProbe: unknown field',
    ]);
    expect(
      checkManifests(
        [...production().filter((o) => o !== find(production(), 'Deployment', INTAKE)), typo],
        expectations,
      ),
    ).toContain('Deployment/dossier-intake: no readinessProbe');
  });

  it('rejects an unknown kind', () => {
    expect(schemaProblems({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } })).toEqual([
      expect.stringMatching(/no schema/),
    ]);
  });

  it('catches a probe on the wrong port', () => {
    expect(problemsAfter((o) => (container(o, AGGREGATOR).livenessProbe.httpGet.port = 3001))).toContain(
      'Deployment/report-aggregator: livenessProbe port 3001 resolves to 3001, the app listens on 3002',
    );
  });

  it('catches a Service whose selector matches no pods', () => {
    expect(
      problemsAfter((o) => (find(o, 'Service', 'scoring').spec.selector['app.kubernetes.io/name'] = 'scorer')),
    ).toContain('Deployment/scoring: expected one Service selecting its pods, found 0');
  });

  it('catches a PDB or HPA aimed at nothing', () => {
    expect(
      problemsAfter(
        (o) => (find(o, 'PodDisruptionBudget', INTAKE).spec.selector.matchLabels['app.kubernetes.io/name'] = 'intake'),
      ),
    ).toContain('Deployment/dossier-intake: expected one PodDisruptionBudget selecting its pods, found 0');
    expect(
      problemsAfter((o) => (find(o, 'HorizontalPodAutoscaler', INTAKE).spec.scaleTargetRef.name = 'intake')),
    ).toContain(
      'HorizontalPodAutoscaler/dossier-intake: scaleTargetRef Deployment/intake is not a rendered Deployment',
    );
  });

  it('catches more aggregator replicas than partitions', () => {
    expect(problemsAfter((o) => (find(o, 'Deployment', AGGREGATOR).spec.replicas = 9))).toContain(
      `Deployment/report-aggregator: 9 replicas > ${TOPICS.dossierEvents.partitions} partitions of the events topic: the extra replicas would own nothing`,
    );
  });

  it('catches a Secret with values in the output', () => {
    expect(
      problemsAfter((o) =>
        o.push({ ...clone(secretExample), metadata: { name: SECRET_NAME, namespace: 'dossier-ledger' } }),
      ),
    ).toContain(
      'Secret/dossier-ledger-secrets: the rendered output contains a Secret with values; secrets are referenced, never rendered',
    );
  });

  it('catches a variable the apps do not read, and a value they would refuse', () => {
    const misspelt = problemsAfter((o) => container(o, INTAKE).env.push({ name: 'KAFKA_BROKER', value: 'kafka:9092' }));
    expect(misspelt).toContainEqual(
      expect.stringMatching(/^Deployment\/dossier-intake: sets KAFKA_BROKER, which the app does not read/),
    );
    const refused = problemsAfter(
      (o) =>
        (find(
          o,
          'ConfigMap',
          (o.find((x) => x.metadata.name.startsWith('dossier-ledger-config-')) as K8sObject).metadata.name,
        ).data.LOG_LEVEL = 'loud'),
    );
    expect(refused).toContainEqual(expect.stringMatching(/the app would refuse its environment: .*LOG_LEVEL="loud"/s));
  });

  it('catches scoring without its report API, or pointed at no Service', () => {
    const withoutConfig = problemsAfter(
      (o) =>
        (container(o, 'scoring').envFrom = container(o, 'scoring').envFrom.filter(
          (f: any) => !f.configMapRef.name.startsWith('scoring-config'),
        )),
    );
    expect(withoutConfig).toContain('Deployment/scoring: does not set REPORT_API_URL');
    const wrongService = problemsAfter(
      (o) =>
        ((o.find((x) => x.metadata.name.startsWith('scoring-config-')) as any).data.REPORT_API_URL =
          'http://aggregator:3002'),
    );
    expect(wrongService).toContain(
      'Deployment/scoring: REPORT_API_URL points at aggregator, which is not a rendered Service',
    );
  });

  it('catches a required secret marked optional', () => {
    expect(
      problemsAfter(
        (o) =>
          (container(o, AGGREGATOR).env.find((e: any) => e.name === 'MONGODB_URI').valueFrom.secretKeyRef.optional =
            true),
      ),
    ).toContain('Deployment/report-aggregator: MONGODB_URI is required but its secretKeyRef is optional');
  });

  it('catches metrics annotations on the wrong port', () => {
    expect(
      problemsAfter(
        (o) => (find(o, 'Deployment', INTAKE).spec.template.metadata.annotations['prometheus.io/port'] = '9090'),
      ),
    ).toContain(
      'Deployment/dossier-intake: pod annotations must be prometheus.io/scrape "true", port "3001", path /metrics',
    );
  });

  it('catches the dashboard probed or served on the wrong port', () => {
    expect(problemsAfter((o) => (container(o, DASHBOARD).readinessProbe.httpGet.port = 3003))).toContain(
      'Deployment/dashboard: readinessProbe port 3003 resolves to 3003, the app listens on 3000',
    );
    expect(problemsAfter((o) => (container(o, DASHBOARD).ports[0].containerPort = 8080))).toContain(
      'Deployment/dashboard: container port is not 3000',
    );
  });

  it('catches the dashboard without an API, or pointed at a port its Service does not have', () => {
    const config = (o: K8sObject[]) => o.find((x) => x.metadata.name.startsWith('dashboard-config-')) as any;
    expect(problemsAfter((o) => delete config(o).data.SCORING_API_URL)).toContain(
      'Deployment/dashboard: does not set SCORING_API_URL',
    );
    expect(problemsAfter((o) => (config(o).data.SCORING_API_URL = 'http://scoring:3002'))).toContain(
      'Deployment/dashboard: SCORING_API_URL points at scoring:3002, a port Service/scoring does not have',
    );
  });

  it('catches network policies that cut the dashboard off, or open Kafka and MongoDB to it', () => {
    const policy = (o: K8sObject[], name: string) => find(o, 'NetworkPolicy', name).spec;
    expect(
      problemsAfter((o) => (policy(o, 'dashboard-egress').egress = policy(o, 'dashboard-egress').egress.slice(0, 2))),
    ).toEqual(
      expect.arrayContaining([
        'dashboard: NetworkPolicies block its egress to scoring port 3003 (SCORING_API_URL)',
        'dashboard: NetworkPolicies block its egress to dossier-intake port 3001 (INTAKE_API_URL)',
      ]),
    );
    expect(
      problemsAfter((o) => (policy(o, 'scoring-api').ingress[0].from = [{ podSelector: { matchLabels: { x: 'y' } } }])),
    ).toContain('scoring: NetworkPolicies block ingress from dashboard on port 3003 (its SCORING_API_URL)');
    expect(
      problemsAfter(
        (o) =>
          (policy(o, 'dashboard-web').ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] =
            'kube-system'),
      ),
    ).toContain(
      'dashboard: Ingress/dossier-ledger routes dossier-ledger.example.com to it, but NetworkPolicies block the ingress controller (namespace ingress-nginx) on port 3000',
    );
    expect(problemsAfter((o) => delete policy(o, 'dossier-ledger-egress').podSelector.matchExpressions)).toEqual(
      expect.arrayContaining([
        'dashboard: egress to Kafka (port 9092) is open, but the app does not use Kafka',
        'dashboard: egress to MongoDB (port 27017) is open, but the app does not use MongoDB',
      ]),
    );
  });

  it('catches a missing default-deny policy', () => {
    expect(
      problemsAfter((o) =>
        o.splice(
          o.findIndex((x) => x.metadata.name === 'default-deny-ingress'),
          1,
        ),
      ),
    ).toContain('no default-deny ingress NetworkPolicy (podSelector {}, policyTypes [Ingress], no rules)');
  });
});

describe('secrets are referenced, never committed', () => {
  const kustomizations = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? kustomizations(join(dir, entry.name))
        : entry.name === 'kustomization.yaml'
          ? [join(dir, entry.name)]
          : [],
    );

  it('lists secret.example.yaml in no kustomization', () => {
    const files = kustomizations(repoPath('k8s'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const kustomization = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const listed = JSON.stringify([
        kustomization['resources'],
        kustomization['components'],
        kustomization['patches'],
        kustomization['secretGenerator'],
      ]);
      expect({
        file: relative(repoPath(), file),
        listsTheExample: listed.includes('secret.example'),
        generatesSecrets: 'secretGenerator' in kustomization,
      }).toEqual({
        file: relative(repoPath(), file),
        listsTheExample: false,
        generatesSecrets: false,
      });
    }
  });

  it('has only placeholders in the example', () => {
    expect(secretExample.kind).toBe('Secret');
    expect(secretExample.metadata.name).toBe(SECRET_NAME);
    expect(Object.keys(secretExample['stringData'])).toEqual(['MONGODB_URI', 'REPORT_API_KEY']);
    expect(secretExample['stringData'].MONGODB_URI).toContain('USER:PASSWORD@');
    expect(secretExample['stringData'].REPORT_API_KEY).toBe('dl_KEYID_SECRET');
  });
});
