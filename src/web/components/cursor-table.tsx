import { Button, Space, Table, type TableProps } from 'antd';
import { useCallback, useState } from 'react';
import { useLoaded } from './use-loaded';

/** One page of a list the server pages by cursor (fast at millions of rows, no total). */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorList<T, F> {
  /** The filters the list is showing (for an export link with the same filters). */
  filters: F;
  /** Shows the first page for new filters (the filter form's onFinish). */
  search: (filters: F) => void;
  /** Fetches the current page again (after a change made from the list). */
  reload: () => void;
  page: CursorPage<T>;
  isLoading: boolean;
  /** The cursors of the pages walked so far; the last one is the page shown (null: the first). */
  cursors: Array<string | null>;
  setCursors: (cursors: Array<string | null>) => void;
}

const noPage: CursorPage<never> = { items: [], nextCursor: null };

/**
 * The state behind a filter form and a table paged by cursor: the filters, the cursors of the pages
 * walked so far (上一页 goes back one), and the rows of the current page. `load` must be stable.
 */
export function useCursorList<T, F>(
  load: (filters: F, cursor: string | null) => Promise<CursorPage<T>>,
  initialFilters: F,
): CursorList<T, F> {
  const [filters, setFilters] = useState<F>(initialFilters);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const loadPage = useCallback(() => load(filters, cursors.at(-1) ?? null), [load, filters, cursors]);
  const { data: page, isLoading, reload } = useLoaded<CursorPage<T>>(loadPage, noPage);

  const search = useCallback((next: F) => {
    setFilters(next);
    setCursors([null]);
  }, []);

  return { filters, search, reload, page, isLoading, cursors, setCursors };
}

interface CursorTableProps<T, F> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> {
  list: CursorList<T, F>;
}

/** The table of a useCursorList with 上一页 / 第 N 页 / 下一页 below it. */
export function CursorTable<T extends object, F>({ list, ...tableProps }: CursorTableProps<T, F>) {
  const { page, isLoading, cursors, setCursors } = list;
  const { nextCursor } = page;
  return (
    <>
      <Table<T> {...tableProps} dataSource={page.items} loading={isLoading} pagination={false} />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          上一页
        </Button>
        <span>第 {cursors.length} 页</span>
        <Button disabled={!nextCursor} onClick={() => setCursors([...cursors, nextCursor])}>
          下一页
        </Button>
      </Space>
    </>
  );
}
