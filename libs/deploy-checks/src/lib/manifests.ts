import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { loadEnv } from '@dossier-ledger/platform';
import {
  AppFacts,
  envVariables,
  httpTarget,
  METRICS_PATH,
  requiredVariables,
  RUNTIME_VARIABLES,
  serversUsed,
} from './workspace';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML; fields are checked as they are read */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: any;
  stringData?: any;
}

/** Every kind the manifests may contain, with the kubernetes-models class that validates it. */
export const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

export function parseManifests(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((obj): obj is K8sObject => obj !== null);
}

export const ref = (obj: K8sObject) => `${obj.kind}/${obj.metadata?.name}`;

/** Schema problems of one object: kubernetes-models validate() of its class (kind, required fields, types, formats). */
export function schemaProblems(obj: K8sObject): string[] {
  const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!Model) return [`${ref(obj)}: no schema for ${obj.apiVersion} ${obj.kind} (not an expected kind)`];
  try {
    new Model(obj).validate();
    return [];
  } catch (error) {
    return [`${ref(obj)}: ${(error as Error).message}`];
  }
}

export interface ManifestExpectations {
  apps: readonly AppFacts[];
  healthPath: string;
  namespace?: string;
  /** Name of the Secret every secretKeyRef must use, and the keys it has (secret.example.yaml). */
  secret: { name: string; keys: Record<string, string> };
  /** App whose Deployment an HPA must scale (undefined: no HPA expected). */
  autoscaled?: string;
  /** App that consumes the events topic as a group: replicas <= partitions. */
  consumer: { app: string; partitions: number };
  /** Every container image must have a tag, and app images one of these tags when given. */
  forbiddenTags: string[];
  /** Namespace of the ingress controller: the pods an Ingress routes to must admit it. */
  ingressControllerNamespace: string;
  /** Ports Kafka and MongoDB are reached on (egress to any address). */
  serverPorts: { kafka: number; mongo: number; dns: number };
}

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

function matches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** A label selector as the API server applies it: matchLabels and matchExpressions (empty: every pod). */
export function selects(selector: any, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const has = (key: string) => labels !== undefined && key in labels;
  return (
    Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v) &&
    (selector.matchExpressions ?? []).every((e: any) => {
      const values: string[] = e.values ?? [];
      switch (e.operator) {
        case 'In':
          return has(e.key) && values.includes(labels?.[e.key] ?? '');
        case 'NotIn':
          return !has(e.key) || !values.includes(labels?.[e.key] ?? '');
        case 'Exists':
          return has(e.key);
        case 'DoesNotExist':
          return !has(e.key);
        default:
          return false;
      }
    })
  );
}

function podSpec(obj: K8sObject): any {
  return obj.spec?.template?.spec ?? {};
}

function containers(obj: K8sObject): any[] {
  const spec = podSpec(obj);
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** The number a probe/Service/Ingress port means: a number, or a named container port. */
function resolvePort(port: unknown, container: any): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  return (container?.ports ?? []).find((p: any) => p.name === port)?.containerPort;
}

