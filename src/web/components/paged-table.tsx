import { Table, type TableProps } from 'antd';
import { useCallback, useState } from 'react';
import { useLoaded } from './use-loaded';

/** One page of a list as the server answers it. */
export interface PageOf<T> {
  total: number;
  items: T[];
}

/** The slice of a list a page asks the server for. */
export interface PageSlice {
  limit: number;
  offset: number;
}

export interface PagedList<T, F, P extends PageOf<T> = PageOf<T>> {
  /** The filters the list is showing (for an export link with the same filters). */
  filters: F;
  /** Shows the first page for new filters (the filter form's onFinish). */
  search: (filters: F) => void;
  /** Fetches the current page again (after a change made from the list). */
  reload: () => void;
  /** What PagedTable shows (and whatever else the server answered with the page). */
  page: P;
  isLoading: boolean;
  paging: { page: number; pageSize: number };
  setPaging: (paging: { page: number; pageSize: number }) => void;
}

const noPage: PageOf<never> = { total: 0, items: [] };

/**
 * The state behind a filter form and a paged table: the filters, the page the person is on, and the
 * rows the server returned for both. `load` must be stable (module-level or memoised). A page that
 * carries more than its rows (a summary of the whole list) gives the `emptyPage` shown before the first answer.
 */
export function usePagedList<T, F>(
  load: (query: F & PageSlice) => Promise<PageOf<T>>,
  initialFilters: F,
): PagedList<T, F>;
export function usePagedList<T, F, P extends PageOf<T>>(
  load: (query: F & PageSlice) => Promise<P>,
  initialFilters: F,
  emptyPage: P,
): PagedList<T, F, P>;
export function usePagedList<T, F, P extends PageOf<T>>(
  load: (query: F & PageSlice) => Promise<P | PageOf<T>>,
  initialFilters: F,
  emptyPage: P | PageOf<T> = noPage,
): PagedList<T, F, P | PageOf<T>> {
  const [filters, setFilters] = useState<F>(initialFilters);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const loadPage = useCallback(
    () => load({ ...filters, limit: paging.pageSize, offset: (paging.page - 1) * paging.pageSize }),
    [load, filters, paging],
  );
  const { data: page, isLoading, reload } = useLoaded(loadPage, emptyPage);

  const search = useCallback((next: F) => {
    setFilters(next);
    setPaging((p) => ({ ...p, page: 1 }));
  }, []);

  return { filters, search, reload, page, isLoading, paging, setPaging };
}

interface PagedTableProps<T, F, P extends PageOf<T>>
  extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'onChange'> {
  list: PagedList<T, F, P>;
  /** The counting word in 共 N 条 (件 for cases). */
  unit?: string;
  /** False: no 共 N 条 beside the pages. */
  showTotal?: boolean;
  /** False: the page size stays 20. */
  showSizeChanger?: boolean;
}

/** The table of a usePagedList: the server's page, its total, and a page-size changer. */
export function PagedTable<T extends object, F, P extends PageOf<T> = PageOf<T>>({
  list,
  unit = '条',
  showTotal = true,
  showSizeChanger = true,
  ...tableProps
}: PagedTableProps<T, F, P>) {
  const { page, isLoading, paging, setPaging } = list;
  return (
    <Table<T>
      {...tableProps}
      dataSource={page.items}
      loading={isLoading}
      pagination={{
        current: paging.page,
        pageSize: paging.pageSize,
        total: page.total,
        showSizeChanger,
        ...(showTotal ? { showTotal: (total: number) => `共 ${total} ${unit}` } : {}),
      }}
      onChange={(pagination) =>
        setPaging({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? paging.pageSize })
      }
    />
  );
}
