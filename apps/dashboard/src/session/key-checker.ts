import { Inject, Injectable } from '@nestjs/common';
import type { KeyScopeDto } from '@dossier-ledger/contracts';
import { DashboardEnv } from '../config/dashboard.env';

export type KeyCheck =
  { kind: 'valid'; scope: KeyScopeDto } | { kind: 'refused'; status: number } | { kind: 'unreachable'; reason: string };

/** Asks the report API who a key is (`GET /v1/reports/me`): the one call that decides a sign-in. */
@Injectable()
export class KeyChecker {
  constructor(@Inject(DashboardEnv) private readonly env: DashboardEnv) {}

  async check(key: string): Promise<KeyCheck> {
    try {
      const response = await fetch(`${this.env.REPORT_API_URL.replace(/\/$/, '')}/v1/reports/me`, {
        headers: { authorization: `Bearer ${key}` },
        signal: AbortSignal.timeout(this.env.API_TIMEOUT_MS),
      });
      if (response.status !== 200) return { kind: 'refused', status: response.status };
      return { kind: 'valid', scope: (await response.json()) as KeyScopeDto };
    } catch (error) {
      return { kind: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