/** Everything wrong with a rendered overlay, as readable sentences (empty when it is fine). */
export function checkManifests(objects: K8sObject[], expected: ManifestExpectations): string[] {
  const problems: string[] = [];
  const deployments = byKind(objects, 'Deployment');
  const configMaps = new Map(byKind(objects, 'ConfigMap').map((c) => [c.metadata.name, c]));
  const services = byKind(objects, 'Service');

  for (const obj of objects) problems.push(...schemaProblems(obj));

  // namespace
  if (expected.namespace) {
    for (const obj of objects) {
      if (obj.kind === 'Namespace') {
        if (obj.metadata.name !== expected.namespace)
          problems.push(`${ref(obj)}: expected the namespace ${expected.namespace}`);
      } else if (obj.metadata.namespace !== expected.namespace)
        problems.push(`${ref(obj)}: namespace ${obj.metadata.namespace ?? '(none)'}, expected ${expected.namespace}`);
    }
  }

  // no secret values
  for (const secret of byKind(objects, 'Secret')) {
    problems.push(
      `${ref(secret)}: the rendered output contains a Secret${secret.data || secret.stringData ? ' with values' : ''}; secrets are referenced, never rendered`,
    );
  }

  // every workload: references, env, probes, security, resources, images
  for (const workload of [...deployments, ...byKind(objects, 'Job')]) {
    const where = ref(workload);
    const spec = podSpec(workload);
    if (spec.securityContext?.runAsNonRoot !== true)
      problems.push(`${where}: pod securityContext.runAsNonRoot must be true`);
    for (const volume of spec.volumes ?? []) {
      if (volume.configMap && !configMaps.has(volume.configMap.name))
        problems.push(
          `${where}: volume ${volume.name} mounts ConfigMap ${volume.configMap.name}, which is not rendered`,
        );
      if (volume.secret)
        problems.push(
          `${where}: volume ${volume.name} mounts Secret ${volume.secret.secretName}: only secretKeyRef to ${expected.secret.name} is expected`,
        );
    }
    for (const c of containers(workload)) {
      const at = `${where} container ${c.name}`;
      if (c.securityContext?.allowPrivilegeEscalation !== false)
        problems.push(`${at}: allowPrivilegeEscalation must be false`);
      if (c.securityContext?.privileged) problems.push(`${at}: privileged`);
      if (c.securityContext?.readOnlyRootFilesystem !== true)
        problems.push(`${at}: readOnlyRootFilesystem must be true`);
      if (!(c.securityContext?.capabilities?.drop ?? []).includes('ALL'))
        problems.push(`${at}: must drop ALL capabilities`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory)
        problems.push(`${at}: needs cpu and memory requests and a memory limit`);
      const tag = /^[^@]+:([^:/@]+)$/.exec(c.image ?? '')?.[1];
      if (!tag && !/@sha256:/.test(c.image ?? '')) problems.push(`${at}: image ${c.image} has no tag`);
      else if (tag && ['latest', ...expected.forbiddenTags].includes(tag))
        problems.push(`${at}: image tag ${tag} is not allowed here`);
      for (const e of c.env ?? []) {
        const s = e.valueFrom?.secretKeyRef;
        if (s && (s.name !== expected.secret.name || !(s.key in expected.secret.keys)))
          problems.push(
            `${at}: env ${e.name} reads Secret ${s.name} key ${s.key}; expected ${expected.secret.name} with one of ${Object.keys(expected.secret.keys).join(', ')}`,
          );
        const m = e.valueFrom?.configMapKeyRef;
        if (m && configMaps.get(m.name)?.data?.[m.key] === undefined)
          problems.push(`${at}: env ${e.name} reads ConfigMap ${m.name} key ${m.key}, which is not rendered`);
      }
      for (const from of c.envFrom ?? []) {
        if (from.secretRef) problems.push(`${at}: envFrom a Secret; use secretKeyRef for named keys`);
        if (from.configMapRef && !configMaps.has(from.configMapRef.name))
          problems.push(`${at}: envFrom ConfigMap ${from.configMapRef.name}, which is not rendered`);
      }
    }
  }

  // the apps
  const hpas = byKind(objects, 'HorizontalPodAutoscaler');
  const pdbs = byKind(objects, 'PodDisruptionBudget');
  for (const app of expected.apps) {
    const matching = deployments.filter((d) => d.metadata.name === app.name);
    if (matching.length !== 1) {
      problems.push(`Deployment/${app.name}: expected exactly one, found ${matching.length}`);
      continue;
    }
    const deployment = matching[0];
    const where = ref(deployment);
    const podLabels = deployment.spec?.template?.metadata?.labels;
    if (!matches(deployment.spec?.selector?.matchLabels, podLabels))
      problems.push(`${where}: selector does not match its pod template labels`);
    if (
      podLabels?.['app.kubernetes.io/name'] !== app.name ||
      podLabels?.['app.kubernetes.io/part-of'] !== 'dossier-ledger'
    )
      problems.push(
        `${where}: pod labels need app.kubernetes.io/name=${app.name} and app.kubernetes.io/part-of=dossier-ledger`,
      );
    const others = deployments.filter(
      (d) => d !== deployment && matches(deployment.spec?.selector?.matchLabels, d.spec?.template?.metadata?.labels),
    );
    if (others.length > 0) problems.push(`${where}: selector also matches the pods of ${others.map(ref).join(', ')}`);

    const container = (deployment.spec?.template?.spec?.containers ?? []).find((c: any) => c.name === app.name);
    if (!container) {
      problems.push(`${where}: no container named ${app.name}`);
      continue;
    }
    if (!(container.ports ?? []).some((p: any) => p.containerPort === app.port))
      problems.push(`${where}: container port is not ${app.port}`);
    if (!new RegExp(`/${app.name}(:|@|$)`).test(container.image ?? ''))
      problems.push(`${where}: image ${container.image} is not the ${app.name} image`);
    for (const probeName of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const probe = container[probeName];
      if (!probe) {
        if (probeName !== 'startupProbe') problems.push(`${where}: no ${probeName}`);
        continue;
      }
      const port = resolvePort(probe.httpGet?.port, container);
      if (probe.httpGet?.path !== expected.healthPath)
        problems.push(
          `${where}: ${probeName} path ${probe.httpGet?.path ?? '(not httpGet)'} is not ${expected.healthPath}`,
        );
      if (port !== app.port)
        problems.push(
          `${where}: ${probeName} port ${probe.httpGet?.port} resolves to ${port}, the app listens on ${app.port}`,
        );
      if ((probe.timeoutSeconds ?? 1) < 4)
        problems.push(
          `${where}: ${probeName} timeoutSeconds must exceed the health check's own 3 s dependency timeout`,
        );
    }

    // environment: only what the app reads, everything it needs, values it accepts
    const env: Record<string, string> = {};
    for (const from of container.envFrom ?? []) Object.assign(env, configMaps.get(from.configMapRef?.name)?.data ?? {});
    for (const e of container.env ?? []) {
      const s = e.valueFrom?.secretKeyRef;
      const m = e.valueFrom?.configMapKeyRef;
      env[e.name] =
        e.value ?? (s ? expected.secret.keys[s.key] : m ? configMaps.get(m.name)?.data?.[m.key] : undefined) ?? '';
    }
    const reads = envVariables(app.envSchema);
    for (const name of Object.keys(env))
      if (!reads.includes(name) && !RUNTIME_VARIABLES.includes(name))
        problems.push(`${where}: sets ${name}, which the app does not read (it reads ${reads.join(', ')})`);
    for (const name of requiredVariables(app.envSchema))
      if (!(name in env)) problems.push(`${where}: does not set ${name}`);
    for (const e of container.env ?? []) {
      if (e.valueFrom?.secretKeyRef?.optional && requiredVariables(app.envSchema).includes(e.name))
        problems.push(`${where}: ${e.name} is required but its secretKeyRef is optional`);
    }
    if (env['PORT'] !== undefined && env['PORT'] !== String(app.port))
      problems.push(`${where}: PORT=${env['PORT']} but the app listens on ${app.port}`);
    try {
      loadEnv(app.envSchema, env);
    } catch (error) {
      problems.push(`${where}: the app would refuse its environment: ${(error as Error).message}`);
    }
    // URLs of other services in the namespace (scoring's REPORT_API_URL): a rendered Service with that port.
    for (const [name, value] of Object.entries(env)) {
      const target = httpTarget(value);
      if (!target || target.host.includes('.')) continue;
      const service = services.find((s) => s.metadata.name === target.host);
      if (!service) problems.push(`${where}: ${name} points at ${target.host}, which is not a rendered Service`);
      else if (!(service.spec?.ports ?? []).some((p: any) => p.port === target.port))
        problems.push(
          `${where}: ${name} points at ${target.host}:${target.port}, a port Service/${target.host} does not have`,
        );
    }

    // Prometheus: the pod annotations name the app port and its metrics path
    const annotations = deployment.spec?.template?.metadata?.annotations ?? {};
    if (
      annotations['prometheus.io/scrape'] !== 'true' ||
      annotations['prometheus.io/port'] !== String(app.port) ||
      annotations['prometheus.io/path'] !== METRICS_PATH
    ) {
      problems.push(
        `${where}: pod annotations must be prometheus.io/scrape "true", port "${app.port}", path ${METRICS_PATH}`,
      );
    }

    // Service
    const appServices = services.filter((s) => matches(s.spec?.selector, podLabels));
    if (appServices.length !== 1)
      problems.push(`${where}: expected one Service selecting its pods, found ${appServices.length}`);
    for (const service of appServices) {
      const selected = deployments.filter((d) => matches(service.spec?.selector, d.spec?.template?.metadata?.labels));
      if (selected.length !== 1) problems.push(`${ref(service)}: selects the pods of ${selected.length} Deployments`);
      for (const port of service.spec?.ports ?? []) {
        const target = resolvePort(port.targetPort ?? port.port, container);
        if (target !== app.port)
          problems.push(
            `${ref(service)}: port ${port.name ?? port.port} targets ${port.targetPort} = ${target}, the app listens on ${app.port}`,
          );
      }
    }

    // PodDisruptionBudget, HPA, replicas
    const hpa = hpas.filter(
      (h) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec?.scaleTargetRef?.name === app.name,
    );
    const minReplicas: number = hpa[0]?.spec?.minReplicas ?? deployment.spec?.replicas ?? 1;
    const appPdbs = pdbs.filter((p) => matches(p.spec?.selector?.matchLabels, podLabels));
    if (appPdbs.length !== 1)
      problems.push(`${where}: expected one PodDisruptionBudget selecting its pods, found ${appPdbs.length}`);
    for (const pdb of appPdbs) {
      const selected = deployments.filter((d) =>
        matches(pdb.spec?.selector?.matchLabels, d.spec?.template?.metadata?.labels),
      );
      if (selected.length !== 1) problems.push(`${ref(pdb)}: selects the pods of ${selected.length} Deployments`);
      const minAvailable = pdb.spec?.minAvailable;
      if (typeof minAvailable === 'number' && minAvailable >= minReplicas)
        problems.push(`${ref(pdb)}: minAvailable ${minAvailable} >= ${minReplicas} replicas blocks every node drain`);
      if (pdb.spec?.maxUnavailable === 0) problems.push(`${ref(pdb)}: maxUnavailable 0 blocks every node drain`);
    }
    if (app.name === expected.autoscaled && hpa.length !== 1)
      problems.push(`${where}: expected one HorizontalPodAutoscaler, found ${hpa.length}`);
    if (hpa.length > 0 && deployment.spec?.replicas !== undefined)
      problems.push(`${where}: sets replicas although an HPA scales it (every apply would reset the HPA's count)`);
    if (app.name === expected.consumer.app) {
      if (hpa.length > 0)
        problems.push(`${where}: the partition consumer must not autoscale (each scale event is a rebalance)`);
      const replicas = deployment.spec?.replicas ?? 1;
      if (replicas > expected.consumer.partitions)
        problems.push(
          `${where}: ${replicas} replicas > ${expected.consumer.partitions} partitions of the events topic: the extra replicas would own nothing`,
        );
    }
  }
  for (const hpa of hpas) {
    const target = hpa.spec?.scaleTargetRef;
    if (!deployments.some((d) => target?.kind === 'Deployment' && d.metadata.name === target?.name))
      problems.push(`${ref(hpa)}: scaleTargetRef ${target?.kind}/${target?.name} is not a rendered Deployment`);
    if ((hpa.spec?.minReplicas ?? 1) > hpa.spec?.maxReplicas) problems.push(`${ref(hpa)}: minReplicas > maxReplicas`);
  }
  if (expected.autoscaled === undefined && hpas.length > 0)
    problems.push(`unexpected HorizontalPodAutoscaler(s): ${hpas.map(ref).join(', ')}`);

  problems.push(...checkNetworkPolicies(objects, expected));
  problems.push(...checkReachability(objects, expected));

  // Ingress backends
  for (const ingress of byKind(objects, 'Ingress')) {
    for (const rule of ingress.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        const service = services.find((s) => s.metadata.name === backend?.name);
        if (!service) problems.push(`${ref(ingress)}: backend Service ${backend?.name} is not rendered`);
        else if (
          !(service.spec?.ports ?? []).some((p: any) =>
            backend.port?.name !== undefined ? p.name === backend.port.name : p.port === backend.port?.number,
          )
        )
          problems.push(
            `${ref(ingress)}: Service ${backend.name} has no port ${backend.port?.name ?? backend.port?.number}`,
          );
      }
    }
  }
  return problems;
}

