import { num } from '../lib/format';
import { h } from './dom';

/** Where a paged list stands: the API's page, page size and total. */
export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
}

export const pageCount = (info: PageInfo): number => Math.max(1, Math.ceil(info.total / info.pageSize));

/**
 * "Trang 2/5" between "‹ Trước" and "Sau ›": real buttons (Tab, Enter, Space), disabled at the ends and
 * while a page loads. `go` asks for a page; the owner calls `show` with what the API answered.
 */
export class Pager {
  readonly element: HTMLElement;
  private readonly previous = h('button', { type: 'button', 'data-page': 'previous' }, '‹ Trước');
  private readonly next = h('button', { type: 'button', 'data-page': 'next' }, 'Sau ›');
  private readonly label = h('span', { 'aria-live': 'polite' });
  private info: PageInfo;
  /** The button that had the keyboard focus when a page was asked for. */
  private focusAfter: HTMLButtonElement | undefined;

  constructor(info: PageInfo, label: string, go: (page: number) => void) {
    this.info = info;
    this.element = h('nav', { class: 'pager', 'aria-label': label }, this.previous, this.label, this.next);
    this.previous.addEventListener('click', () => go(this.info.page - 1));
    this.next.addEventListener('click', () => go(this.info.page + 1));
    this.show(info);
  }

  show(info: PageInfo): void {
    this.info = info;
    this.label.textContent = `Trang ${num(info.page)}/${num(pageCount(info))}`;
    this.previous.disabled = info.page <= 1;
    this.next.disabled = info.page >= pageCount(info);
    // Keyboard users keep their place; a button that is now disabled hands the focus to the other one.
    const focused = this.focusAfter;
    this.focusAfter = undefined;
    const target = focused?.disabled ? (focused === this.next ? this.previous : this.next) : focused;
    if (target && !target.disabled) target.focus();
  }

  /** Both buttons off while a page is on its way (a second click would race the first). */
  busy(): void {
    this.focusAfter = [this.previous, this.next].find((b) => b === document.activeElement) ?? this.focusAfter;
    this.previous.disabled = true;
    this.next.disabled = true;
  }
}
