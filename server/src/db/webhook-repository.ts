import { sql, type Kysely, type QueryCreator, type Selectable, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookEventType } from '../domain/webhook.ts';

export type { WebhookEvent } from '../domain/webhook.ts';
import { isPostgres, type DatabaseConnection, type RepositoryOptions } from './database.ts';
import type { Database, WebhookDeliveriesTable, WebhookEndpointsTable } from './schema.ts';

/** What one attempt left behind, written only by the worker that still holds the row's lease. */
export interface AttemptRecord {
  status: DeliveryStatus;
  attemptedAt: string;
  nextAttemptAt: string | null;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface ClaimedDelivery extends WebhookDelivery {
  url: string;
  sealedSecret: string;
  endpointEnabled: boolean;
}

export const MAX_LISTED_DELIVERIES = 50;

/** A fresh `webhook-id`: unique, and sorting by creation time. */
export function newDeliveryId(): string {
  return `msg_${uuidv7().replaceAll('-', '')}`;
}

/**
 * Writes deliveries of `event` for every enabled endpoint that wants it, inside the caller's transaction, so the
 * announcement commits (or rolls back) with the change it announces.
 */
export async function enqueueWebhookEvent(transaction: Kysely<Database> | Transaction<Database>, event: WebhookEvent): Promise<number> {
  const endpoints = await transaction
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('enabled', '=', 1)
    .where((where) => where.or([where('user_id', '=', event.userId), where('all_users', '=', 1)]))
    .execute();
  const listening = endpoints.filter((endpoint) => (JSON.parse(endpoint.events) as string[]).includes(event.type));
  if (listening.length === 0) return 0;
  await transaction
    .insertInto('webhook_deliveries')
    .values(
      listening.map((endpoint) => ({
        id: newDeliveryId(),
        endpoint_id: endpoint.id,
        event_type: event.type,
        data: JSON.stringify(event.data),
        created_at: event.createdAt,
        status: 'pending',
        next_attempt_at: event.createdAt,
      })),
    )
    .execute();
  return listening.length;
}

/** Announces the batch a filed job belongs to, if that job was its last (see announceBatchIfFinished). */
export async function announceFinishedBatch(transaction: Transaction<Database>, jobId: string, now: string): Promise<void> {
  const membership = await transaction.selectFrom('batch_jobs').select('batch_id').where('job_id', '=', jobId).executeTakeFirst();
  if (membership) await announceBatchIfFinished(transaction, membership.batch_id, now);
}

/**
 * Writes `batch.completed` once every job of a fully listed batch has finished and been filed, so it follows the last
 * job's own `job.completed` or `job.failed`. The batch row is locked first (a no-op
 * update, as SQLite has no SELECT … FOR UPDATE), so of two jobs finishing together on PostgreSQL the second sees the
 * first as finished, and `finished_announced_at` keeps the event to one.
 */
export async function announceBatchIfFinished(transaction: Transaction<Database>, batchId: string, now: string): Promise<void> {
  const locked = await transaction
    .updateTable('batches')
    .set((expression) => ({ finished_announced_at: expression.ref('finished_announced_at') }))
    .where('id', '=', batchId)
    .where('finished_announced_at', 'is', null)
    .returning(['user_id', 'created_at', 'job_count'])
    .executeTakeFirst();
  if (!locked || locked.job_count === null) return;
  const jobs = await transaction
    .selectFrom('batch_jobs')
    .innerJoin('jobs', 'jobs.id', 'batch_jobs.job_id')
    .select(['jobs.id', 'jobs.status', 'jobs.filed_at'])
    .where('batch_jobs.batch_id', '=', batchId)
    .orderBy('batch_jobs.position')
    .execute();
  if (jobs.length < Number(locked.job_count) || jobs.some((job) => job.filed_at === null)) return;
  await transaction.updateTable('batches').set({ finished_announced_at: now }).where('id', '=', batchId).execute();
  await enqueueWebhookEvent(transaction, {
    type: 'batch.completed',
    userId: locked.user_id,
    createdAt: now,
    data: {
      batch_id: batchId,
      created_at: locked.created_at,
      completed: jobs.filter((job) => job.status === 'complete').length,
      failed: jobs.filter((job) => job.status === 'failed').length,
      jobs: jobs.map((job) => ({ job_id: job.id, status: job.status })),
    },
  });
}

/** Endpoints and the outbox of their deliveries. */
export class WebhookRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  async insertEndpoint(endpoint: WebhookEndpoint, sealedSecret: string): Promise<void> {
    await this.database
      .insertInto('webhook_endpoints')
      .values({ ...endpointRow(endpoint), sealed_secret: sealedSecret })
      .execute();
  }

