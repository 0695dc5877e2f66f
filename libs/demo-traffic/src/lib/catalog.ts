import { type UnitLevel } from '@dossier-ledger/contracts';
/**
 * A small procedure catalogue for the demo traffic. Codes are synthetic (`HT.KS`), not the national
 * procedure codes (MaTTHC); names, fields and processing times follow common one-stop procedures.
 * `days` is the processing time in working days (null: the procedure has no appointment date, 0: the
 * same day); `weight` is its share of the level's dossiers.
 */

export interface DemoProcedure {
  readonly code: string;
  readonly name: string;
  readonly fieldCode: string;
  readonly days: number | null;
  readonly weight: number;
  readonly fee: boolean;
}

export const DEMO_FIELD_NAMES: Readonly<Record<string, string>> = Object.freeze({
  HT: 'Hộ tịch',
  CT: 'Chứng thực',
  DD: 'Đất đai',
  XD: 'Xây dựng',
  HKD: 'Thành lập và hoạt động của hộ kinh doanh',
  DKDN: 'Thành lập và hoạt động doanh nghiệp',
  LDTBXH: 'Lao động, thương binh và xã hội',
  NCC: 'Người có công',
  LLTP: 'Lý lịch tư pháp',
  GT: 'Đường bộ',
  YT: 'Khám bệnh, chữa bệnh',
  GDDT: 'Giáo dục và đào tạo',
});

const p = (
  code: string,
  name: string,
  fieldCode: string,
  days: number | null,
  weight: number,
  fee = false,
): DemoProcedure => Object.freeze({ code, name, fieldCode, days, weight, fee });

const COMMUNE: readonly DemoProcedure[] = [
  p('HT.KS', 'Đăng ký khai sinh', 'HT', 1, 18),
  p('HT.KT', 'Đăng ký khai tử', 'HT', 1, 5),
  p('HT.KH', 'Đăng ký kết hôn', 'HT', 1, 4),
  p('HT.XNHN', 'Cấp giấy xác nhận tình trạng hôn nhân', 'HT', 3, 12),
  p('HT.TLBS', 'Cấp bản sao trích lục hộ tịch', 'HT', 1, 8, true),
  p('CT.BS', 'Chứng thực bản sao từ bản chính', 'CT', 0, 8, true),
  p('CT.CK', 'Chứng thực chữ ký', 'CT', 0, 3, true),
  p('CT.HD', 'Chứng thực hợp đồng, giao dịch', 'CT', 2, 3, true),
  p('LDTBXH.TCXH', 'Trợ cấp xã hội hằng tháng', 'LDTBXH', 10, 4),
  p('LDTBXH.HN', 'Xác nhận hộ nghèo, hộ cận nghèo', 'LDTBXH', null, 2),
  p('NCC.CD', 'Giải quyết chế độ người có công', 'NCC', 12, 1),
  p('DD.BD', 'Đăng ký biến động quyền sử dụng đất', 'DD', 10, 6, true),
  p('DD.GCN', 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu', 'DD', 20, 2, true),
  p('XD.GPXD', 'Cấp giấy phép xây dựng nhà ở riêng lẻ', 'XD', 15, 2, true),
  p('HKD.DK', 'Đăng ký thành lập hộ kinh doanh', 'HKD', 3, 3, true),
];

const PROVINCE: readonly DemoProcedure[] = [
  p('DD.BD', 'Đăng ký biến động quyền sử dụng đất', 'DD', 10, 18, true),
  p('DD.CD', 'Cấp đổi giấy chứng nhận quyền sử dụng đất', 'DD', 7, 8, true),
  p('DKDN.TL', 'Đăng ký thành lập doanh nghiệp', 'DKDN', 3, 10, true),
  p('DKDN.TD', 'Đăng ký thay đổi nội dung đăng ký doanh nghiệp', 'DKDN', 3, 8, true),
  p('GT.GPLX', 'Cấp đổi giấy phép lái xe', 'GT', 5, 14, true),
  p('LLTP.CP', 'Cấp phiếu lý lịch tư pháp', 'LLTP', 10, 12, true),
  p('XD.GPXD', 'Cấp giấy phép xây dựng', 'XD', 20, 4, true),
  p('YT.CCHN', 'Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh', 'YT', 20, 3, true),
  p('GDDT.BS', 'Cấp bản sao văn bằng, chứng chỉ', 'GDDT', 5, 3),
  p('LDTBXH.GPLD', 'Cấp giấy phép lao động cho người nước ngoài', 'LDTBXH', 5, 2, true),
];

/** Pre-07/2025 districts: land, construction, household businesses, social affairs, civil status. */
const DISTRICT: readonly DemoProcedure[] = [
  p('DD.BD', 'Đăng ký biến động quyền sử dụng đất', 'DD', 10, 20, true),
  p('DD.GCN', 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu', 'DD', 20, 6, true),
  p('XD.GPXD', 'Cấp giấy phép xây dựng nhà ở riêng lẻ', 'XD', 15, 6, true),
  p('HKD.DK', 'Đăng ký thành lập hộ kinh doanh', 'HKD', 3, 10, true),
  p('LDTBXH.TCXH', 'Trợ cấp xã hội hằng tháng', 'LDTBXH', 10, 5),
  p('HT.TLBS', 'Cấp bản sao trích lục hộ tịch', 'HT', 1, 4, true),
  p('CT.BS', 'Chứng thực bản sao từ bản chính', 'CT', 0, 3, true),
];

export const DEMO_PROCEDURES: Readonly<Record<UnitLevel, readonly DemoProcedure[]>> = Object.freeze({
  province: PROVINCE,
  district: DISTRICT,
  commune: COMMUNE,
});
