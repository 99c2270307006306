/**
 * Layout checks for translated pages (docs/i18n.md): long German words,
 * Japanese without spaces and right-to-left Arabic must neither be cut off
 * nor push the page sideways.
 */

interface Evaluator {
  evaluate<R>(fn: () => R): Promise<R>;
}

/**
 * Every piece of visible text that does not fit its box, and a page that
 * scrolls sideways, described for a failure message (empty when all fits):
 *
 * - an element with its own text whose content is wider than its box
 *   (`scrollWidth > clientWidth`: it is cut off, or spills over its neighbours);
 * - one that hides vertical overflow and has more content than height;
 * - a `<select>` whose chosen option's text is wider than the list box shows;
 * - the document wider than the window (a horizontal scrollbar).
 *
 * Skipped: what is not shown (no boxes, `display: none`, visually hidden for
 * screen readers), scroll containers (`overflow: auto/scroll`), whose
 * content scrolls on purpose, and text cut short with an ellipsis whose
 * `title` holds all of it (a long user name).
 */
export async function overflowingText(page: Evaluator): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    const name = (el: Element) => {
      const cls =
        typeof el.className === 'string' && el.className
          ? `.${el.className.trim().split(/\s+/).join('.')}`
          : '';
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
      return `<${el.tagName.toLowerCase()}${cls}> "${text}"`;
    };
    if (root.scrollWidth > root.clientWidth) {
      // Name the outermost elements that stick out, so the failure says where to look.
      const out = [...document.querySelectorAll('body *')].filter((el) => {
        const r = el.getBoundingClientRect();
        const parent = el.parentElement?.getBoundingClientRect();
        const sticksOut = (b: DOMRect) => b.right > root.clientWidth + 0.5 || b.left < -0.5;
        return r.width > 0 && sticksOut(r) && !(parent && sticksOut(parent));
      });
      problems.push(
        `the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth} px, because of ${out
          .slice(0, 3)
          .map(name)
          .join(', ')}`,
      );
    }
    const measure = document.createElement('span');
    measure.style.cssText =
      'position:absolute;visibility:hidden;white-space:pre;inset-block-start:0';
    document.body.append(measure);
    try {
      for (const el of document.querySelectorAll<HTMLElement>('body *')) {
        if (el === measure || el.getClientRects().length === 0) continue;
        const style = getComputedStyle(el);
        if (
          style.visibility === 'hidden' ||
          style.display === 'inline' ||
          style.display === 'contents'
        )
          continue;
        // Visually hidden text for screen readers is 1 px wide and clipped on purpose.
        if (el.clientWidth <= 1 || el.closest('.visually-hidden')) continue;
        if (el instanceof HTMLSelectElement) {
          const chosen = el.selectedOptions[0]?.textContent ?? '';
          measure.style.font = style.font;
          measure.textContent = chosen;
          // The arrow and the padding take room too.
          const room =
            el.clientWidth -
            parseFloat(style.paddingInlineStart) -
            parseFloat(style.paddingInlineEnd) -
            16;
          if (measure.getBoundingClientRect().width > room + 1)
            problems.push(
              `${name(el)}: "${chosen}" is cut off (${Math.ceil(measure.getBoundingClientRect().width)} px > ${room} px)`,
            );
          continue;
        }
        const ownText = [...el.childNodes].some(
          (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '',
        );
        if (!ownText) continue;
        // Cut short on purpose, with an ellipsis and the whole text on hover (long user names).
        if (style.textOverflow === 'ellipsis' && el.title === el.textContent) continue;
        const scrolls = (v: string) => v === 'auto' || v === 'scroll';
        if (!scrolls(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
          problems.push(`${name(el)}: ${el.scrollWidth} px of text in ${el.clientWidth} px`);
        }
        if (
          (style.overflowY === 'hidden' || style.overflowY === 'clip') &&
          el.scrollHeight > el.clientHeight + 1
        ) {
          problems.push(`${name(el)}: ${el.scrollHeight} px high in ${el.clientHeight} px`);
        }
      }
    } finally {
      measure.remove();
    }
    return problems;
  });
}