function checkNetworkPolicies(objects: K8sObject[], expected: ManifestExpectations): string[] {
  const problems: string[] = [];
  const policies = byKind(objects, 'NetworkPolicy');
  if (policies.length === 0) return ['no NetworkPolicy'];
  const isEmpty = (selector: any) =>
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
  const denyAll = policies.filter(
    (p) =>
      isEmpty(p.spec?.podSelector) &&
      (p.spec?.policyTypes ?? []).includes('Ingress') &&
      (p.spec?.ingress ?? []).length === 0,
  );
  if (denyAll.length === 0)
    problems.push('no default-deny ingress NetworkPolicy (podSelector {}, policyTypes [Ingress], no rules)');
  const deployments = byKind(objects, 'Deployment');
  for (const policy of policies) {
    for (const rule of policy.spec?.ingress ?? []) {
      if (!rule.ports || rule.ports.length === 0)
        problems.push(`${ref(policy)}: an ingress rule without ports opens every port`);
    }
  }
  for (const app of expected.apps) {
    const deployment = deployments.find((d) => d.metadata.name === app.name);
    const labels = deployment?.spec?.template?.metadata?.labels;
    const container = deployment?.spec?.template?.spec?.containers?.find((c: any) => c.name === app.name);
    const applying = policies.filter(
      (p) =>
        !isEmpty(p.spec?.podSelector) &&
        selects(p.spec.podSelector, labels) &&
        (p.spec?.policyTypes ?? []).includes('Ingress'),
    );
    const openPorts = applying.flatMap((p) =>
      (p.spec?.ingress ?? []).flatMap((r: any) =>
        (r.ports ?? []).map((port: any) => resolvePort(port.port, container)),
      ),
    );
    if (!openPorts.includes(app.port))
      problems.push(`${app.name}: no NetworkPolicy allows ingress to its port ${app.port}`);
    const extra = openPorts.filter((p) => p !== app.port);
    if (extra.length > 0)
      problems.push(`${app.name}: NetworkPolicies open ports other than the API: ${extra.join(', ')}`);
  }
  return problems;
}

