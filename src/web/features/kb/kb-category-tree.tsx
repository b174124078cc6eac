import { Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Category } from './kb.api';

export interface CategoryIndex {
  byId: Map<number, Category>;
  children: Map<number | null, Category[]>;
}

export function indexCategories(categories: readonly Category[]): CategoryIndex {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const children = new Map<number | null, Category[]>();
  for (const c of categories) {
    const list = children.get(c.parentId) ?? [];
    list.push(c);
    children.set(c.parentId, list);
  }
  return { byId, children };
}

/** The ids from the root down to a category. */
export function ancestorsOf(index: CategoryIndex, id: number): number[] {
  const path: number[] = [];
  let current = index.byId.get(id);
  while (current) {
    path.unshift(current.id);
    current = current.parentId === null ? undefined : index.byId.get(current.parentId);
  }
  return path;
}

/**
 * The category tree (目录树) with article counts. With a search under way, `hitCounts` (the
 * search's category facets, rolled up) replaces the counts, nodes without hits fade, and the tree
 * expands to and scrolls to the node holding most hits.
 */
export function KbCategoryTree({
  categories,
  selectedId,
  hitCounts,
  onSelect,
}: {
  categories: readonly Category[];
  selectedId: number | null;
  hitCounts: Map<number, number> | null;
  onSelect: (id: number | null) => void;
}) {
  const index = useMemo(() => indexCategories(categories), [categories]);
  const [expanded, setExpanded] = useState<number[]>([]);
  const container = useRef<HTMLDivElement | null>(null);

  // Position the tree on the search: open the way to the node with the most hits.
  const focus = useMemo(() => {
    if (!hitCounts || hitCounts.size === 0) return null;
    let best: Category | null = null;
    let bestDepth = -1;
    for (const c of categories) {
      const n = hitCounts.get(c.id) ?? 0;
      if (n === 0) continue;
      const depth = ancestorsOf(index, c.id).length;
      const bestCount = best ? (hitCounts.get(best.id) ?? 0) : 0;
      // Most hits first; between equal counts the deeper node says more.
      if (!best || n > bestCount || (n === bestCount && depth > bestDepth)) {
        best = c;
        bestDepth = depth;
      }
    }
    return best?.id ?? null;
  }, [categories, hitCounts, index]);

  useEffect(() => {
    if (focus === null) return;
    const path = ancestorsOf(index, focus);
    setExpanded((current) => [...new Set([...current, ...path.slice(0, -1)])]);
    setTimeout(() => {
      container.current?.querySelector(`[data-category-id="${focus}"]`)?.scrollIntoView({ block: 'nearest' });
    }, 50);
  }, [focus, index]);

  useEffect(() => {
    if (selectedId === null) return;
    const path = ancestorsOf(index, selectedId);
    setExpanded((current) => [...new Set([...current, ...path.slice(0, -1)])]);
  }, [selectedId, index]);

  const build = (parentId: number | null): DataNode[] =>
    (index.children.get(parentId) ?? []).map((c) => {
      const count = hitCounts ? (hitCounts.get(c.id) ?? 0) : c.count;
      return {
        key: c.id,
        title: (
          <span data-category-id={c.id} style={hitCounts && count === 0 ? { opacity: 0.45 } : undefined}>
            {c.id === focus ? <Typography.Text strong>{c.name}</Typography.Text> : c.name}{' '}
            <Typography.Text type="secondary">({count})</Typography.Text>
          </span>
        ),
        children: build(c.id),
      };
    });

  return (
    <div ref={container} style={{ maxHeight: 560, overflow: 'auto' }}>
      <Tree<DataNode>
        aria-label="目录树"
        blockNode
        treeData={build(null)}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys.map(Number))}
        selectedKeys={selectedId === null ? [] : [selectedId]}
        onSelect={(keys) => onSelect(keys.length > 0 ? Number(keys[0]) : null)}
      />
    </div>
  );
}

/** Rolls the per-category facet counts up to every ancestor. */
export function rollUpCounts(index: CategoryIndex, facet: Record<string, number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const [key, n] of Object.entries(facet)) {
    for (const id of ancestorsOf(index, Number(key))) counts.set(id, (counts.get(id) ?? 0) + n);
  }
  return counts;
}
