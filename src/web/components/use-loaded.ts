import { useCallback, useEffect, useState } from 'react';
import { useApiFeedback } from './use-api-feedback';

export interface Loaded<T> {
  data: T;
  isLoading: boolean;
  reload: () => void;
}

/** Loads data on mount and again on `reload()`; `load` and `initial` must be stable (module-level). */
export function useLoaded<T>(load: () => Promise<T>, initial: T): Loaded<T> {
  const { showError } = useApiFeedback();
  const [data, setData] = useState<T>(initial);
  const [isLoading, setIsLoading] = useState(true);
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger.
  useEffect(() => {
    let isCurrent = true;
    const run = async () => {
      setIsLoading(true);
      try {
        const result = await load();
        if (isCurrent) setData(result);
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
  }, [load, showError, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, isLoading, reload };
}
