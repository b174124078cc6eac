import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  TableNode,
  type UnknownRow,
  UpdateQueryNode,
} from 'kysely';

/**
 * An UPDATE with nothing to set: a PATCH whose body names no field, or only fields that change no
 * column. Kysely would send `update t set where …`, a syntax error on both databases; the HTTP
 * layer answers this error with a 400 (NO_CHANGES), and the transaction around it rolls back.
 */
export class EmptyUpdateError extends Error {
  constructor(readonly table: string) {
    super(`update of ${table} sets no column`);
    this.name = 'EmptyUpdateError';
  }
}

/** Refuses every UPDATE without a SET list, for every repository at once. */
export class RefuseEmptyUpdates implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (UpdateQueryNode.is(node) && (node.updates?.length ?? 0) === 0) {
      const table = node.table && TableNode.is(node.table) ? node.table.table.identifier.name : 'a table';
      throw new EmptyUpdateError(table);
    }
    return node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
