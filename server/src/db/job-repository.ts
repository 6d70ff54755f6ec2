import type { ExpressionBuilder, Insertable, Selectable, Transaction } from 'kysely';
import { brandFitOf, type BrandFit } from '../domain/brand-fit-result.ts';
import type { Job, JobError, JobSlot, JobStatus, SlotStatus } from '../domain/job.ts';
import type { JobEventBody } from '../domain/job-event.ts';
import { statusesBefore } from '../domain/job-state.ts';
import { isPostgres, type DatabaseConnection, type RepositoryOptions } from './database.ts';
import { GroupedWrites } from './grouped-writes.ts';
import type { Database } from './schema.ts';
import type { JobImagesTable, JobsTable } from './schema.ts';
import { announceFinishedBatch, enqueueWebhookEvent, type WebhookEvent } from './webhook-repository.ts';

export type NewJobEvent = JobEventBody & { createdAt: string };

export type StoredJobEvent = NewJobEvent & { sequence: number };

export interface ReadySlot {
  blobKey: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  width: number;
  height: number;
  completedAt: string;
  /** How well the image keeps to the brand palette; left out (null) when it could not be scored. */
  brandFit?: BrandFit | null;
}

/** Keeps one statement's parameters (31 a job) well under PostgreSQL's limit of 65,535. */
const MAX_JOBS_PER_INSERT = 500;

/** The jobs one stream follows together: those filed under a project, or those a batch was made with. */
export type JobGroupRef = { projectId: string } | { batchId: string };

function inGroup(expression: ExpressionBuilder<Database, 'jobs'>, group: JobGroupRef) {
  if ('projectId' in group) return expression('project_id', '=', group.projectId);
  return expression(
    'id',
    'in',
    expression.selectFrom('batch_jobs').select('batch_jobs.job_id').where('batch_jobs.batch_id', '=', group.batchId),
  );
}

