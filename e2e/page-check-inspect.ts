/**
 * What the page check looks for in a rendered page; `inspectPage` runs inside the browser
 * (page.evaluate), so it is self-contained: no imports, no helpers from outside its body.
 */

export interface InspectOptions {
  /** Words that are people's user names (agent1, dept_vat): never a code. */
  userNames: string[];
  /** True on administrators' configuration pages, where a column headed 编码 may show codes. */
  allowsCodeColumn: boolean;
}

/** Each finding is one line a person can act on: what is wrong and the text where it is. */
export function inspectPage(options: InspectOptions): string[] {
  const findings: string[] = [];
  const userNames = new Set(options.userNames);
  const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text).replace(/\s+/g, ' ').trim();

  // A page that does not start at the top.
  if (window.scrollY !== 0) findings.push(`page starts ${Math.round(window.scrollY)} px down`);
  const bodyMargin = getComputedStyle(document.body).margin;
  if (bodyMargin !== '0px') findings.push(`body has a margin of ${bodyMargin}`);
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) {
    findings.push(
      `page is ${document.documentElement.scrollWidth - document.documentElement.clientWidth} px wider than the window`,
    );
  }

  const isShown = (element: Element) =>
    element.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
    !element.closest('[aria-hidden="true"], .ant-tooltip, .ant-popover, .ant-select-dropdown, .ant-picker-dropdown');

  // Visible text nodes, each with the element that holds it.
  const texts: Array<{ node: Text; element: Element }> = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text;
    const element = text.parentElement;
    if (!element || !text.data.trim()) continue;
    if (element.closest('script, style, noscript, textarea')) continue;
    if (!isShown(element)) continue;
    texts.push({ node: text, element });
  }

  // Text that looks like a code.
  const codeColumnCells = new Set<Element>();
  if (options.allowsCodeColumn) {
    for (const table of document.querySelectorAll('table')) {
      const headers = [...table.querySelectorAll('thead th')];
      const index = headers.findIndex((th) => th.textContent?.trim() === '编码');
      if (index < 0) continue;
      for (const row of table.querySelectorAll('tbody tr')) {
        const cell = row.children[index];
        if (cell) codeColumnCells.add(cell);
      }
    }
  }
  const codePattern =
    /(?<![\w./:@-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z][a-z0-9]*(?:\.[a-z][a-z0-9_]*)+|undefined|null|NaN|Invalid Date)(?![\w/@-]|\.\w)/g;
  const fileName = /\.(xlsx|xls|csv|docx|doc|pdf|png|jpe?g|gif|txt|zip|json|svg)$/i;
  for (const { node, element } of texts) {
    const cell = element.closest('td');
    if (cell && codeColumnCells.has(cell)) continue;
    if (element.closest('a[href^="http"], code, pre')) continue;
    for (const match of node.data.matchAll(codePattern)) {
      const word = match[1] ?? '';
      if (userNames.has(word) || fileName.test(word) || /^(www\.|https?)/.test(word)) continue;
      findings.push(`code-like text "${word}" in "${clip(node.data)}"`);
    }
  }

  // Tables wider than their container.
  for (const content of document.querySelectorAll('.ant-table-content, .ant-table-body')) {
    if (!isShown(content)) continue;
    if (content.scrollWidth > content.clientWidth + 1) {
      const header = content.closest('.ant-table-wrapper')?.querySelector('thead')?.textContent ?? '';
      findings.push(
        `table is ${content.scrollWidth - content.clientWidth} px wider than its container (columns "${clip(header)}")`,
      );
    }
  }

  // Cells whose numbers or codes wrap, and short cells broken over lines (a name one character per line).
  const lineCount = (range: Range) => new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  for (const { node, element } of texts) {
    const cell = element.closest('td');
    if (!cell) continue;
    for (const match of node.data.matchAll(/[0-9A-Za-z][0-9A-Za-z:./_-]*[0-9][0-9A-Za-z:./_-]*/g)) {
      const range = document.createRange();
      range.setStart(node, match.index ?? 0);
      range.setEnd(node, (match.index ?? 0) + match[0].length);
      if (lineCount(range) > 1) findings.push(`"${match[0]}" wraps in a table cell`);
    }
    const text = node.data.trim();
    if (text.length >= 2 && text.length <= 6) {
      const range = document.createRange();
      range.selectNodeContents(node);
      if (lineCount(range) > 1) findings.push(`"${text}" is broken over lines in a table cell`);
    }
  }

  // Text boxes that overlap: the rectangles of text (HTML and SVG) of different elements.
  interface Box {
    element: Element;
    text: string;
    rect: DOMRect;
  }
  const boxes: Box[] = [];
  // Rotated chart labels are rotated so that their glyphs clear each other; their upright boxes may not.
  const isRotated = (element: Element) => {
    const matrix = element instanceof SVGGraphicsElement ? element.getCTM() : null;
    return matrix !== null && Math.abs(matrix.b) > 0.01;
  };
  for (const { node, element } of texts) {
    if (isRotated(element)) continue;
    if (
      element.closest(
        '.ant-table-cell-fix-left, .ant-table-cell-fix-right, .ant-table-cell-fix-start, .ant-table-cell-fix-end',
      )
    ) {
      continue;
    }
    // Text cut by an ancestor (an ellipsis cell, a scrolled box) counts only where it shows.
    let clip = new DOMRect(-1e6, -1e6, 2e6, 2e6);
    for (let up: Element | null = element, depth = 0; up && depth < 8; up = up.parentElement, depth++) {
      if (getComputedStyle(up).overflowX === 'visible') continue;
      const box = up.getBoundingClientRect();
      const left = Math.max(clip.left, box.left);
      const top = Math.max(clip.top, box.top);
      clip = new DOMRect(left, top, Math.min(clip.right, box.right) - left, Math.min(clip.bottom, box.bottom) - top);
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const whole of range.getClientRects()) {
      const left = Math.max(whole.left, clip.left);
      const top = Math.max(whole.top, clip.top);
      const rect = new DOMRect(
        left,
        top,
        Math.min(whole.right, clip.right) - left,
        Math.min(whole.bottom, clip.bottom) - top,
      );
      if (rect.width > 0 && rect.height > 0) boxes.push({ element, text: node.data, rect });
    }
  }
  const reported = new Set<string>();
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i]!;
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j]!;
      if (a.element === b.element || a.element.contains(b.element) || b.element.contains(a.element)) continue;
      const width = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
      const height = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
      // Touching boxes, and the lines of one label whose glyph boxes reach into each other, are not an overlap.
      const smaller = Math.min(a.rect.width * a.rect.height, b.rect.width * b.rect.height);
      if (width <= 2 || height <= 2 || width * height < 0.2 * smaller) continue;
      const key = `${clip(a.text)}|${clip(b.text)}`;
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push(`text "${clip(a.text)}" overlaps "${clip(b.text)}"`);
    }
  }
  return findings;
}
