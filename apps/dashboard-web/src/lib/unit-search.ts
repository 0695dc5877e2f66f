/** Lower case without diacritics, đ as d: "Xã Chí Minh" → "xa chi minh". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface SearchableUnit {
  readonly code: string;
  readonly name: string;
}

/** Units whose name (or code) contains every word of the query, diacritics ignored; names starting with it first. */
export function searchUnits<T extends SearchableUnit>(units: readonly T[], query: string, limit = 12): T[] {
  const words = foldVietnamese(query).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const hits = units
    .map((unit) => ({ unit, folded: foldVietnamese(unit.name) }))
    .filter(({ unit, folded }) => words.every((w) => folded.includes(w) || unit.code.startsWith(w)));
  const phrase = words.join(' ');
  hits.sort(
    (a, b) =>
      Number(!a.folded.includes(phrase)) - Number(!b.folded.includes(phrase)) || a.folded.localeCompare(b.folded),
  );
  return hits.slice(0, limit).map((h) => h.unit);
}
