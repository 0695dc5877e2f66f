/**
 * Days off and worked weekend days for the Vietnamese civil service
 * (cán bộ, công chức, viên chức — Saturday/Sunday weekly rest), 2021–2026.
 *
 * This is what one-stop software uses for appointment dates (ngày hẹn trả).
 * Each row cites the instrument that decided it. `confirmed: true` means the
 * date was checked against a published report of that decision; notice
 * numbers marked "(number from secondary sources)" were not seen in the
 * official text itself. See docs/calendar.md for the sources and review log.
 *
 * Rules encoded (Bộ luật Lao động 45/2019/QH14, in force 01/01/2021):
 * - Điều 112(1): 1/1; Tết Âm lịch 5 days; 10/3 lunar; 30/4; 1/5; 2/9 + 1 adjacent day.
 * - Điều 112(3): the Prime Minister fixes the 5 Tết days and the adjacent 2/9 day.
 * - Điều 111(3): a holiday on a weekly rest day is made up on the next working day.
 * - Swaps (hoán đổi): a weekday off against a Saturday worked, per yearly notice.
 *
 * Weekend days inside a break that are plain weekly rest are not listed; holidays
 * falling on a weekend are listed (kind `holiday`) so a lookup can name them.
 */

export type DayOffKind =
  /** A statutory holiday itself (Điều 112). */
  | 'holiday'
  /** Nghỉ bù: replaces a holiday that fell on a weekly rest day (Điều 111(3) or the notice). */
  | 'compensatory'
  /** Hoán đổi: a weekday off, worked back on a Saturday listed in workedDays. */
  | 'swap';

/** The occasion a day off belongs to (a swap belongs to the break it joins). */
export type VnHoliday =
  'new-year' | 'lunar-new-year' | 'hung-kings' | 'reunification-day' | 'labour-day' | 'national-day' | 'culture-day';

export interface DayOffRow {
  /** YYYY-MM-DD */
  readonly date: string;
  readonly kind: DayOffKind;
  readonly holiday: VnHoliday;
  /** Vietnamese reason as printed on notices. */
  readonly reason: string;
  readonly source: string;
  readonly confirmed: boolean;
}

export interface WorkedDayRow {
  /** YYYY-MM-DD, a Saturday or Sunday worked as a normal day. */
  readonly date: string;
  /** YYYY-MM-DD of the weekday it pays back. */
  readonly replaces: string;
  readonly reason: string;
  readonly source: string;
  readonly confirmed: boolean;
}

export interface HolidayYear {
  readonly year: number;
  readonly daysOff: readonly DayOffRow[];
  readonly workedDays: readonly WorkedDayRow[];
}

const BLLD = 'Bộ luật Lao động 2019, Điều 112(1)';
const BU = 'Bộ luật Lao động 2019, Điều 111(3) (nghỉ bù)';

// Sources per year. VPCP letters carry the Prime Minister's decision; the ministry's
// notice (Bộ LĐTBXH to 02/2025, Bộ Nội vụ after) publishes it to agencies.
const S2021 =
  'Thông báo 4875/TB-LĐTBXH (12/2020) về nghỉ Tết Âm lịch và Quốc khánh năm 2021 (number from secondary sources)';
const S2022_TET =
  'Công văn 245/VPCP-KGVX ngày 11/01/2022; Thông báo 119/TB-LĐTBXH (01/2022) về nghỉ Tết Âm lịch năm 2022 (number from secondary sources)';
const S2022_QK =
  'Văn phòng Chính phủ / Bộ LĐTBXH: nghỉ Quốc khánh năm 2022 từ 01/9 đến 04/9/2022 (as reported on the Government portal 08/2022; notice number not identified)';
const S2023 =
  'Công văn 8056/VPCP-KGVX ngày 01/12/2022; Thông báo 5034/TB-LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh năm 2023 (number from secondary sources)';
const S2024 =
  'Công văn 8662/VPCP-KGVX ngày 03/11/2023; Thông báo 5015/TB-LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh năm 2024 (number from secondary sources)';
