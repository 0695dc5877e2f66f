/**
 * Names of common fields (lĩnh vực) by the short codes the demo traffic and the examples use.
 * Field codes are vendor data (MaLinhVuc); a deployment passes its own catalogue — unknown codes
 * are printed as they are.
 */
export const DEFAULT_FIELD_NAMES_VI: Readonly<Record<string, string>> = Object.freeze({
  HT: 'Hộ tịch',
  CT: 'Chứng thực',
  DD: 'Đất đai',
  XD: 'Xây dựng',
  MT: 'Môi trường',
  NN: 'Nông nghiệp',
  HKD: 'Thành lập và hoạt động của hộ kinh doanh',
  DKDN: 'Thành lập và hoạt động doanh nghiệp',
  LDTBXH: 'Lao động, thương binh và xã hội',
  BTXH: 'Bảo trợ xã hội',
  NCC: 'Người có công',
  LLTP: 'Lý lịch tư pháp',
  GT: 'Đường bộ',
  YT: 'Khám bệnh, chữa bệnh',
  GDDT: 'Giáo dục và đào tạo',
  VH: 'Văn hóa',
  NV: 'Nội vụ',
  TDKT: 'Thi đua, khen thưởng',
  TC: 'Tài chính',
  KNTC: 'Giải quyết khiếu nại, tố cáo',
});

export type FieldNames = Readonly<Record<string, string>> | ((code: string) => string | undefined);

/** The printed name of a field: from `names`, then the default catalogue, then the code itself. */
export function fieldNameOf(code: string, names?: FieldNames): string {
  const own = typeof names === 'function' ? names(code) : names?.[code];
  return own ?? DEFAULT_FIELD_NAMES_VI[code] ?? code;
}
