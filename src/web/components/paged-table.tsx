import { Table, type TableProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useApiFeedback } from './use-api-feedback';

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

export interface PagedList<T, F> {
  /** The filters the list is showing (for an export link with the same filters). */
  filters: F;
  /** Shows the first page for new filters (the filter form's onFinish). */
  search: (filters: F) => void;
  /** Fetches the current page again (after a change made from the list). */
  reload: () => void;
  /** What PagedTable shows. */
  page: PageOf<T>;
  isLoading: boolean;
  paging: { page: number; pageSize: number };
  setPaging: (paging: { page: number; pageSize: number }) => void;
}

/**
 * The state behind a filter form and a paged table: the filters, the page the person is on, and the
 * rows the server returned for both. `load` must be stable (module-level or memoised).
 */
export function usePagedList<T, F>(
  load: (query: F & PageSlice) => Promise<PageOf<T>>,
  initialFilters: F,
): PagedList<T, F> {
  const { showError } = useApiFeedback();
  const [filters, setFilters] = useState<F>(initialFilters);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [page, setPage] = useState<PageOf<T>>({ total: 0, items: [] });
  const [isLoading, setIsLoading] = useState(true);
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger.
  useEffect(() => {
    let isCurrent = true;
    const run = async () => {
      setIsLoading(true);
      try {
        const result = await load({ ...filters, limit: paging.pageSize, offset: (paging.page - 1) * paging.pageSize });
        if (isCurrent) setPage(result);
      } catch (error) {
        if (isCurrent) showError(error);
      } finally {
        if (isCurrent) setIsLoading(false);
      }
    };
    void run();
    return () => {
      isCurrent = false;
    };
  }, [load, filters, paging, version, showError]);

  const search = useCallback((next: F) => {
    setFilters(next);
    setPaging((p) => ({ ...p, page: 1 }));
  }, []);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return { filters, search, reload, page, isLoading, paging, setPaging };
}

interface PagedTableProps<T, F> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'onChange'> {
  list: PagedList<T, F>;
  /** The counting word in 共 N 条 (件 for cases). */
  unit?: string;
  /** False: no 共 N 条 beside the pages. */
  showTotal?: boolean;
  /** False: the page size stays 20. */
  showSizeChanger?: boolean;
}

/** The table of a usePagedList: the server's page, its total, and a page-size changer. */
export function PagedTable<T extends object, F>({
  list,
  unit = '条',
  showTotal = true,
  showSizeChanger = true,
  ...tableProps
}: PagedTableProps<T, F>) {
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