  async updateEndpoint(endpoint: WebhookEndpoint): Promise<boolean> {
    const { id, user_id: _owner, created_at: _created, ...fields } = endpointRow(endpoint);
    const result = await this.database.updateTable('webhook_endpoints').set(fields).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** An endpoint of `userId`, or any endpoint when `userId` is undefined. */
  async findEndpoint(userId: string | undefined, id: string): Promise<WebhookEndpoint | undefined> {
    let query = this.database.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    const row = await query.executeTakeFirst();
    return row && toEndpoint(row);
  }

  async listEndpoints(userId: string): Promise<WebhookEndpoint[]> {
    const rows = await this.database.selectFrom('webhook_endpoints').selectAll().where('user_id', '=', userId).orderBy('id').execute();
    return rows.map(toEndpoint);
  }

  async countEndpoints(userId: string): Promise<number> {
    const row = await this.database
      .selectFrom('webhook_endpoints')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async deleteEndpoint(userId: string, id: string): Promise<boolean> {
    const result = await this.database
      .deleteFrom('webhook_endpoints')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Stops deliveries to an endpoint (its receiver answered 410 Gone); its pending deliveries fail with the reason. */
  async disableEndpoint(id: string, reason: string, now: string): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction
        .updateTable('webhook_endpoints')
        .set({ enabled: 0, disabled_reason: reason, updated_at: now })
        .where('id', '=', id)
        .execute();
      await transaction
        .updateTable('webhook_deliveries')
        .set({ status: 'failed', next_attempt_at: null, lease_until: null, lease_owner: null, last_error: reason })
        .where('endpoint_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
    });
  }

  async enqueue(event: WebhookEvent): Promise<number> {
    return enqueueWebhookEvent(this.database, event);
  }

  /** A delivery to one endpoint only, whatever it subscribed to (test events). */
  async insertDelivery(endpointId: string, eventType: string, data: Record<string, unknown>, now: string): Promise<string> {
    const id = newDeliveryId();
    await this.database
      .insertInto('webhook_deliveries')
      .values({
        id,
        endpoint_id: endpointId,
        event_type: eventType,
        data: JSON.stringify(data),
        created_at: now,
        status: 'pending',
        next_attempt_at: now,
      })
      .execute();
    return id;
  }

  async listDeliveries(endpointId: string, limit = MAX_LISTED_DELIVERIES): Promise<WebhookDelivery[]> {
    const rows = await this.database
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  async findDelivery(endpointId: string, id: string): Promise<WebhookDelivery | undefined> {
    const row = await this.database
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  /** Sends a delivery again from the start of the schedule, under the same `webhook-id`. */
  async resend(endpointId: string, id: string, now: string): Promise<WebhookDelivery | undefined> {
    await this.database
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_until: null, lease_owner: null })
      .where('endpoint_id', '=', endpointId)
      .where('id', '=', id)
      .execute();
    return this.findDelivery(endpointId, id);
  }

  /**
   * Takes up to `limit` due deliveries for `owner` until `leaseUntil`, counting the attempt. A row is due when its
   * time has come and no live lease holds it, so a worker that died mid-attempt hands its rows on once the lease
   * runs out. PostgreSQL workers skip each other's locked rows; SQLite has one writer at a time.
   */
  async claimDue(owner: string, now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
    const due = (database: QueryCreator<Database>) =>
      database
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((where) => where.or([where('lease_until', 'is', null), where('lease_until', '<=', now)]))
        .orderBy('next_attempt_at')
        .limit(limit);
    const claim = { lease_owner: owner, lease_until: leaseUntil } as const;
    // PostgreSQL may run an IN (…) subquery more than once and so take more rows than the limit; a materialised CTE
    // picks the rows once, locked, skipping rows another worker is claiming. SQLite has one writer at a time.
    const claimed = isPostgres(this.database)
      ? await this.database
          .with(
            (cte) => cte('due').materialized(),
            (database) => due(database).forUpdate().skipLocked(),
          )
          .updateTable('webhook_deliveries')
          .set((expression) => ({ ...claim, attempts: expression('attempts', '+', 1) }))
          .where('id', 'in', (database) => database.selectFrom('due').select('due.id'))
          .returningAll()
          .execute()
      : await this.database
          .updateTable('webhook_deliveries')
          .set((expression) => ({ ...claim, attempts: expression('attempts', '+', 1) }))
          .where('id', 'in', due(this.database))
          .returningAll()
          .execute();
    if (claimed.length === 0) return [];
    const endpoints = await this.database
      .selectFrom('webhook_endpoints')
      .select(['id', 'url', 'sealed_secret', 'enabled'])
      .where(
        'id',
        'in',
        claimed.map((row) => row.endpoint_id),
      )
      .execute();
    const byId = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
    return claimed.flatMap((row) => {
      const endpoint = byId.get(row.endpoint_id);
      // Deleting an endpoint deletes its deliveries too, so a missing one was deleted after the claim.
      if (!endpoint) return [];
      return [{ ...toDelivery(row), url: endpoint.url, sealedSecret: endpoint.sealed_secret, endpointEnabled: endpoint.enabled === 1 }];
    });
  }

  /** Stores how an attempt went; false when the lease was lost meanwhile (another worker took the row over). */
  async recordAttempt(id: string, owner: string, record: AttemptRecord): Promise<boolean> {
    const result = await this.database
      .updateTable('webhook_deliveries')
      .set({
        status: record.status,
        next_attempt_at: record.nextAttemptAt,
        lease_until: null,
        lease_owner: null,
        last_attempt_at: record.attemptedAt,
        last_status_code: record.statusCode,
        last_error: record.error,
        last_duration_ms: Math.round(record.durationMs),
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** When the next pending delivery falls due (its lease included), for the dispatcher's sleep. */
  async nextDueAt(): Promise<string | undefined> {
    const row = await this.database
      .selectFrom('webhook_deliveries')
      .select(
        sql<string>`min(case when lease_until is not null and lease_until > next_attempt_at then lease_until else next_attempt_at end)`.as(
          'due',
        ),
      )
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.due ?? undefined;
  }
}

function endpointRow(endpoint: WebhookEndpoint): Omit<Selectable<WebhookEndpointsTable>, 'sealed_secret'> {
  return {
    id: endpoint.id,
    user_id: endpoint.userId,
    all_users: endpoint.allUsers ? 1 : 0,
    url: endpoint.url,
    description: endpoint.description,
    events: JSON.stringify(endpoint.events),
    enabled: endpoint.enabled ? 1 : 0,
    disabled_reason: endpoint.disabledReason,
    created_at: endpoint.createdAt,
    updated_at: endpoint.updatedAt,
  };
}

function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    userId: row.user_id,
    allUsers: row.all_users === 1,
    url: row.url,
    description: row.description,
    events: JSON.parse(row.events) as WebhookEventType[],
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventType: row.event_type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: row.created_at,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastDurationMs: row.last_duration_ms,
  };
}
