import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import type { CounterChange } from './counter-change';
import { ReportChangeHub } from './report-change-hub';
import { ReportStreamSubscription, type ReportStreamMessage } from './report-stream.subscription';
import { UnitDayChanges } from './unit-day-changes';
import { resolveStreamUnit, UnitSubtree } from './unit-subtree';

const registry = loadDefaultUnitRegistry();
const [OLD, MID, NEW] = registry.eras.map((e) => e.id);
const ON = '2024-03-01' as LocalDate;
const district = registry.children('58', ON)[0].code;
const [commune, sibling] = registry.children(district, ON).map((u) => u.code);
const otherDistrict = registry.children('58', ON)[1].code;
const day = (date: string) => toDayNumber(date as LocalDate);
const change = (unitCode: string, days: string[], era = OLD, partition = 0): CounterChange => ({
  era,
  unitCode,
  days: days.map(day),
  partition,
});

describe('ReportChangeHub', () => {
  it('hands each change to every listener until it unsubscribes, whatever another listener throws', () => {
    const hub = new ReportChangeHub();
    const seen: string[] = [];
    hub.subscribe(() => {
      throw new Error('faulty listener');
    });
    const stop = hub.subscribe((c) => seen.push(c.unitCode));
    hub.publish(change(commune, ['2024-03-05']));
    stop();
    hub.publish(change(sibling, ['2024-03-05']));
    expect(seen).toEqual([commune]);
    expect(hub.listenerCount).toBe(1);
  });
});

describe('UnitDayChanges', () => {
  it('merges days per era and unit, and gives them as sorted local dates once', () => {
    const changes = new UnitDayChanges();
    changes.add(OLD, commune, [day('2024-03-09'), day('2024-03-05')]);
    const more = new UnitDayChanges();
    more.add(OLD, commune, [day('2024-03-05'), day('2024-02-28')]);
    more.add(NEW, '58', [day('2024-03-05')]);
    changes.addAll(more);
    expect(changes.take()).toEqual(
      new Map([
        [OLD, { [commune]: ['2024-02-28', '2024-03-05', '2024-03-09'] }],
        [NEW, { '58': ['2024-03-05'] }],
      ]),
    );
    expect(changes.isEmpty).toBe(true);
  });
});

describe('resolveStreamUnit', () => {
  const today = '2026-01-15' as LocalDate;

  it('reads a unit in today’s hierarchy, and a unit that no longer exists in the latest era that has it', () => {
    expect(resolveStreamUnit(registry, '01', today)).toMatchObject({ era: NEW, on: today, unit: { code: '01' } });
    // Merged in 07/2025: read in the 30/06/2025 tree.
    expect(resolveStreamUnit(registry, '58', today)).toMatchObject({ era: MID, on: '2025-06-30' });
    expect(resolveStreamUnit(registry, district, today)).toMatchObject({
      era: MID,
      on: '2025-06-30',
      unit: { code: district, level: 'district' },
    });
    // Merged in 2023-2024 (00010 into 00004): read in the 04/2023 tree.
    expect(resolveStreamUnit(registry, '00010', today)).toMatchObject({ era: OLD, on: '2024-12-31' });
    expect(resolveStreamUnit(registry, '99999', today)).toBeUndefined();
  });
});

describe('ReportStreamSubscription', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function open(root = district) {
    const hub = new ReportChangeHub();
    const messages: ReportStreamMessage[] = [];
    const comments: string[] = [];
    const subscription = new ReportStreamSubscription(
      hub,
      new UnitSubtree(registry, OLD, root, '2024-12-31' as LocalDate),
      { message: (m) => messages.push(m), comment: (c) => comments.push(c) },
      { coalesceMs: 250, keepAliveMs: 15_000 },
    );
    return { hub, messages, comments, subscription };
  }

  it('coalesces a burst into one message naming the changed units of the subtree and their days', () => {
    const { hub, messages } = open();
    hub.publish(change(commune, ['2024-03-05']));
    hub.publish(change(district, ['2024-03-05']));
    hub.publish(change('58', ['2024-03-05'])); // the province is above the stream's unit
    hub.publish(change(otherDistrict, ['2024-03-06'])); // another subtree
    hub.publish(change(commune, ['2024-03-05'], NEW)); // the same code read in another era is another unit
    hub.publish(change(sibling, ['2024-03-07']));
    hub.publish(change(commune, ['2024-03-09']));
    expect(messages).toEqual([]);
    jest.advanceTimersByTime(250);
    expect(messages).toEqual([
      {
        era: OLD,
        unit: district,
        units: { [district]: ['2024-03-05'], [commune]: ['2024-03-05', '2024-03-09'], [sibling]: ['2024-03-07'] },
      },
    ]);
    hub.publish(change(commune, ['2024-03-10']));
    jest.advanceTimersByTime(250);
    expect(messages).toHaveLength(2);
    expect(messages[1].units).toEqual({ [commune]: ['2024-03-10'] });
  });

  it('sends nothing without a change in its subtree, but a keep-alive comment every interval', () => {
    const { hub, messages, comments } = open(commune);
    hub.publish(change(district, ['2024-03-05']));
    jest.advanceTimersByTime(30_000);
    expect(messages).toEqual([]);
    expect(comments).toEqual(['keep-alive', 'keep-alive']);
  });

  it('stops listening, sending and keeping alive once closed', () => {
    const { hub, messages, comments, subscription } = open();
    hub.publish(change(commune, ['2024-03-05']));
    subscription.close();
    jest.advanceTimersByTime(30_000);
    hub.publish(change(commune, ['2024-03-06']));
    jest.advanceTimersByTime(30_000);
    expect(messages).toEqual([]);
    expect(comments).toEqual([]);
    expect(hub.listenerCount).toBe(0);
  });
});
