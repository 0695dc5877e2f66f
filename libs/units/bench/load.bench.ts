import { parseIsoLocalDate } from '@dossier-ledger/calendar';
// Load-time benchmark (not a test: timings are machine-dependent and never asserted).
//   npx ts-node --transpile-only -O '{"module":"commonjs"}' libs/units/bench/load.bench.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseCommuneMapping, parseUnitsDataset, UnitRegistry } from '../src';

const dataDir = join(__dirname, '../src/data');
const files = ['units-2023-04-10.v1.json', 'units-2025-07-01.v1.json', 'commune-mapping-2025-07-01.v1.json'];

function time<T>(label: string, fn: () => T): T {
  const t0 = performance.now();
  const result = fn();
  console.log(`${label.padEnd(28)} ${(performance.now() - t0).toFixed(1).padStart(7)} ms`);
  return result;
}

const total = performance.now();
const [pre, post, mapping] = time('read + JSON.parse', () =>
  files.map((f) => JSON.parse(readFileSync(join(dataDir, f), 'utf8')) as unknown),
);
const input = time('validate (parse*)', () => ({
  datasets: [parseUnitsDataset(pre), parseUnitsDataset(post)],
  mappings: [parseCommuneMapping(mapping)],
}));
const registry = time('new UnitRegistry', () => new UnitRegistry(input));
console.log(`${'total'.padEnd(28)} ${(performance.now() - total).toFixed(1).padStart(7)} ms`);
time('resolveForReport x 10,599', () => {
  for (const unit of registry.units(parseIsoLocalDate('2025-06-30'), 'commune'))
    registry.resolveForReport(unit.code, parseIsoLocalDate('2025-09-30'), { recordedOn: '2025-06-30' });
});
