import { communeSeedFigures } from '../testing/figures.fixture';
import { indicatorScore, only } from '../testing/score.helpers';
import { resolveRuleSet } from './rule-set-catalog';
import { scoreUnit } from './score-unit';

const parDakNong = resolveRuleSet('par-dak-nong', '2024-02-19');
const parQn1 = resolveRuleSet('par-qn', '2024-06-30');
const parQn2 = resolveRuleSet('par-qn', '2025-06-30');

type Row = [numerator: number, expected: number];

describe('par-dak-nong (Đắk Nông, Decision 1704/QĐ-UBND of 18/10/2022)', () => {
  it('is a 12-point subset without bands', () => {
    const score = scoreUnit(communeSeedFigures(), parDakNong);
    expect(score).toMatchObject({ ruleSetRef: 'par-dak-nong@1', maxPoints: 12, band: null });
  });

  it.each<Row>([
    [1000, 4],
    [999, 3],
    [900, 3],
    [899, 2],
    [800, 2],
    [799, 0],
    [0, 0],
  ])('on-time: %d of 1000 resolved early or on time → %p points', (onTime, expected) => {
    expect(
      indicatorScore(parDakNong, 'on-time', only({ 'resolved.onTime': onTime, 'resolved.total': 1000 })).points,
    ).toBe(expected);
  });

  it('on-time counts early and on-time resolutions alike', () => {
    const score = indicatorScore(
      parDakNong,
      'on-time',
      only({ 'resolved.early': 600, 'resolved.onTime': 350, 'resolved.total': 1000 }),
    );
    expect(score.value).toBe(0.95);
    expect(score.points).toBe(3);
  });

  it("reproduces Đắk Song's own evaluation of 01/01–20/09/2023: on time 2 of 4, apology 0 of 2", () => {
    // 17,604 resolved, 15,739 early or on time (89.4 %), 1,865 late, no apology letter.
    const figures = only({
      'resolved.early': 15_000,
      'resolved.onTime': 739,
      'resolved.late': 1_865,
      'resolved.total': 17_604,
      lateWithApology: 0,
      lateWithoutApology: 1_865,
    });
    const onTime = indicatorScore(parDakNong, 'on-time', figures);
    expect(onTime.value).toBeCloseTo(0.894, 3);
    expect(onTime).toMatchObject({ points: 2, lost: 2 });
    expect(onTime.lostBy).toEqual([{ path: 'resolved.late', count: 1_865 }]);
    expect(indicatorScore(parDakNong, 'apology', figures)).toMatchObject({ points: 0, lost: 2 });
  });

  it('is in force from the decision (18/10/2022) until Đắk Nông merged into Lâm Đồng (30/06/2025)', () => {
    expect(parDakNong).toMatchObject({ effectiveFrom: '2022-10-18', effectiveTo: '2025-06-30' });
    expect(() => resolveRuleSet('par-dak-nong', '2025-07-01')).toThrow(/par-dak-nong/);
    expect(resolveRuleSet('par-dak-nong', '2023-09-20').version).toBe(1);
  });

  it('on-time is not available without resolved dossiers', () => {
    expect(indicatorScore(parDakNong, 'on-time', only({})).notAvailable).toBe(true);
  });

  it.each([
    [{ 'resolved.late': 0, lateWithApology: 0, lateWithoutApology: 0 }, 2],
    [{ 'resolved.late': 5, lateWithApology: 5, lateWithoutApology: 0 }, 2],
    [{ 'resolved.late': 5, lateWithApology: 4, lateWithoutApology: 1 }, 0],
    [{ 'resolved.late': 5, lateWithApology: 0, lateWithoutApology: 5 }, 0],
  ])('apology (all or nothing): %p → %p points', (values, expected) => {
    const score = indicatorScore(parDakNong, 'apology', only(values));
    expect(score.points).toBe(expected);
    expect(score.value).toBeNull();
  });

  it.each<Row>([
    [0, 0],
    [499, 0],
    [500, 0], // "only above 50 %": exactly 50 % earns nothing
    [501, 4],
    [1000, 4],
  ])('online-procedures-share: %d of 1000 online procedures had online dossiers → %p points', (count, expected) => {
    const figures = only({ 'procedures.withOnlineDossiers': count, 'procedures.onlineCapable': 1000 });
    expect(indicatorScore(parDakNong, 'online-procedures-share', figures).points).toBe(expected);
  });

  it('online-procedures-share falls back to a manual input without the procedure catalogue', () => {
    const figures = { ...communeSeedFigures(), procedures: undefined };
    expect(indicatorScore(parDakNong, 'online-procedures-share', figures)).toMatchObject({
      manual: true,
      notAvailable: true,
      points: 0,
    });
    expect(
      indicatorScore(parDakNong, 'online-procedures-share', figures, { 'online-procedures-share': 4 }).points,
    ).toBe(4);
  });

  it.each<Row>([
    [0, 0],
    [499, 0],
    [500, 1],
    [501, 1],
    [799, 1],
    [800, 2],
    [801, 2],
  ])('digitized-results: %d of 1000 resolved with an electronic result → %p points', (count, expected) => {
    expect(
      indicatorScore(parDakNong, 'digitized-results', only({ electronicResult: count, 'resolved.total': 1000 })).points,
    ).toBe(expected);
  });
});

