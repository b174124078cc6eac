import type { AppDeps } from '../../platform/deps';
import type { KbSearch } from './kb-search';

/** What every route plugin of the knowledge base receives: the app's dependencies and its one search index. */
export interface KbRouteOptions {
  deps: AppDeps;
  search: KbSearch;
}
