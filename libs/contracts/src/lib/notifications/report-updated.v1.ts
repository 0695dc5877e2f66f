import { TOPICS } from '../topics';

/**
 * Published by the aggregator on `report.updated.v1` (key: era) after counters changed: which units'
 * figures changed, on which local days. Ancestors are listed too (their roll-up changed), so a
 * consumer never walks the hierarchy. A notification, not a source of figures: read the report API.
 * Delivery is at least once; a consumer must tolerate repeats.
 */
export interface ReportUpdatedV1 {
  readonly schema: typeof TOPICS.reportUpdated.name;
  /** Hierarchy era of the unit codes (e.g. `2023-04-10`, `2025-07-01`). */
  readonly era: string;
  /** Unit code → sorted local days (yyyy-MM-dd) whose figures changed. */
  readonly units: Readonly<Record<string, readonly string[]>>;
  /** When the aggregator published it (ISO instant with offset). */
  readonly publishedAt: string;
  /** Events-topic offsets covered per partition when published (how fresh). */
  readonly covered: Readonly<Record<string, string>>;
}

/** Parses a `report.updated.v1` value; null when it is not one (consumers skip and log it). */
export function parseReportUpdatedV1(value: Buffer | string | null): ReportUpdatedV1 | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value.toString()) as Partial<ReportUpdatedV1>;
    if (
      parsed.schema !== TOPICS.reportUpdated.name ||
      typeof parsed.era !== 'string' ||
      typeof parsed.units !== 'object' ||
      parsed.units === null
    )
      return null;
    for (const days of Object.values(parsed.units))
      if (!Array.isArray(days) || days.some((d) => typeof d !== 'string')) return null;
    return parsed as ReportUpdatedV1;
  } catch {
    return null;
  }
}
