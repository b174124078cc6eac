import { type Dispatch, type SetStateAction, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api';
import { useApiFeedback } from './use-api-feedback';

export interface Loaded<T> {
  data: T;
  /** Replaces the data with what an action on the page answered (the server's state after it). */
  setData: Dispatch<SetStateAction<T>>;
  isLoading: boolean;
  /** The last load's failure when `isExpected` took it (the page shows it itself), else null. */
  failure: ApiError | null;
  reload: () => void;
}

export interface LoadedOptions {
  /** A failure the page shows itself instead of a toast (a 404 as a result page); must be stable. */
  isExpected?: (error: ApiError) => boolean;
}

/** Loads data on mount and again on `reload()`; `load` and `initial` must be stable (module-level or memoised). */
export function useLoaded<T>(load: () => Promise<T>, initial: T, { isExpected }: LoadedOptions = {}): Loaded<T> {
  const { showError } = useApiFeedback();
  const [data, setData] = useState<T>(initial);
  const [isLoading, setIsLoading] = useState(true);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger.
  useEffect(() => {
    let isCurrent = true;
    const run = async () => {
      setIsLoading(true);
      try {
        const result = await load();
        if (!isCurrent) return;
        setData(result);
        setFailure(null);
      } catch (error) {
        if (!isCurrent) return;
        if (error instanceof ApiError && isExpected?.(error)) setFailure(error);
        else showError(error);
      } finally {
        if (isCurrent) setIsLoading(false);
      }
    };
    void run();
    return () => {
      isCurrent = false;
    };
  }, [load, isExpected, showError, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, setData, isLoading, failure, reload };
}