const S2024_SWAP =
  'Công văn 2450/VPCP-KGVX ngày 12/04/2024; Thông báo 1570/TB-LĐTBXH về hoán đổi ngày làm việc dịp 30/4–1/5/2024 (number from secondary sources)';
const S2025 =
  'Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-LĐTBXH (also printed 6150/TB-BLĐTBXH) ngày 03/12/2024 về nghỉ Tết Âm lịch, Chiến thắng, Quốc tế Lao động và Quốc khánh năm 2025';
const S2026_NY = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 về nghỉ Tết Dương lịch năm 2026 (hoán đổi 02/01 ↔ 10/01)';
const S2026 = 'Thông báo 9441/TB-BNV ngày 16/10/2025 về nghỉ Tết Âm lịch và Quốc khánh năm 2026';
const S2026_CULTURE =
  'Nghị quyết 80-NQ/TW ngày 07/01/2026 (chủ trương); reported as Nghị quyết 28/2026/QH16 Điều 2, in force 01/07/2026 — official text not seen';

function off(
  date: string,
  kind: DayOffKind,
  holiday: VnHoliday,
  reason: string,
  source: string,
  confirmed = true,
): DayOffRow {
  return { date, kind, holiday, reason, source, confirmed };
}

function worked(date: string, replaces: string, reason: string, source: string, confirmed = true): WorkedDayRow {
  return { date, replaces, reason, source, confirmed };
}

