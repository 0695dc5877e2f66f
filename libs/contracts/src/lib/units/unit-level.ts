/** The administrative levels: cấp tỉnh, cấp huyện, cấp xã (no districts since the 07/2025 reform). */
export const UNIT_LEVELS = ['province', 'district', 'commune'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];
