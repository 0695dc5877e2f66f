import { RecentEventsCache } from './recent-events.cache';

const doc = (id: string, version = 1) => ({ _id: id, version });

describe('RecentEventsCache', () => {
  it('keeps the newest entries up to its capacity', () => {
    const cache = new RecentEventsCache<ReturnType<typeof doc>>(3);
    cache.remember(['a', 'b', 'c', 'd'].map((id) => doc(id)));
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('d')).toEqual(doc('d'));
  });

  it('counts a remembered entry as new again, so it outlives older ones', () => {
    const cache = new RecentEventsCache<ReturnType<typeof doc>>(2);
    cache.remember([doc('a'), doc('b')]);
    cache.remember([doc('a', 2), doc('c')]);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(doc('a', 2));
    expect(cache.get('c')).toEqual(doc('c'));
  });

  it('holds nothing with capacity 0', () => {
    const cache = new RecentEventsCache<ReturnType<typeof doc>>(0);
    cache.remember([doc('a')]);
    expect(cache.get('a')).toBeUndefined();
  });
});
