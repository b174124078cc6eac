import type { MetricSource } from '../../platform/metrics';
import type { KbSearch } from './kb-search';

/** The size of this instance's search index and how far it is behind kb_index_log, for /metrics. */
export function kbIndexMetrics(search: KbSearch): MetricSource[] {
  return [
    {
      name: 'taxline_kb_index_documents',
      help: "Published knowledge-base documents in this instance's search index",
      read: async () => [{ value: search.size }],
    },
    {
      name: 'taxline_kb_index_lag_entries',
      help: 'kb_index_log entries this instance has not applied to its index yet',
      read: async () => [{ value: await search.lagBehindLog() }],
    },
  ];
}
