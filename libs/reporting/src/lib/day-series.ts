import { civilOfDayNumber, daysFromCivil } from '@dossier-ledger/calendar';

/**
 * Blocks are calendar months (index = year × 12 + month − 1): a window on month boundaries (month,
 * quarter, half, year) reads only block totals. Slots: up to 31 day rows, then the block total.
 */
const SLOTS = 32;
const TOTAL_SLOT = 31;

// Day number → month index for 1970–2099 (the table costs 190 kB, built on first use); outside, computed.
const TABLE_FIRST_YEAR = 1970;
const TABLE_LAST_YEAR = 2099;
let monthTable: Int32Array | undefined;

function buildMonthTable(): Int32Array {
  const first = daysFromCivil(TABLE_FIRST_YEAR, 1, 1);
  const table = new Int32Array(daysFromCivil(TABLE_LAST_YEAR + 1, 1, 1) - first);
  for (let year = TABLE_FIRST_YEAR; year <= TABLE_LAST_YEAR; year++) {
    for (let month = 1; month <= 12; month++) {
      const start = daysFromCivil(year, month, 1) - first;
      const end = (month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1)) - first;
      table.fill(year * 12 + month - 1, start, end);
    }
  }
  return table;
}

function monthIndexOf(day: number): number {
  monthTable ??= buildMonthTable();
  const at = day - daysFromCivil(TABLE_FIRST_YEAR, 1, 1);
  if (at >= 0 && at < monthTable.length) return monthTable[at];
  const { year, month } = civilOfDayNumber(day);
  return year * 12 + month - 1;
}

