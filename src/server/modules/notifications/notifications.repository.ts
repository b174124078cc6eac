import type { DbOrTx } from '../../db/connection';

export async function insertNotification(
  db: DbOrTx,
  row: {
    userId: number;
    kind: string;
    title: string;
    body: string | null;
    link: string | null;
    outboxId: number;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto('notifications')
    .values({
      user_id: row.userId,
      kind: row.kind,
      title: row.title,
      body: row.body,
      link: row.link,
      outbox_id: row.outboxId,
      created_at: row.now.toISOString(),
      read_at: null,
    })
    .onConflict((oc) => oc.column('outbox_id').doNothing())
    .execute();
}

export async function findNotificationsOfUser(
  db: DbOrTx,
  userId: number,
  options: { unreadOnly: boolean; limit: number },
) {
  let q = db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'created_at as createdAt', 'read_at as readAt'])
    .where('user_id', '=', userId);
  if (options.unreadOnly) q = q.where('read_at', 'is', null);
  return q.orderBy('id', 'desc').limit(options.limit).execute();
}

export async function countUnread(db: DbOrTx, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks the user's own notifications read; ids of other users' notifications are ignored. */
export async function markRead(db: DbOrTx, userId: number, ids: number[] | 'all', now: Date): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', ids.length > 0 ? ids : [-1]);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks read every unread notification of these kinds that points to `link`, whoever it was for. */
export async function markReadByLink(db: DbOrTx, link: string, kinds: readonly string[], now: Date): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: now.toISOString() })
    .where('link', '=', link)
    .where('kind', 'in', [...kinds])
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
