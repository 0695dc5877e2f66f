import type { DossierCostsDto, DossierReportDto } from '@dossier-ledger/contracts';
import { ApiFailure, getJson } from '../lib/api';
import { day, num } from '../lib/format';
import { h } from './dom';

/** The parts of the scoring API's answers the page shows (GET /v1/scores, /v1/rankings). */
interface ScorePart {
  id?: string;
  label?: string;
  name?: string;
  points?: number;
  maxPoints?: number;
}
interface ScoreAnswer {
  scoreId?: string;
  score: ScorePart & {
    ruleSetRef?: string;
    total?: number;
    band?: string;
    groups?: ScorePart[];
    indicators?: ScorePart[];
    notAvailable?: string[];
    missingManualInputs?: string[];
  };
}
interface RankingAnswer {
  ranks?: { unitCode: string; rank: number; of?: number; total: number }[];
}

/** Provincial PAR sets are effective-dated: those with no version for the window answer 400 and are left out. */
const RULE_SETS = [
  ['766', 'Chỉ số phục vụ (QĐ 766)'],
  ['par-dak-nong', 'Chỉ số CCHC (PAR, tiêu chí Đắk Nông)'],
  ['par-qn', 'Chỉ số CCHC (PAR, bộ minh họa)'],
] as const;

const points = (p: ScorePart) => `${num(Math.round((p.points ?? 0) * 100) / 100)} / ${num(p.maxPoints ?? 0)}`;

async function scoreBlock(
  unit: string,
  parent: string | null,
  window: string,
  ruleSet: string,
  title: string,
  signal: AbortSignal,
) {
  try {
    const [answer, ranking] = await Promise.all([
      getJson<ScoreAnswer>(`/api/scores/scores?unit=${unit}&${window}&ruleSet=${ruleSet}`, signal),
      parent
        ? getJson<RankingAnswer>(`/api/scores/rankings?parent=${parent}&${window}&ruleSet=${ruleSet}`, signal).catch(
            () => null,
          )
        : Promise.resolve(null),
    ]);
    const score = answer.score;
    const rank = ranking?.ranks?.find((r) => r.unitCode === unit);
    const missing = [...(score.notAvailable ?? []), ...(score.missingManualInputs ?? [])];
    return h(
      'div',
      { class: 'card', 'data-rule-set': ruleSet },
      h('h3', {}, title),
      h('b', { 'data-cell': `score:${ruleSet}` }, `${num(Math.round((score.total ?? 0) * 100) / 100)} điểm`),
      score.band ? h('span', {}, ` – ${score.band}`) : null,
      rank ? h('p', {}, `Xếp hạng ${rank.rank}/${rank.of ?? ranking?.ranks?.length} đơn vị cùng cấp`) : null,
      h('ul', {}, ...(score.groups ?? []).map((g) => h('li', {}, `${g.label ?? g.name ?? g.id}: ${points(g)}`))),
      h(
        'details',
        {},
        h('summary', {}, 'Chỉ tiêu'),
        h('ul', {}, ...(score.indicators ?? []).map((i) => h('li', {}, `${i.label ?? i.name ?? i.id}: ${points(i)}`))),
      ),
      missing.length > 0 ? h('p', { class: 'bad' }, `Chưa đủ dữ liệu: ${missing.join(', ')}`) : null,
    );
  } catch (error) {
    if (error instanceof ApiFailure)
      return h(
        'div',
        { class: 'card', 'data-rule-set': ruleSet },
        h('h3', {}, title),
        h('p', { class: 'error' }, error.message),
      );
    throw error;
  }
}

/** 766 and PAR scores with the unit's rank among its peers, and the dossiers that cost points (paginated). */
export async function scoresView(
  unit: string,
  parent: string | null,
  report: DossierReportDto,
  signal: AbortSignal,
  page = 1,
): Promise<HTMLElement> {
  const window = `from=${report.from}&to=${report.to}`;
  const [blocks, late] = await Promise.all([
    Promise.all(RULE_SETS.map(([id, title]) => scoreBlock(unit, parent, window, id, title, signal))),
    getJson<DossierCostsDto>(
      `/api/reports/dossiers/costs?unit=${unit}&${window}&kind=late&page=${page}&pageSize=20`,
      signal,
    ),
  ]);
  return h(
    'section',
    { 'aria-label': 'Điểm số' },
    h('div', { class: 'cards' }, ...blocks),
    h('h2', {}, `Hồ sơ giải quyết quá hạn (làm mất điểm): ${num(late.total)}`),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'cost-dossiers' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'Mã hồ sơ'),
            h('th', {}, 'Đơn vị'),
            h('th', {}, 'Lĩnh vực'),
            h('th', {}, 'Ngày nhận'),
          ),
        ),
        h(
          'tbody',
          {},
          ...late.dossiers.map((d) =>
            h(
              'tr',
              {},
              h('td', {}, d.dossierId),
              h('td', {}, d.unitName),
              h('td', {}, d.fieldCode ?? ''),
              h('td', {}, day(d.receivedOn)),
            ),
          ),
        ),
      ),
    ),
    h('p', { class: 'muted' }, `Trang ${late.page}/${Math.max(1, Math.ceil(late.total / late.pageSize))}`),
  );
}
