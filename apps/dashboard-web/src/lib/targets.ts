import { formatNumberVi } from '@dossier-ledger/calendar';
import type { UnitTargetsDto } from '@dossier-ledger/contracts';
import { getJson } from './api';

/**
 * The targets that apply to a unit and its children (scoring's `GET /v1/targets`, runtime data an
 * operator changes), read on the hierarchy of `on`; null when scoring does not answer: the page
 * then draws no target rather than failing.
 */
export function fetchTargets(unit: string, on: string, signal: AbortSignal): Promise<UnitTargetsDto | null> {
  return getJson<UnitTargetsDto>(
    `/api/scores/targets?unit=${encodeURIComponent(unit)}&on=${encodeURIComponent(on)}`,
    signal,
  ).catch((error: unknown) => {
    if (signal.aborted) throw error;
    return null;
  });
}

/** A target as a percentage without trailing zeros: 0.9 → "90 %", 0.925 → "92,5 %". */
export const targetPercent = (share: number): string => `${formatNumberVi(Math.round(share * 1000) / 10)} %`;

/** "Mục tiêu 90 %" (target). */
export const targetLabel = (share: number): string => `Mục tiêu ${targetPercent(share)}`;
