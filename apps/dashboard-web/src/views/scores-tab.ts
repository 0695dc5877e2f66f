import type { DossierReportDto } from '@dossier-ledger/contracts';
import type { PeerRank, Score } from '@dossier-ledger/scoring-rules';
import { ApiFailure, getJson } from '../lib/api';
import { num } from '../lib/format';
import { costLists, type CostPaging } from './cost-lists';
import { h } from './dom';

/** `GET /v1/scores` and `GET /v1/rankings` as the scoring service answers them (its pure library's types). */
interface ScoreAnswer {
  scoreId?: string;
  score: Score;
}
interface RankingAnswer {
  ranks?: PeerRank[];
}

/** Provincial PAR sets are effective-dated: those with no version for the window answer 400 and are left out. */
const RULE_SETS = [
  ['766', 'Chỉ số phục vụ (QĐ 766)'],
  ['par-dak-nong', 'Chỉ số CCHC (PAR, tiêu chí Đắk Nông)'],
  ['par-qn', 'Chỉ số CCHC (PAR, bộ minh họa)'],
] as const;

const points = (p: { points: number; maxPoints: number }) =>
  `${num(Math.round(p.points * 100) / 100)} / ${num(p.maxPoints)}`;

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
    const titles = new Map(score.indicators.map((i) => [i.indicatorId, i.title]));
    const missing = score.notAvailable.map((id) => titles.get(id) ?? id);
    return h(
      'div',
      { class: 'card', 'data-rule-set': ruleSet },
      h('h3', {}, title),
      h('b', { 'data-cell': `score:${ruleSet}` }, `${num(score.total)} / ${num(score.maxPoints)} điểm`),
      score.band ? h('span', {}, ` – ${score.band.title}`) : null,
      rank ? h('p', {}, `Xếp hạng ${rank.rank}/${rank.of} đơn vị cùng cấp${rank.tied ? ' (đồng hạng)' : ''}`) : null,
      h('ul', {}, ...score.groups.map((g) => h('li', {}, `${g.title}: ${points(g)}`))),
      h(
        'details',
        {},
        h('summary', {}, 'Chỉ tiêu'),
        h(
          'ul',
          {},
          ...score.indicators.map((i) =>
            h('li', {}, `${i.title}: ${points(i)}${i.notAvailable ? ' (chưa có số liệu)' : ''}`),
          ),
        ),
      ),
      missing.length > 0 ? h('p', { class: 'bad' }, `Điểm chưa đầy đủ, còn thiếu: ${missing.join('; ')}`) : null,
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

/** 766 and PAR scores with the unit's rank among its peers, and the dossiers that cost points (paginated per list). */
export async function scoresView(
  unit: string,
  parent: string | null,
  report: DossierReportDto,
  signal: AbortSignal,
  paging: CostPaging,
): Promise<HTMLElement> {
  const window = `from=${report.from}&to=${report.to}`;
  const [blocks, costs] = await Promise.all([
    Promise.all(RULE_SETS.map(([id, title]) => scoreBlock(unit, parent, window, id, title, signal))),
    costLists(`unit=${unit}&${window}`, paging, signal),
  ]);
  return h('section', { 'aria-label': 'Điểm số' }, h('div', { class: 'cards' }, ...blocks), costs);
}