export const VN_HOLIDAY_TABLE: readonly HolidayYear[] = [
  {
    year: 2021,
    daysOff: [
      off('2021-01-01', 'holiday', 'new-year', 'Tết Dương lịch', BLLD),
      off('2021-02-10', 'holiday', 'lunar-new-year', 'Tết Âm lịch (29 tháng Chạp)', S2021),
      off('2021-02-11', 'holiday', 'lunar-new-year', 'Tết Âm lịch (30 tháng Chạp)', S2021),
      off('2021-02-12', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 1)', S2021),
      off('2021-02-13', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 2, thứ Bảy)', S2021),
      off('2021-02-14', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 3, Chủ nhật)', S2021),
      off('2021-02-15', 'compensatory', 'lunar-new-year', 'Nghỉ bù Tết Âm lịch (mùng 2)', S2021),
      off('2021-02-16', 'compensatory', 'lunar-new-year', 'Nghỉ bù Tết Âm lịch (mùng 3)', S2021),
      off('2021-04-21', 'holiday', 'hung-kings', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', BLLD),
      off('2021-04-30', 'holiday', 'reunification-day', 'Ngày Chiến thắng', BLLD),
      off('2021-05-01', 'holiday', 'labour-day', 'Ngày Quốc tế Lao động (thứ Bảy)', BLLD),
      off('2021-05-03', 'compensatory', 'labour-day', 'Nghỉ bù Quốc tế Lao động', BU),
      off('2021-09-02', 'holiday', 'national-day', 'Quốc khánh', S2021),
      off('2021-09-03', 'holiday', 'national-day', 'Quốc khánh (ngày liền kề)', S2021),
    ],
    workedDays: [],
  },
  {
    year: 2022,
    daysOff: [
      off('2022-01-01', 'holiday', 'new-year', 'Tết Dương lịch (thứ Bảy)', BLLD),
      off('2022-01-03', 'compensatory', 'new-year', 'Nghỉ bù Tết Dương lịch', BU),
      off('2022-01-31', 'holiday', 'lunar-new-year', 'Tết Âm lịch (29 tháng Chạp)', S2022_TET),
      off('2022-02-01', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 1)', S2022_TET),
      off('2022-02-02', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 2)', S2022_TET),
      off('2022-02-03', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 3)', S2022_TET),
      off('2022-02-04', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 4)', S2022_TET),
      off('2022-04-10', 'holiday', 'hung-kings', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)', BLLD),
      off('2022-04-11', 'compensatory', 'hung-kings', 'Nghỉ bù Giỗ Tổ Hùng Vương', BU),
      off('2022-04-30', 'holiday', 'reunification-day', 'Ngày Chiến thắng (thứ Bảy)', BLLD),
      off('2022-05-01', 'holiday', 'labour-day', 'Ngày Quốc tế Lao động (Chủ nhật)', BLLD),
      off('2022-05-02', 'compensatory', 'reunification-day', 'Nghỉ bù Ngày Chiến thắng', BU),
      off('2022-05-03', 'compensatory', 'labour-day', 'Nghỉ bù Ngày Quốc tế Lao động', BU),
      off('2022-09-01', 'holiday', 'national-day', 'Quốc khánh (ngày liền kề)', S2022_QK),
      off('2022-09-02', 'holiday', 'national-day', 'Quốc khánh', S2022_QK),
    ],
    workedDays: [],
  },
  {
    year: 2023,
    daysOff: [
      off('2023-01-01', 'holiday', 'new-year', 'Tết Dương lịch (Chủ nhật)', BLLD),
      off('2023-01-02', 'compensatory', 'new-year', 'Nghỉ bù Tết Dương lịch', BU),
      off('2023-01-20', 'holiday', 'lunar-new-year', 'Tết Âm lịch (29 tháng Chạp)', S2023),
      off('2023-01-21', 'holiday', 'lunar-new-year', 'Tết Âm lịch (30 tháng Chạp, thứ Bảy)', S2023),
      off('2023-01-22', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 1, Chủ nhật)', S2023),
      off('2023-01-23', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 2)', S2023),
      off('2023-01-24', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 3)', S2023),
      off('2023-01-25', 'compensatory', 'lunar-new-year', 'Nghỉ bù Tết Âm lịch (30 tháng Chạp)', S2023),
      off('2023-01-26', 'compensatory', 'lunar-new-year', 'Nghỉ bù Tết Âm lịch (mùng 1)', S2023),
      off('2023-04-29', 'holiday', 'hung-kings', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, thứ Bảy)', BLLD),
      off('2023-04-30', 'holiday', 'reunification-day', 'Ngày Chiến thắng (Chủ nhật)', BLLD),
      off('2023-05-01', 'holiday', 'labour-day', 'Ngày Quốc tế Lao động', BLLD),
      off('2023-05-02', 'compensatory', 'hung-kings', 'Nghỉ bù Giỗ Tổ Hùng Vương', BU),
      off('2023-05-03', 'compensatory', 'reunification-day', 'Nghỉ bù Ngày Chiến thắng', BU),
      off('2023-09-01', 'holiday', 'national-day', 'Quốc khánh (ngày liền kề)', S2023),
      off('2023-09-02', 'holiday', 'national-day', 'Quốc khánh (thứ Bảy)', S2023),
      off('2023-09-04', 'compensatory', 'national-day', 'Nghỉ bù Quốc khánh', S2023),
    ],
    workedDays: [],
  },
  {
    year: 2024,
    daysOff: [
      off('2024-01-01', 'holiday', 'new-year', 'Tết Dương lịch', BLLD),
      off('2024-02-08', 'holiday', 'lunar-new-year', 'Tết Âm lịch (29 tháng Chạp)', S2024),
      off('2024-02-09', 'holiday', 'lunar-new-year', 'Tết Âm lịch (30 tháng Chạp)', S2024),
      off('2024-02-10', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 1, thứ Bảy)', S2024),
      off('2024-02-11', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 2, Chủ nhật)', S2024),
      off('2024-02-12', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 3)', S2024),
      off('2024-02-13', 'compensatory', 'lunar-new-year', 'Nghỉ bù Tết Âm lịch (mùng 1)', S2024),
      off('2024-02-14', 'compensatory', 'lunar-new-year', 'Nghỉ bù Tết Âm lịch (mùng 2)', S2024),
      off('2024-04-18', 'holiday', 'hung-kings', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', BLLD),
      off(
        '2024-04-29',
        'swap',
        'reunification-day',
        'Hoán đổi ngày làm việc dịp 30/4–1/5 (làm bù thứ Bảy 04/5/2024)',
        S2024_SWAP,
      ),
      off('2024-04-30', 'holiday', 'reunification-day', 'Ngày Chiến thắng', BLLD),
      off('2024-05-01', 'holiday', 'labour-day', 'Ngày Quốc tế Lao động', BLLD),
      off('2024-09-02', 'holiday', 'national-day', 'Quốc khánh', S2024),
      off('2024-09-03', 'holiday', 'national-day', 'Quốc khánh (ngày liền kề)', S2024),
    ],
    workedDays: [worked('2024-05-04', '2024-04-29', 'Làm bù cho thứ Hai 29/4/2024', S2024_SWAP)],
  },
  {
    year: 2025,
    daysOff: [
      off('2025-01-01', 'holiday', 'new-year', 'Tết Dương lịch', BLLD),
      off('2025-01-27', 'holiday', 'lunar-new-year', 'Tết Âm lịch (28 tháng Chạp)', S2025),
      off('2025-01-28', 'holiday', 'lunar-new-year', 'Tết Âm lịch (29 tháng Chạp, giao thừa)', S2025),
      off('2025-01-29', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 1)', S2025),
      off('2025-01-30', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 2)', S2025),
      off('2025-01-31', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 3)', S2025),
      off('2025-04-07', 'holiday', 'hung-kings', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', BLLD),
      off('2025-04-30', 'holiday', 'reunification-day', 'Ngày Chiến thắng', BLLD),
      off('2025-05-01', 'holiday', 'labour-day', 'Ngày Quốc tế Lao động', BLLD),
      off(
        '2025-05-02',
        'swap',
        'reunification-day',
        'Hoán đổi ngày làm việc dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)',
        S2025,
      ),
      off('2025-09-01', 'holiday', 'national-day', 'Quốc khánh (ngày liền kề)', S2025),
      off('2025-09-02', 'holiday', 'national-day', 'Quốc khánh', S2025),
    ],
    workedDays: [worked('2025-04-26', '2025-05-02', 'Làm bù cho thứ Sáu 02/5/2025', S2025)],
  },
  {
    year: 2026,
    daysOff: [
      off('2026-01-01', 'holiday', 'new-year', 'Tết Dương lịch', BLLD),
      off(
        '2026-01-02',
        'swap',
        'new-year',
        'Hoán đổi ngày làm việc dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)',
        S2026_NY,
      ),
      off('2026-02-16', 'holiday', 'lunar-new-year', 'Tết Âm lịch (29 tháng Chạp, giao thừa)', S2026),
      off('2026-02-17', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 1)', S2026),
      off('2026-02-18', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 2)', S2026),
      off('2026-02-19', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 3)', S2026),
      off('2026-02-20', 'holiday', 'lunar-new-year', 'Tết Âm lịch (mùng 4)', S2026),
      off('2026-04-26', 'holiday', 'hung-kings', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)', BLLD),
      off('2026-04-27', 'compensatory', 'hung-kings', 'Nghỉ bù Giỗ Tổ Hùng Vương', BU),
      off('2026-04-30', 'holiday', 'reunification-day', 'Ngày Chiến thắng', BLLD),
      off('2026-05-01', 'holiday', 'labour-day', 'Ngày Quốc tế Lao động', BLLD),
      off(
        '2026-08-31',
        'swap',
        'national-day',
        'Hoán đổi ngày làm việc dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)',
        S2026,
      ),
      off('2026-09-01', 'holiday', 'national-day', 'Quốc khánh (ngày liền kề)', S2026),
      off('2026-09-02', 'holiday', 'national-day', 'Quốc khánh', S2026),
      off('2026-11-24', 'holiday', 'culture-day', 'Ngày Văn hóa Việt Nam', S2026_CULTURE, false),
    ],
    workedDays: [
      worked('2026-01-10', '2026-01-02', 'Làm bù cho thứ Sáu 02/01/2026', S2026_NY),
      worked('2026-08-22', '2026-08-31', 'Làm bù cho thứ Hai 31/8/2026', S2026),
    ],
  },
];
