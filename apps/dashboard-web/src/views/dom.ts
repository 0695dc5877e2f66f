type Child = Node | string | null | undefined | false;

/** A small element builder: h('td', { class: 'num', 'data-cell': 'x' }, '20.845'). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** A table with one header row, in a box that scrolls sideways on a narrow screen. */
export function scrollTable(headers: readonly string[], body: HTMLTableSectionElement): HTMLDivElement {
  return h(
    'div',
    { class: 'scroll' },
    h('table', {}, h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', {}, header)))), body),
  );
}

/** The text of every `[data-cell]` under a root: compared before and after a live refresh. */
export function cellTexts(root: ParentNode): Map<string, string> {
  const texts = new Map<string, string>();
  root
    .querySelectorAll<HTMLElement>('[data-cell]')
    .forEach((el) => texts.set(el.dataset['cell'] ?? '', el.textContent ?? ''));
  return texts;
}

/** Marks the cells whose text changed since `before` (a short highlight); returns how many. */
export function markChanged(root: ParentNode, before: Map<string, string>): number {
  let changed = 0;
  root.querySelectorAll<HTMLElement>('[data-cell]').forEach((el) => {
    const previous = before.get(el.dataset['cell'] ?? '');
    if (previous !== undefined && previous !== el.textContent) {
      el.classList.add('changed');
      changed++;
    }
  });
  return changed;
}
