// The Kafka topic list that docker/compose.yaml, the k8s Job and the Strimzi example create, generated
// from TOPICS in libs/contracts/src/lib/topics.ts (the one source of partition counts and configs).
//
//   node tools/deploy/topics.cjs           # rewrite the generated files after TOPICS changed
//   node tools/deploy/topics.cjs --check   # exit 1 when a generated file is out of date
//
// libs/deploy-checks fails (naming this command) when a generated file no longer matches TOPICS.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TOPICS_SOURCE = 'libs/contracts/src/lib/topics.ts';

/** Files whose content is renderTopicsFile(TOPICS) / renderStrimziTopics(TOPICS). */
const GENERATED = {
  k8sTopics: 'k8s/base/kafka-topics/topics.txt',
  strimziTopics: 'k8s/overlays/production/docs/strimzi-kafka-topics.yaml',
};

const HEADER = `Generated from ${TOPICS_SOURCE} by \`node tools/deploy/topics.cjs\`: do not edit.`;
const SAFE = /^[A-Za-z0-9._-]+$/;

/** @param {Record<string, {name: string, partitions: number, config: Record<string, string>}>} topics */
function topicList(topics) {
  return Object.values(topics).map((spec) => {
    if (!SAFE.test(spec.name))
      throw new Error(`topic name ${JSON.stringify(spec.name)} has characters the topic scripts do not quote`);
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1)
      throw new Error(`topic ${spec.name}: partitions must be a positive integer`);
    for (const [key, value] of Object.entries(spec.config)) {
      if (!SAFE.test(key) || !/^[A-Za-z0-9._-]+$/.test(String(value)))
        throw new Error(`topic ${spec.name}: config ${key}=${value} has characters the topic scripts do not quote`);
    }
    return spec;
  });
}

/** One line per topic: `name partitions key=value ...`, read by create-topics.sh. */
function renderTopicsFile(topics) {
  const lines = topicList(topics).map((t) =>
    [t.name, String(t.partitions), ...Object.entries(t.config).map(([k, v]) => `${k}=${v}`)].join(' '),
  );
  return [`# ${HEADER}`, '# name partitions config...', ...lines, ''].join('\n');
}

/** Strimzi KafkaTopic CRs for the example cluster `dossier-kafka` (3 replicas, min ISR 2). */
function renderStrimziTopics(topics) {
  const docs = topicList(topics).map((t) => {
    const config = { ...t.config, 'min.insync.replicas': '2' };
    return [
      'apiVersion: kafka.strimzi.io/v1beta2',
      'kind: KafkaTopic',
      'metadata:',
      `  name: ${t.name}`,
      '  labels:',
      '    strimzi.io/cluster: dossier-kafka',
      'spec:',
      `  topicName: ${t.name}`,
      `  partitions: ${t.partitions}`,
      '  replicas: 3',
      '  config:',
      ...Object.entries(config).map(([k, v]) => `    ${k}: "${v}"`),
    ].join('\n');
  });
  return `# ${HEADER}\n# Example only (not part of any kustomization): apply next to strimzi-kafka.yaml.\n${docs.map((d) => `---\n${d}\n`).join('')}`;
}

/** TOPICS read straight from the TypeScript source (it has no imports), for use outside jest. */
function loadTopics(root = REPO_ROOT) {
  const ts = require('typescript');
  const source = fs.readFileSync(path.join(root, TOPICS_SOURCE), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} };
  vm.runInNewContext(outputText, { module, exports: module.exports, require: () => ({}) }, { filename: TOPICS_SOURCE });
  if (!module.exports.TOPICS) throw new Error(`${TOPICS_SOURCE} does not export TOPICS`);
  return module.exports.TOPICS;
}

/** Expected content of every generated file. */
function generatedFiles(topics) {
  return {
    [GENERATED.k8sTopics]: renderTopicsFile(topics),
    [GENERATED.strimziTopics]: renderStrimziTopics(topics),
  };
}

module.exports = { GENERATED, TOPICS_SOURCE, renderTopicsFile, renderStrimziTopics, loadTopics, generatedFiles };

if (require.main === module) {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [file, content] of Object.entries(generatedFiles(loadTopics()))) {
    const target = path.join(REPO_ROOT, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === content) continue;
    stale.push(file);
    if (!check) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
      console.log(`wrote ${file}`);
    }
  }
  if (check && stale.length > 0) {
    console.error(`out of date (run node tools/deploy/topics.cjs): ${stale.join(', ')}`);
    process.exit(1);
  }
  if (stale.length === 0) console.log('topic files match TOPICS');
}