describe('par-qn (illustrative second province): v1 (2024) and v2 (from 2025) differ only by data', () => {
  it.each([
    [799, 0, 0],
    [800, 0, 0],
    [850, 0.75, 0],
    [900, 1.5, 1],
    [925, 1.88, 1.5],
    [1000, 3, 3],
  ])('on-time (linear from zeroAt): %d / 1000 → v1 %p, v2 %p', (onTime, v1, v2) => {
    const figures = only({ 'resolved.onTime': onTime, 'resolved.total': 1000 });
    expect(indicatorScore(parQn1, 'on-time', figures).points).toBe(v1);
    expect(indicatorScore(parQn2, 'on-time', figures).points).toBe(v2);
  });

  it.each<Row>([
    [899, 0],
    [900, 1],
    [901, 1],
    [999, 1],
    [1000, 2],
  ])('apology share: %d of 1000 late dossiers with an apology → %p points', (withApology, expected) => {
    const figures = only({ lateWithApology: withApology, lateWithoutApology: 1000 - withApology });
    expect(indicatorScore(parQn1, 'apology', figures).points).toBe(expected);
    expect(indicatorScore(parQn2, 'apology', figures).points).toBe(expected);
  });

  it('apology: no late dossier earns the full 2 points (onZeroDenominator full)', () => {
    expect(indicatorScore(parQn1, 'apology', only({}))).toMatchObject({
      points: 2,
      notAvailable: false,
      reason: 'denominator is 0: full points',
    });
  });

  const online = (count: number) =>
    only({ receivedOnlineFull: count, receivedOnlinePartial: 0, 'received.inPeriod.total': 1000 });
  it.each([
    [399, 0, 0],
    [400, 2, 0],
    [401, 2, 0],
    [499, 2, 0],
    [500, 2, 2],
    [599, 2, 2],
    [600, 2, 2], // v1: "above 60 %" is not reached at 60 %
    [601, 4, 2],
    [700, 4, 2],
    [701, 4, 4],
  ])('online-dossiers-share: %d / 1000 → v1 %p, v2 %p', (count, v1, v2) => {
    expect(indicatorScore(parQn1, 'online-dossiers-share', online(count)).points).toBe(v1);
    expect(indicatorScore(parQn2, 'online-dossiers-share', online(count)).points).toBe(v2);
  });

  it('online-dossiers-share adds full- and partial-process dossiers', () => {
    const figures = only({ receivedOnlineFull: 301, receivedOnlinePartial: 300, 'received.inPeriod.total': 1000 });
    expect(indicatorScore(parQn1, 'online-dossiers-share', figures).points).toBe(4);
  });

  const digitized = (count: number) => only({ digitized: count, 'received.inPeriod.total': 1000 });
  it.each([
    [699, 0, 0],
    [700, 1.5, 0],
    [701, 1.5, 0],
    [799, 1.5, 0],
    [800, 1.5, 1.5],
    [801, 1.5, 1.5],
    [899, 1.5, 1.5],
    [900, 3, 1.5],
    [901, 3, 1.5],
    [949, 3, 1.5],
    [950, 3, 3],
    [951, 3, 3],
  ])('digitized-dossiers: %d / 1000 → v1 %p, v2 %p', (count, v1, v2) => {
    expect(indicatorScore(parQn1, 'digitized-dossiers', digitized(count)).points).toBe(v1);
    expect(indicatorScore(parQn2, 'digitized-dossiers', digitized(count)).points).toBe(v2);
  });

  it('scores the same figures differently by version, each recording its version', () => {
    const v1 = scoreUnit(communeSeedFigures(), parQn1);
    const v2 = scoreUnit(communeSeedFigures(), parQn2);
    expect([v1.ruleSetRef, v1.total]).toEqual(['par-qn@1', 8.31]);
    expect([v2.ruleSetRef, v2.total]).toEqual(['par-qn@2', 8.25]);
  });
});