/** The pods of one app as the network policies see them: labels, namespace and the container (named ports). */
interface Pod {
  app: string;
  labels: Record<string, string>;
  container: any;
}

type Direction = 'Ingress' | 'Egress';

/** The policies of one direction that select a pod; none means that direction is not restricted. */
function policiesOf(objects: K8sObject[], pod: Pod, direction: Direction): K8sObject[] {
  return byKind(objects, 'NetworkPolicy').filter(
    (p) => (p.spec?.policyTypes ?? []).includes(direction) && selects(p.spec?.podSelector, pod.labels),
  );
}

/** Whether a rule's ports let `port` through (no ports: every port); named ports resolve on `container`. */
function portAllowed(rule: any, port: number, container: any): boolean {
  const ports: any[] = rule.ports ?? [];
  return (
    ports.length === 0 ||
    ports.some((p) => {
      const first = resolvePort(p.port, container);
      return p.port === undefined || (first !== undefined && first <= port && port <= (p.endPort ?? first));
    })
  );
}

/**
 * Whether the policies let traffic through in `direction` on `port`, to or from a peer: `peer` decides
 * whether one `to` / `from` entry stands for it (a rule without entries: any address).
 */
function allowed(
  objects: K8sObject[],
  pod: Pod,
  direction: Direction,
  port: number,
  container: any,
  peer: (entry: any) => boolean,
): boolean {
  const policies = policiesOf(objects, pod, direction);
  if (policies.length === 0) return true;
  const rules = policies.flatMap((p) => (direction === 'Ingress' ? p.spec?.ingress : p.spec?.egress) ?? []);
  return rules.some((rule: any) => {
    const peers: any[] = (direction === 'Ingress' ? rule.from : rule.to) ?? [];
    return (peers.length === 0 || peers.some(peer)) && portAllowed(rule, port, container);
  });
}

