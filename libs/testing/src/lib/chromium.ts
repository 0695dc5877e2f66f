import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's `chromium` package (no browser download: playwright-core drives the system's build). */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

function aptGet(args: string[]): void {
  execFileSync('apt-get', args, {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 15 * 60_000,
  });
}

/**
 * The path of a headless-capable Chromium, installed with `apt-get install -y chromium` when missing
 * (CI runs as root on Debian). Throws when it cannot be had: a missing browser fails the suite.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (!existsSync('/usr/bin/apt-get'))
    throw new Error(`No Chromium at ${CHROMIUM_PATH} and no apt-get to install it: set CHROMIUM_PATH`);
  try {
    aptGet(['install', '-y', '--no-install-recommends', 'chromium']);
  } catch {
    aptGet(['update']);
    aptGet(['install', '-y', '--no-install-recommends', 'chromium']);
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get install chromium left no ${CHROMIUM_PATH}`);
  return CHROMIUM_PATH;
}

/** Headless Chromium for end-to-end tests, without the sandbox (root in CI) or a GPU. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-dev-shm-usage',
    ],
  });
}
