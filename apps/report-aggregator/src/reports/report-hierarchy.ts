import { formatVi, type LocalDate } from '@dossier-ledger/calendar';
import { chooseHierarchy, unknownUnitMessage, type UnitRegistry } from '@dossier-ledger/units';
import { ReportParameterError } from './report-window';

export { unknownUnitMessage };

/** The era and date whose hierarchy a window is reported under (`hierarchyAt`, default `to`); 400 otherwise. */
export function resolveHierarchy(
  registry: UnitRegistry,
  to: LocalDate,
  hierarchyAt: string | undefined,
): { era: string; on: LocalDate } {
  const choice = chooseHierarchy(registry, to, hierarchyAt);
  if (!choice.ok) throw new ReportParameterError(choice.parameter, choice.message);
  return { era: choice.era.id, on: choice.on as LocalDate };
}

/** The line printed on the form: which hierarchy its units come from (Vietnamese, dd/MM/yyyy). */
export function hierarchyLabel(registry: UnitRegistry, era: string, on: LocalDate): string {
  const info = registry.eras.find((e) => e.id === era);
  const since = info?.validFrom ? ` có hiệu lực từ ${formatVi(info.validFrom as LocalDate)}` : '';
  return `Đơn vị hành chính theo danh mục${since}, áp dụng ngày ${formatVi(on)} (${era}).`;
}