/** A `to` / `from` entry that stands for pods with `labels` in the same namespace. */
const samePods = (labels: Record<string, string>) => (entry: any) =>
  entry.podSelector !== undefined && entry.namespaceSelector === undefined && selects(entry.podSelector, labels);

/** A rule with no entries only: the address is anywhere, as for Kafka and MongoDB outside the cluster. */
const nowhere = () => false;

/**
 * What each app must reach and be reached by, through the NetworkPolicies: DNS, and Kafka / MongoDB
 * exactly when it reads KAFKA_BROKERS / MONGODB_URI (any address, by port); each API an in-namespace
 * URL variable points at (egress from the app, ingress to the API's pods); and the ingress controller's
 * namespace to every app an Ingress routes to.
 */
function checkReachability(objects: K8sObject[], expected: ManifestExpectations): string[] {
  const problems: string[] = [];
  const deployments = byKind(objects, 'Deployment');
  const services = byKind(objects, 'Service');
  const configMaps = new Map(byKind(objects, 'ConfigMap').map((c) => [c.metadata.name, c]));
  const podOf = (deployment: K8sObject): Pod => ({
    app: deployment.metadata.name,
    labels: deployment.spec?.template?.metadata?.labels ?? {},
    container: deployment.spec?.template?.spec?.containers?.[0],
  });
  const { kafka, mongo, dns } = expected.serverPorts;

  for (const app of expected.apps) {
    const deployment = deployments.find((d) => d.metadata.name === app.name);
    if (!deployment) continue;
    const pod = podOf(deployment);
    const uses = serversUsed(app.envSchema);
    const out = (port: number) => allowed(objects, pod, 'Egress', port, pod.container, nowhere);
    if (!out(dns)) problems.push(`${app.name}: NetworkPolicies block its egress to DNS (port ${dns})`);
    for (const [server, port, used] of [
      ['Kafka', kafka, uses.kafka],
      ['MongoDB', mongo, uses.mongo],
    ] as const) {
      if (used && !out(port))
        problems.push(`${app.name}: NetworkPolicies block its egress to ${server} (port ${port})`);
      if (!used && out(port))
        problems.push(`${app.name}: egress to ${server} (port ${port}) is open, but the app does not use ${server}`);
    }

    // The APIs its URL variables point at (the values as the container gets them).
    const env: Record<string, string> = {};
    for (const from of pod.container?.envFrom ?? [])
      Object.assign(env, configMaps.get(from.configMapRef?.name)?.data ?? {});
    for (const e of pod.container?.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
    for (const [name, value] of Object.entries(env)) {
      const target = httpTarget(value);
      const service = target && !target.host.includes('.') && services.find((x) => x.metadata.name === target.host);
      if (!target || !service) continue;
      const servicePort = (service.spec?.ports ?? []).find((p: any) => p.port === target.port);
      const backend = deployments.find((d) => matches(service.spec?.selector, d.spec?.template?.metadata?.labels));
      if (!servicePort || !backend) continue;
      const api = podOf(backend);
      const port = resolvePort(servicePort.targetPort ?? servicePort.port, api.container);
      if (port === undefined) continue;
      if (!allowed(objects, pod, 'Egress', port, api.container, samePods(api.labels)))
        problems.push(`${app.name}: NetworkPolicies block its egress to ${api.app} port ${port} (${name})`);
      if (!allowed(objects, api, 'Ingress', port, api.container, samePods(pod.labels)))
        problems.push(`${api.app}: NetworkPolicies block ingress from ${app.name} on port ${port} (its ${name})`);
    }
  }

  // Every app an Ingress routes to admits the ingress controller's namespace.
  const controller = (entry: any) =>
    entry.namespaceSelector !== undefined &&
    selects(entry.namespaceSelector, { 'kubernetes.io/metadata.name': expected.ingressControllerNamespace }) &&
    (entry.podSelector === undefined || selects(entry.podSelector, {}));
  for (const ingress of byKind(objects, 'Ingress')) {
    for (const rule of ingress.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const service = services.find((x) => x.metadata.name === path.backend?.service?.name);
        const backend = deployments.find((d) => matches(service?.spec?.selector, d.spec?.template?.metadata?.labels));
        if (!service || !backend) continue;
        const api = podOf(backend);
        const wanted = path.backend.service.port;
        const servicePort = (service.spec?.ports ?? []).find((p: any) =>
          wanted?.name !== undefined ? p.name === wanted.name : p.port === wanted?.number,
        );
        const port = resolvePort(servicePort?.targetPort ?? servicePort?.port, api.container);
        if (port !== undefined && !allowed(objects, api, 'Ingress', port, api.container, controller))
          problems.push(
            `${api.app}: ${ref(ingress)} routes ${rule.host ?? '*'} to it, but NetworkPolicies block the ingress controller (namespace ${expected.ingressControllerNamespace}) on port ${port}`,
          );
      }
    }
  }
  return problems;
}
