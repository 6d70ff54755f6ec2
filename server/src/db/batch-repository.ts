import type { Selectable } from 'kysely';
import type { Job } from '../domain/job.ts';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import { insertJobRows } from './job-repository.ts';
import type { BatchesTable } from './schema.ts';

export interface BatchRecord {
  id: string;
  userId: string;
  templateId: string | null;
  createdAt: string;
  cancelledAt: string | null;
  /** Job ids in the order the batch listed them. */
  jobIds: string[];
  /** The client's Idempotency-Key and the SHA-256 of its request, when it sent one. */
  idempotency?: { key: string; requestSha256: string } | undefined;
}

export class BatchRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  /** The batch, its jobs with their slots, and the list that ties them, in one transaction: all or nothing. */
  async insertWithJobs(batch: Omit<BatchRecord, 'jobIds'>, jobs: readonly Job[]): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('batches')
        .values({
          id: batch.id,
          user_id: batch.userId,
          template_id: batch.templateId,
          created_at: batch.createdAt,
          cancelled_at: batch.cancelledAt,
          idempotency_key: batch.idempotency?.key ?? null,
          request_sha256: batch.idempotency?.requestSha256 ?? null,
          // Complete from the start: the jobs are queued only after this commits, so none can finish unlisted.
          job_count: jobs.length,
        })
        .execute();
      await insertJobRows(transaction, jobs);
      if (jobs.length === 0) return;
      await transaction
        .insertInto('batch_jobs')
        .values(jobs.map((job, position) => ({ batch_id: batch.id, position, job_id: job.id })))
        .execute();
    });
  }

  async markCancelled(batchId: string, at: string): Promise<void> {
    await this.database
      .updateTable('batches')
      .set({ cancelled_at: at })
      .where('id', '=', batchId)
      .where('cancelled_at', 'is', null)
      .execute();
  }

  async findById(userId: string, id: string): Promise<BatchRecord | undefined> {
    const row = await this.database.selectFrom('batches').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return row && this.withJobs(row);
  }

  /** A page of the user's batches, newest first (ids are time-ordered); `beforeId` continues after the previous page. */
  async listByUser(userId: string, page: { limit: number; beforeId?: string | undefined }): Promise<BatchRecord[]> {
    let query = this.database.selectFrom('batches').selectAll().where('user_id', '=', userId);
    if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
    const rows = await query.orderBy('id', 'desc').limit(page.limit).execute();
    return Promise.all(rows.map((row) => this.withJobs(row)));
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<BatchRecord | undefined> {
    const row = await this.database
      .selectFrom('batches')
      .selectAll()
      .where('user_id', '=', userId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row && this.withJobs(row);
  }

  private async withJobs(row: Selectable<BatchesTable>): Promise<BatchRecord> {
    const jobs = await this.database.selectFrom('batch_jobs').select('job_id').where('batch_id', '=', row.id).orderBy('position').execute();
    return {
      id: row.id,
      userId: row.user_id,
      templateId: row.template_id,
      createdAt: row.created_at,
      cancelledAt: row.cancelled_at,
      jobIds: jobs.map((job) => job.job_id),
      idempotency: row.idempotency_key && row.request_sha256 ? { key: row.idempotency_key, requestSha256: row.request_sha256 } : undefined,
    };
  }
}