/** Thin access to the job tables: no rules here beyond the conditions that keep concurrent writers honest. */
export class JobRepository {
  private readonly database: DatabaseConnection;
  private readonly postgresInserts: GroupedWrites<Job> | undefined;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
    this.postgresInserts = isPostgres(options.database)
      ? new GroupedWrites({
          write: (jobs) =>
            this.database
              .with('job', (query) => query.insertInto('jobs').values(jobs.map(jobRow)).returning('id'))
              .insertInto('job_images')
              .values(jobs.flatMap(slotRows))
              .execute()
              .then(() => undefined),
          maxGroup: MAX_JOBS_PER_INSERT,
        })
      : undefined;
  }

  /**
   * The job and its slots together. On PostgreSQL one statement does both (the slots' insert carries the jobs' as a
   * data-modifying WITH), and jobs accepted at the same moment share it (group commit): accepting a job costs a share
   * of one round trip instead of BEGIN, two INSERTs and COMMIT, and a single statement is atomic on its own.
   * SQLite runs in-process, where a transaction costs no round trips.
   */
  async insert(job: Job): Promise<void> {
    if (this.postgresInserts) return this.postgresInserts.add(job);
    await this.database.transaction().execute((transaction) => insertJobRows(transaction, [job]));
  }

  /** Jobs that stand or fall together, in one transaction. */
  async insertAll(jobs: readonly Job[]): Promise<void> {
    await this.database.transaction().execute((transaction) => insertJobRows(transaction, jobs));
  }

  async findById(id: string): Promise<Job | undefined> {
    const row = await this.database.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const slots = await this.database.selectFrom('job_images').selectAll().where('job_id', '=', id).orderBy('slot').execute();
    return toJob(row, slots);
  }

  /** Jobs newest first, of one user or, with `userId` undefined, of everyone; `beforeId` continues after the last job of the previous page. */
  async listByUser(userId: string | undefined, options: { limit: number; beforeId?: string | undefined }): Promise<Job[]> {
    let query = this.database.selectFrom('jobs').selectAll();
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    if (options.beforeId) query = query.where('id', '<', options.beforeId);
    const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
    return this.withSlots(rows);
  }

  /** The jobs with these ids, in the order given; ids with no job are left out. Two queries, however many ids. */
  async findByIds(ids: readonly string[]): Promise<Job[]> {
    if (ids.length === 0) return [];
    const rows = await this.database
      .selectFrom('jobs')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    const jobs = new Map((await this.withSlots(rows)).map((job) => [job.id, job]));
    return ids.flatMap((id) => jobs.get(id) ?? []);
  }

  private async withSlots(rows: ReadonlyArray<Selectable<JobsTable>>): Promise<Job[]> {
    if (rows.length === 0) return [];
    const slots = await this.database
      .selectFrom('job_images')
      .selectAll()
      .where(
        'job_id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('job_id')
      .orderBy('slot')
      .execute();
    const slotsByJob = Map.groupBy(slots, (slot) => slot.job_id);
    return rows.map((row) => toJob(row, slotsByJob.get(row.id) ?? []));
  }

  /**
   * The ids of a group's jobs (a project's, a batch's) a stream must follow: those not yet filed, those made after
   * `afterId` (the newest the client knew of), and those named (where a resuming client stood).
   */
  async listGroupJobIds(group: JobGroupRef, options: { afterId: string; named: readonly string[] }): Promise<string[]> {
    const rows = await this.database
      .selectFrom('jobs')
      .select('id')
      .where((expression) => inGroup(expression, group))
      .where((expression) =>
        expression.or([
          expression('filed_at', 'is', null),
          expression('id', '>', options.afterId),
          ...(options.named.length > 0 ? [expression('id', 'in', [...options.named])] : []),
        ]),
      )
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  /** The newest job of a group (a project, a batch), or '' when it has none. */
  async newestGroupJobId(group: JobGroupRef): Promise<string> {
    const row = await this.database
      .selectFrom('jobs')
      .select('id')
      .where((expression) => inGroup(expression, group))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? '';
  }

  async countUnfinished(): Promise<number> {
    const result = await this.database
      .selectFrom('jobs')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .where('status', 'in', ['queued', 'processing'])
      .executeTakeFirstOrThrow();
    return Number(result.count);
  }

  /** How many jobs are in each status, for metrics. */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.database
      .selectFrom('jobs')
      .select(['status', (expression) => expression.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /** Jobs a worker must (re)start, oldest first: those not started or not finished, and finished ones not yet filed. */
  async listUnfinishedIds(): Promise<string[]> {
    const rows = await this.database.selectFrom('jobs').select('id').where('filed_at', 'is', null).orderBy('id').execute();
    return rows.map((row) => row.id);
  }

  /**
   * Moves a job to `to` only from one of `from`, storing `event` in the same transaction, so a crash can never
   * leave a change without its announcement. Undefined when another writer got there first.
   */
  async transition(
    id: string,
    from: readonly JobStatus[],
    to: JobStatus,
    fields: { startedAt?: string; completedAt?: string; error?: JobError | null },
    event: NewJobEvent,
  ): Promise<StoredJobEvent | undefined> {
    return this.database.transaction().execute(async (transaction) => {
      const result = await transaction
        .updateTable('jobs')
        .set({
          status: to,
          ...(fields.startedAt !== undefined && { started_at: fields.startedAt }),
          ...(fields.completedAt !== undefined && { completed_at: fields.completedAt }),
          ...(fields.error !== undefined && {
            error_code: fields.error?.code ?? null,
            error_message: fields.error?.message ?? null,
          }),
        })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return undefined;
      return appendEvent(transaction, id, event);
    });
  }

  /**
   * Marks a finished job as filed: stores its images' brand-fit `scores` (by slot), its `filed` event, its webhook
   * deliveries and, when it is the last of a batch, the batch's, all in one transaction, so the webhooks carry the
   * scores and a crash before this point leaves the job to be filed again. Undefined when it was filed already.
   */
  async markFiled(
    jobId: string,
    filing: { filedAt: string; scores?: ReadonlyMap<number, BrandFit | null> },
    webhook?: WebhookEvent,
  ): Promise<StoredJobEvent | undefined> {
    return this.database.transaction().execute(async (transaction) => {
      const result = await transaction
        .updateTable('jobs')
        .set({ filed_at: filing.filedAt })
        .where('id', '=', jobId)
        .where('status', 'in', ['complete', 'failed'])
        .where('filed_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return undefined;
      for (const [slot, brandFit] of filing.scores ?? []) {
        if (!brandFit) continue;
        await transaction
          .updateTable('job_images')
          .set({ brand_fit: brandFit.score, brand_fit_reason: brandFit.reason })
          .where('job_id', '=', jobId)
          .where('slot', '=', slot)
          .execute();
      }
      const stored = await appendEvent(transaction, jobId, { type: 'filed', data: {}, createdAt: filing.filedAt });
      if (webhook) await enqueueWebhookEvent(transaction, webhook);
      await announceFinishedBatch(transaction, jobId, filing.filedAt);
      return stored;
    });
  }

  /**
   * Counts a run of an unfinished job as started, in one atomic update so that workers on any process or machine
   * count together. Returns how many runs were already open: ones that never ended because their worker died (or,
   * rarely, one still running elsewhere). Undefined when the job is finished or gone.
   */
  async beginRun(jobId: string): Promise<number | undefined> {
    const row = await this.database
      .updateTable('jobs')
      .set((expression) => ({ unfinished_runs: expression('unfinished_runs', '+', 1) }))
      .where('id', '=', jobId)
      .where('status', 'in', ['queued', 'processing'])
      .returning('unfinished_runs')
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.unfinished_runs) - 1;
  }

  /** Takes an ended run off the count again (see beginRun), so only runs cut short by a crash remain. */
  async endRun(jobId: string): Promise<void> {
    await this.database
      .updateTable('jobs')
      .set((expression) => ({ unfinished_runs: expression('unfinished_runs', '-', 1) }))
      .where('id', '=', jobId)
      .where('unfinished_runs', '>', 0)
      .execute();
  }

  /**
   * Starts or resumes processing a job: moves it to `processing` (from a status that allows it), stores `event`, and
   * counts an attempt for each of `callingSlots` (slots about to call the model for the first time), in one transaction,
   * so that a run's start costs one round trip. Undefined, with nothing counted, when the job had moved on.
   */
  async startProcessing(
    jobId: string,
    startedAt: string,
    event: NewJobEvent,
    callingSlots: readonly number[],
  ): Promise<StoredJobEvent | undefined> {
    return this.database.transaction().execute(async (transaction) => {
      const result = await transaction
        .updateTable('jobs')
        .set({ status: 'processing', started_at: startedAt })
        .where('id', '=', jobId)
        .where('status', 'in', statusesBefore('processing'))
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return undefined;
      if (callingSlots.length > 0) {
        await transaction
          .updateTable('job_images')
          .set((expression) => ({ attempts: expression('attempts', '+', 1) }))
          .where('job_id', '=', jobId)
          .where('slot', 'in', [...callingSlots])
          .execute();
      }
      return appendEvent(transaction, jobId, event);
    });
  }

  async recordAttempt(jobId: string, slot: number): Promise<void> {
    await this.database
      .updateTable('job_images')
      .set((expression) => ({ attempts: expression('attempts', '+', 1) }))
      .where('job_id', '=', jobId)
      .where('slot', '=', slot)
      .execute();
  }

  /**
   * Fills a pending slot and stores its `image` and `progress` events in one transaction.
   * Empty when the slot was already settled, so no slot is ever filled, or announced, twice.
   * With `completion`, the slot that leaves every slot of a processing job ready also completes the job, storing that
   * event after the others: the job's end then costs no transaction of its own.
   */
  async markSlotReady(jobId: string, slot: number, ready: ReadySlot, completion?: NewJobEvent): Promise<StoredJobEvent[]> {
    return this.database.transaction().execute(async (transaction) => {
      // Take the job row's write lock first (a no-op update: SQLite has no SELECT … FOR UPDATE), so that with several
      // connections (PostgreSQL) two slots finishing together still count and announce 1, 2, 3, 4 in order.
      await transaction
        .updateTable('jobs')
        .set((expression) => ({ event_sequence: expression.ref('event_sequence') }))
        .where('id', '=', jobId)
        .execute();
      const result = await transaction
        .updateTable('job_images')
        .set({
          status: 'ready' satisfies SlotStatus,
          blob_key: ready.blobKey,
          content_type: ready.contentType,
          byte_size: ready.byteSize,
          sha256: ready.sha256,
          width: ready.width,
          height: ready.height,
          error_message: null,
          completed_at: ready.completedAt,
          brand_fit: ready.brandFit?.score ?? null,
          brand_fit_reason: ready.brandFit?.reason ?? null,
        })
        .where('job_id', '=', jobId)
        .where('slot', '=', slot)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return [];
      const slots = await transaction.selectFrom('job_images').select('status').where('job_id', '=', jobId).execute();
      const done = slots.filter((row) => row.status === 'ready').length;
      const events: NewJobEvent[] = [
        { type: 'image', data: { n: slot }, createdAt: ready.completedAt },
        { type: 'progress', data: { done, total: slots.length }, createdAt: ready.completedAt },
      ];
      if (completion !== undefined && done === slots.length) {
        const completed = await transaction
          .updateTable('jobs')
          .set({ status: 'complete', completed_at: completion.createdAt, error_code: null, error_message: null })
          .where('id', '=', jobId)
          .where('status', 'in', statusesBefore('complete'))
          .executeTakeFirst();
        if (completed.numUpdatedRows > 0n) events.push(completion);
      }
      return appendEvents(transaction, jobId, events);
    });
  }

  async markSlotFailed(jobId: string, slot: number, message: string, completedAt: string): Promise<boolean> {
    const result = await this.database
      .updateTable('job_images')
      .set({ status: 'failed' satisfies SlotStatus, error_message: message, completed_at: completedAt })
      .where('job_id', '=', jobId)
      .where('slot', '=', slot)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Stores an event on its own, for announcements that change no other row. */
  async appendEvent(jobId: string, event: NewJobEvent): Promise<StoredJobEvent> {
    return this.database.transaction().execute((transaction) => appendEvent(transaction, jobId, event));
  }

  async listEventsAfter(jobId: string, sequence: number): Promise<StoredJobEvent[]> {
    const rows = await this.database
      .selectFrom('job_events')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('sequence', '>', sequence)
      .orderBy('sequence')
      .execute();
    // The database holds only what NewJobEvent allowed in: the row's type names its data's shape.
    return rows.map((row) => ({
      ...({ type: row.type, data: JSON.parse(row.data) } as JobEventBody),
      sequence: row.sequence,
      createdAt: row.created_at,
    }));
  }

  /** The last event sequence of each of these jobs (0 for a job without events or gone), in one read. */
  async latestEventSequences(jobIds: readonly string[]): Promise<Map<string, number>> {
    const latest = new Map<string, number>(jobIds.map((jobId) => [jobId, 0]));
    for (let start = 0; start < jobIds.length; start += ID_LIST_CHUNK) {
      const rows = await this.database
        .selectFrom('jobs')
        .select(['id', 'event_sequence'])
        .where('id', 'in', jobIds.slice(start, start + ID_LIST_CHUNK))
        .execute();
      for (const row of rows) latest.set(row.id, row.event_sequence);
    }
    return latest;
  }

  async latestEventSequence(jobId: string): Promise<number> {
    const row = await this.database.selectFrom('jobs').select('event_sequence').where('id', '=', jobId).executeTakeFirst();
    return row?.event_sequence ?? 0;
  }
}

/** Jobs and their slots, inside a transaction the caller holds (one job, or a batch with all of its jobs). */
export async function insertJobRows(transaction: Transaction<Database>, jobs: readonly Job[]): Promise<void> {
  if (jobs.length === 0) return;
  await transaction.insertInto('jobs').values(jobs.map(jobRow)).execute();
  await transaction.insertInto('job_images').values(jobs.flatMap(slotRows)).execute();
}

/** Ids per `IN (…)` list, well under SQLite's and PostgreSQL's limits on bound parameters. */
const ID_LIST_CHUNK = 500;

function jobRow(job: Job): Insertable<JobsTable> {
  return {
    id: job.id,
    user_id: job.userId,
    prompt: job.prompt,
    final_prompt: job.finalPrompt,
    negative_prompt: job.negativePrompt,
    model: job.model,
    status: job.status,
    settings: JSON.stringify(job.settings),
    project_id: job.settings.projectId ?? null,
    brand_id: job.brand.id,
    brand_version: job.brand.version,
    source_job_id: job.sourceJobId,
    error_code: job.error?.code ?? null,
    error_message: job.error?.message ?? null,
    estimated_cost_micro_usd: Math.round(job.estimatedCostUsd * 1_000_000),
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    filed_at: job.filedAt,
  };
}

function slotRows(job: Job): Insertable<JobImagesTable>[] {
  return job.slots.map((slot) => ({ job_id: job.id, slot: slot.slot, seed: slot.seed, status: slot.status }));
}

function toJob(row: Selectable<JobsTable>, slots: Selectable<JobImagesTable>[]): Job {
  return {
    id: row.id,
    userId: row.user_id,
    prompt: row.prompt,
    finalPrompt: row.final_prompt,
    negativePrompt: row.negative_prompt,
    model: row.model,
    status: row.status as JobStatus,
    settings: JSON.parse(row.settings),
    brand: { id: row.brand_id, version: Number(row.brand_version) },
    sourceJobId: row.source_job_id,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    filedAt: row.filed_at,
    estimatedCostUsd: Number(row.estimated_cost_micro_usd) / 1_000_000,
    slots: slots.map(toSlot),
  };
}

function toSlot(row: Selectable<JobImagesTable>): JobSlot {
  return {
    slot: row.slot,
    seed: Number(row.seed),
    status: row.status as SlotStatus,
    blobKey: row.blob_key,
    contentType: row.content_type,
    byteSize: row.byte_size,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    attempts: row.attempts,
    errorMessage: row.error_message,
    completedAt: row.completed_at,
    // Absent rather than null until scored, so a slot reads back exactly as it was written.
    ...scoredOf(row),
  };
}

function scoredOf(row: Selectable<JobImagesTable>): Pick<JobSlot, 'brandFit'> {
  const brandFit = brandFitOf(row.brand_fit, row.brand_fit_reason);
  return brandFit ? { brandFit } : {};
}

/** Stores an event under the job's next sequence number, which SSE clients resume from. */
async function appendEvent(transaction: Transaction<Database>, jobId: string, event: NewJobEvent): Promise<StoredJobEvent> {
  return (await appendEvents(transaction, jobId, [event]))[0]!;
}

/** Numbers events in their order after the job's last one, in two statements however many there are. */
async function appendEvents(transaction: Transaction<Database>, jobId: string, events: NewJobEvent[]): Promise<StoredJobEvent[]> {
  const { event_sequence: last } = await transaction
    .updateTable('jobs')
    .set((expression) => ({ event_sequence: expression('event_sequence', '+', events.length) }))
    .where('id', '=', jobId)
    .returning('event_sequence')
    .executeTakeFirstOrThrow();
  const stored = events.map((event, index) => ({ ...event, sequence: last - events.length + 1 + index }));
  await transaction
    .insertInto('job_events')
    .values(
      stored.map((event) => ({
        job_id: jobId,
        sequence: event.sequence,
        type: event.type,
        data: JSON.stringify(event.data),
        created_at: event.createdAt,
      })),
    )
    .execute();
  return stored;
}