function monthStart(monthIndex: number): number {
  return daysFromCivil(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
}

/** Arena addresses: page index × 2^16 + offset in the page. */
const PAGE_BITS = 16;
const PAGE_MASK = (1 << PAGE_BITS) - 1;
const FIRST_PAGE = 1 << 10;
const LAST_PAGE = 1 << PAGE_BITS;

/** Sums of one series over a window [from, to], plus selected counters summed over all days ≤ to and ≤ from − 1. */
export interface WindowSums {
  /** Every counter summed over [from, to]. */
  readonly flow: number[];
  /** Prefix counters summed over all days ≤ to. */
  readonly atEnd: number[];
  /** Prefix counters summed over all days ≤ from − 1. */
  readonly beforeStart: number[];
}

// Plain arrays: a read allocates many small accumulators, and small typed arrays are costly to allocate.
const zeros = (width: number): number[] => new Array<number>(width).fill(0);

export function emptyWindowSums(width: number): WindowSums {
  return { flow: zeros(width), atEnd: zeros(width), beforeStart: zeros(width) };
}

type Page = Float64Array | Int32Array;

/** Growable list of pages of one typed-array kind, handing out fixed-size pieces by address. */
class Pages<T extends Page> {
  readonly pages: T[] = [];
  private used = LAST_PAGE;
  /** Given-back pieces by size, reused before the pages grow. */
  private readonly freed = new Map<number, number[]>();

  constructor(private readonly make: (length: number) => T) {}

  /** A zeroed piece of `size` elements; returns its address. */
  take(size: number): number {
    const reusable = this.freed.get(size)?.pop();
    if (reusable !== undefined) {
      this.pages[reusable >>> PAGE_BITS].fill(0, reusable & PAGE_MASK, (reusable & PAGE_MASK) + size);
      return reusable;
    }
    let page = this.pages[this.pages.length - 1];
    if (page === undefined || this.used + size > page.length) {
      page = this.make(page === undefined ? FIRST_PAGE : Math.min(LAST_PAGE, page.length * 2));
      this.pages.push(page);
      this.used = 0;
    }
    const address = ((this.pages.length - 1) << PAGE_BITS) + this.used;
    this.used += size;
    return address;
  }

  /** Gives a piece back for reuse. */
  free(address: number, size: number): void {
    let list = this.freed.get(size);
    if (list === undefined) this.freed.set(size, (list = []));
    list.push(address);
  }

  get bytes(): number {
    return this.pages.reduce((sum, page) => sum + page.byteLength, 0);
  }

  /** Bytes of the pieces given back and not reused yet. */
  get freeBytes(): number {
    const bytesPer = this.pages[0]?.BYTES_PER_ELEMENT ?? 0;
    let elements = 0;
    for (const [size, list] of this.freed) elements += size * list.length;
    return elements * bytesPer;
  }
}

/**
 * Paged storage shared by the series of a store: rows and block slot tables are carved out of a few
 * large typed arrays instead of one small typed array each (small typed arrays are slow to allocate and
 * weigh on the GC). Nothing is ever freed: counters only grow in number.
 */
export class SeriesArena {
  /** Month totals, and day rows of series that hold non-integer-safe sums. */
  readonly floats = new Pages((n) => new Float64Array(n));
  /** Day rows of count series (4 bytes a counter). */
  readonly ints = new Pages((n) => new Int32Array(n));
  /** Block slot tables: row address + 1 per day slot, 0 = none, and the total's address + 1. */
  readonly slots = new Pages((n) => new Int32Array(n));

  /** Bytes held by the pages (allocated, including the unused tail of the last pages and freed pieces). */
  get bytes(): number {
    return this.floats.bytes + this.ints.bytes + this.slots.bytes;
  }

  /** Bytes of freed pieces waiting for reuse. */
  get freeBytes(): number {
    return this.floats.freeBytes + this.ints.freeBytes + this.slots.freeBytes;
  }
}

const INT32_MAX = 2 ** 31 - 1;

/** Adds the arena row at `address` into `target`: all `width` counters, or only those in `only`. */
function addRowInto(
  pages: readonly Page[],
  width: number,
  target: number[],
  address: number,
  only?: readonly number[],
): void {
  const page = pages[address >>> PAGE_BITS];
  const offset = address & PAGE_MASK;
  if (only === undefined) for (let k = 0; k < width; k++) target[k] += page[offset + k];
  else for (let k = 0; k < only.length; k++) if (only[k] < width) target[only[k]] += page[offset + only[k]];
}

/**
 * A sparse series of counter rows by day number, in calendar-month blocks with block totals. A write
 * touches one row and one block total; a window read adds the totals of the months inside the window and
 * only the day rows of its (at most two) partial edge months. Rows live in a SeriesArena (shared by a
 * store's series).
 */
export class DaySeries {
  /** Month index → position in the block arrays. */
  private readonly blocks = new Map<number, number>();
  private readonly blockStarts: number[] = [];
  private readonly blockEnds: number[] = [];
  private readonly blockAddresses: number[] = [];
  private lastStart = 1;
  private lastEnd = 0;
  private lastAddress = 0;

  /** Pages of the day rows: Int32 for count series, Float64 otherwise. Totals are always Float64. */
  private readonly rowPages: Page[];

  /**
   * @param integerRows day rows hold small integers (counts, day sums): 4 bytes a counter instead of 8;
   *   an addition that would leave the Int32 range throws. Month totals are Float64 either way.
   */
  constructor(
    readonly width: number,
    private readonly arena: SeriesArena = new SeriesArena(),
    readonly integerRows = false,
  ) {
    this.rowPages = integerRows ? arena.ints.pages : arena.floats.pages;
  }

  get isEmpty(): boolean {
    return this.blocks.size === 0;
  }

  /** Month indexes (year × 12 + month − 1) that hold rows. */
  months(): IterableIterator<number> {
    return this.blocks.keys();
  }

  /** Forgets the rows of one month (index year × 12 + month − 1), giving their pieces back to the arena. */
  dropMonth(monthIndex: number): void {
    const position = this.blocks.get(monthIndex);
    if (position === undefined) return;
    const { arena } = this;
    const address = this.blockAddresses[position];
    const slots = arena.slots.pages[address >>> PAGE_BITS];
    const base = address & PAGE_MASK;
    const rows = this.integerRows ? arena.ints : arena.floats;
    for (let d = 0; d < TOTAL_SLOT; d++) if (slots[base + d] !== 0) rows.free(slots[base + d] - 1, this.width);
    arena.floats.free(slots[base + TOTAL_SLOT] - 1, this.width);
    arena.slots.free(address, SLOTS);
    const last = this.blockAddresses.length - 1;
    // Swap-remove: the last block takes the dropped one's position.
    this.blockStarts[position] = this.blockStarts[last];
    this.blockEnds[position] = this.blockEnds[last];
    this.blockAddresses[position] = this.blockAddresses[last];
    this.blockStarts.length = this.blockEnds.length = this.blockAddresses.length = last;
    this.blocks.delete(monthIndex);
    if (position < last) this.blocks.set(monthIndexOf(this.blockStarts[position]), position);
    this.lastStart = 1;
    this.lastEnd = 0;
  }

  /** Slot-table address of the month of `day`, created on first use; sets lastStart/lastEnd/lastAddress. */
  private locate(day: number): void {
    const monthIndex = monthIndexOf(day);
    let position = this.blocks.get(monthIndex);
    if (position === undefined) {
      const address = this.arena.slots.take(SLOTS);
      const total = this.arena.floats.take(this.width);
      this.arena.slots.pages[address >>> PAGE_BITS][(address & PAGE_MASK) + TOTAL_SLOT] = total + 1;
      position = this.blockAddresses.length;
      this.blocks.set(monthIndex, position);
      this.blockStarts.push(monthStart(monthIndex));
      this.blockEnds.push(monthStart(monthIndex + 1) - 1);
      this.blockAddresses.push(address);
    }
    this.lastStart = this.blockStarts[position];
    this.lastEnd = this.blockEnds[position];
    this.lastAddress = this.blockAddresses[position];
  }

  add(day: number, index: number, value: number): void {
    if (day < this.lastStart || day > this.lastEnd) this.locate(day);
    const arena = this.arena;
    const address = this.lastAddress;
    const slots = arena.slots.pages[address >>> PAGE_BITS];
    const base = address & PAGE_MASK;
    const slot = base + (day - this.lastStart);
    if (slots[slot] === 0) slots[slot] = (this.integerRows ? arena.ints : arena.floats).take(this.width) + 1;
    const row = slots[slot] - 1;
    const total = slots[base + TOTAL_SLOT] - 1;
    const page = this.rowPages[row >>> PAGE_BITS];
    const at = (row & PAGE_MASK) + index;
    if (this.integerRows && Math.abs(page[at] + value) > INT32_MAX) {
      throw new RangeError(`counter ${index} on day ${day} leaves the Int32 range`);
    }
    page[at] += value;
    arena.floats.pages[total >>> PAGE_BITS][(total & PAGE_MASK) + index] += value;
  }

  /** Adds a whole row (merge, deserialisation). */
  addRow(day: number, values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) this.add(day, i, values[i]);
  }

  /**
   * Adds this series' sums for [from, to] into `out`: every counter over the window into `flow`, and the
   * `prefix` counters over all days ≤ to into `atEnd` and over all days < from into `beforeStart`.
   */
  sumInto(from: number, to: number, prefix: readonly number[], out: WindowSums): void {
    const slotPages = this.arena.slots.pages;
    const { rowPages, width } = this;
    const totalPages = this.arena.floats.pages;
    const { flow, atEnd, beforeStart } = out;
    const addRow = (target: number[], address: number, only?: readonly number[]): void =>
      addRowInto(rowPages, width, target, address, only);
    const addTotal = (target: number[], address: number, only?: readonly number[]): void =>
      addRowInto(totalPages, width, target, address, only);
    for (let i = 0; i < this.blockAddresses.length; i++) {
      const start = this.blockStarts[i];
      if (start > to) continue; // only future days (e.g. planned overdue switches)
      const end = this.blockEnds[i];
      const address = this.blockAddresses[i];
      const slots = slotPages[address >>> PAGE_BITS];
      const base = address & PAGE_MASK;
      const total = slots[base + TOTAL_SLOT] - 1;
      if (start >= from && end <= to) {
        addTotal(flow, total);
      } else if (end >= from) {
        for (let d = Math.max(start, from); d <= Math.min(end, to); d++) {
          const row = slots[base + d - start];
          if (row !== 0) addRow(flow, row - 1);
        }
      }
      if (prefix.length === 0) continue;
      // Prefix sums: whole months before the edge, day rows inside it.
      if (end <= to) addTotal(atEnd, total, prefix);
      else
        for (let d = start; d <= to; d++)
          if (slots[base + d - start] !== 0) addRow(atEnd, slots[base + d - start] - 1, prefix);
      if (end < from) addTotal(beforeStart, total, prefix);
      else
        for (let d = start; d < from; d++)
          if (slots[base + d - start] !== 0) addRow(beforeStart, slots[base + d - start] - 1, prefix);
    }
  }

  /**
   * Calls `visit` for each non-zero row in day order with the arena page and the row's offset in it
   * (valid only during the call): serialisation without a copy per row.
   */
  forEachRow(visit: (day: number, page: Page, offset: number) => void): void {
    const order = this.blockStarts.map((_, i) => i).sort((a, b) => this.blockStarts[a] - this.blockStarts[b]);
    for (const i of order) {
      const address = this.blockAddresses[i];
      const slots = this.arena.slots.pages[address >>> PAGE_BITS];
      const base = address & PAGE_MASK;
      for (let d = 0; d <= this.blockEnds[i] - this.blockStarts[i]; d++) {
        const row = slots[base + d] - 1;
        if (row < 0) continue;
        const page = this.rowPages[row >>> PAGE_BITS];
        const offset = row & PAGE_MASK;
        let nonZero = false;
        for (let k = 0; k < this.width && !nonZero; k++) nonZero = page[offset + k] !== 0;
        if (nonZero) visit(this.blockStarts[i] + d, page, offset);
      }
    }
  }

  /** Non-zero rows in day order, each a fresh array (for callers that keep rows). */
  *rows(): IterableIterator<[day: number, row: number[]]> {
    const rows: [number, number[]][] = [];
    this.forEachRow((day, page, offset) => {
      const row = new Array<number>(this.width);
      for (let k = 0; k < this.width; k++) row[k] = page[offset + k];
      rows.push([day, row]);
    });
    yield* rows;
  }

  /** Adds every row of `other` (same width). */
  merge(other: DaySeries): void {
    other.forEachRow((day, page, offset) => {
      for (let k = 0; k < this.width; k++) if (page[offset + k] !== 0) this.add(day, k, page[offset + k]);
    });
  }
}
