import { type UnitLevel } from '@dossier-ledger/contracts';

/**
 * Rates of one level. Defaults follow the two example reports (docs/domain.md §9): commune 6 months 2023
 * (404 new, 381 online; 403 resolved: 381 early, 17 on time, 5 late) and district 02/2024 (district
 * level 271 online / 71 direct or postal, commune level 751 / 157; 1,414 of 2,705 waiting for a
 * supplement; 8 returned), and assumed rates (late ≈ 2–10 %, returned ≈ 0.3 %, withdrawn ≈ 0.2 %).
 */
export interface LevelProfile {
  /** Share of dossiers received online (column 4). */
  readonly online: number;
  /** Of the others, share sent by the public postal service (the rest at the desk). */
  readonly postal: number;
  /** Online dossiers that are full-process (toàn trình); the others partial. */
  readonly fullProcess: number;
  /** Dossiers with a supplement request (yêu cầu bổ sung). */
  readonly supplement: number;
  /** Of those, the applicant never answers (the dossier stays waiting). */
  readonly supplementAbandoned: number;
  /** Resolved dossiers planned late / on the appointment date (the rest early). */
  readonly late: number;
  readonly onTime: number;
  /** Late dossiers with an apology letter (phiếu xin lỗi và hẹn lại). */
  readonly apology: number;
  readonly returned: number;
  readonly withdrawn: number;
  readonly digitized: number;
  /** Fee-bearing online dossiers paid online at submission (no payment request). */
  readonly paidAtSubmission: number;
  readonly electronicResult: number;
  /** Resolved dossiers that get a satisfaction rating. */
  readonly rated: number;
}

export interface TrafficProfile {
  /** Share of the province's dossiers handled at each level (renormalised over the levels present). */
  readonly levelShare: Readonly<Record<UnitLevel, number>>;
  readonly levels: Readonly<Record<UnitLevel, LevelProfile>>;
}

const PROVINCE: LevelProfile = {
  online: 0.72,
  postal: 0.06,
  fullProcess: 0.7,
  supplement: 0.42,
  supplementAbandoned: 0.03,
  late: 0.05,
  onTime: 0.12,
  apology: 0.6,
  returned: 0.003,
  withdrawn: 0.002,
  digitized: 0.8,
  paidAtSubmission: 0.35,
  electronicResult: 0.75,
  rated: 0.2,
};

export const DEFAULT_TRAFFIC_PROFILE: TrafficProfile = Object.freeze({
  levelShare: Object.freeze({ province: 0.3, district: 0.35, commune: 0.65 }),
  levels: Object.freeze({
    province: Object.freeze(PROVINCE),
    district: Object.freeze({ ...PROVINCE, online: 0.79, supplement: 0.45, late: 0.04 }),
    commune: Object.freeze({
      online: 0.83,
      postal: 0.02,
      fullProcess: 0.8,
      supplement: 0.08,
      supplementAbandoned: 0.02,
      late: 0.03,
      onTime: 0.06,
      apology: 0.6,
      returned: 0.003,
      withdrawn: 0.002,
      digitized: 0.87,
      paidAtSubmission: 0.3,
      electronicResult: 0.6,
      rated: 0.15,
    }),
  }),
});

/** The default profile with some level rates replaced. */
export function withProfile(overrides: {
  levelShare?: Partial<Record<UnitLevel, number>>;
  levels?: Partial<Record<UnitLevel, Partial<LevelProfile>>>;
}): TrafficProfile {
  const d = DEFAULT_TRAFFIC_PROFILE;
  return {
    levelShare: { ...d.levelShare, ...overrides.levelShare },
    levels: {
      province: { ...d.levels.province, ...overrides.levels?.province },
      district: { ...d.levels.district, ...overrides.levels?.district },
      commune: { ...d.levels.commune, ...overrides.levels?.commune },
    },
  };
}
