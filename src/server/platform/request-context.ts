import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/connection';
import { type Actor, systemActor } from './audit';
import type { CurrentUser } from './auth/current-user';
import type { Clock } from './clock';
import { actorOf, requireUser } from './http';

/**
 * What a service needs to know about the request it serves, built once per request by the route:
 * the database, the signed-in user, the actor for audit rows and the request's "now" (one instant
 * for every row the request writes). Services take it as their first argument instead of
 * positional `(db, user, …, actor, now)`.
 */
export interface RequestContext {
  db: Db;
  user: CurrentUser;
  actor: Actor;
  now: Date;
}

/** The context of a route that nobody signs in to (public pages, integrations): no user. */
export type AnonymousContext = Omit<RequestContext, 'user'>;

/**
 * The context of a use case that runs inside its caller's transaction: `db` is that transaction. A
 * service calls another one inside its transaction with its own context and `db` set to the
 * transaction: `{ ...ctx, db: trx }`, or `{ db: trx, user, actor, now }` where it destructured `ctx`.
 */
export type TransactionContext<C extends AnonymousContext = RequestContext> = C & { db: Tx };

/** The context of work no request started (scheduled jobs, demo data, the CLI): no user, the system actor. */
export type SystemContext = AnonymousContext;

/** The context of a scheduled job, the demo data or a CLI command: audit rows name the system actor. */
export function systemContext(db: Db, now: Date): SystemContext {
  return { db, actor: systemActor, now };
}

/** The context of a signed-in route (its access is not `public` or `integration`). */
export function requestContext(request: FastifyRequest, deps: { db: Db; clock: Clock }): RequestContext {
  return { db: deps.db, user: requireUser(request), actor: actorOf(request), now: deps.clock.now() };
}

/** The context of a public or integration route. */
export function anonymousContext(request: FastifyRequest, deps: { db: Db; clock: Clock }): AnonymousContext {
  return { db: deps.db, actor: actorOf(request), now: deps.clock.now() };
}
