import type { DatabaseConnection } from './database.ts';
import { announceBatchIfFinished } from './webhook-repository.ts';

export interface BatchRecord {
  id: string;
  userId: string;
  templateId: string | null;
  createdAt: string;
  cancelledAt: string | null;
  /** Job ids in the order the batch listed them. */
  jobIds: string[];
}

export class BatchRepository {
  private readonly database: DatabaseConnection;

  constructor(database: DatabaseConnection) {
    this.database = database;
  }

  async insert(batch: Omit<BatchRecord, 'jobIds'>): Promise<void> {
    await this.database
      .insertInto('batches')
      .values({
        id: batch.id,
        user_id: batch.userId,
        template_id: batch.templateId,
        created_at: batch.createdAt,
        cancelled_at: batch.cancelledAt,
      })
      .execute();
  }

  async addJob(batchId: string, position: number, jobId: string): Promise<void> {
    await this.database.insertInto('batch_jobs').values({ batch_id: batchId, position, job_id: jobId }).execute();
  }

  /**
   * Records that every job of the batch is listed. Its jobs may all have finished meanwhile, in which case the batch
   * is announced here, since no later job completion will.
   */
  async markFilled(batchId: string, jobCount: number, now: string): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction.updateTable('batches').set({ job_count: jobCount }).where('id', '=', batchId).execute();
      await announceBatchIfFinished(transaction, batchId, now);
    });
  }

  async markCancelled(batchId: string, at: string): Promise<void> {
    await this.database.updateTable('batches').set({ cancelled_at: at }).where('id', '=', batchId).where('cancelled_at', 'is', null).execute();
  }

  async findById(userId: string, id: string): Promise<BatchRecord | undefined> {
    const row = await this.database
      .selectFrom('batches')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) return undefined;
    const jobs = await this.database.selectFrom('batch_jobs').select('job_id').where('batch_id', '=', id).orderBy('position').execute();
    return {
      id: row.id,
      userId: row.user_id,
      templateId: row.template_id,
      createdAt: row.created_at,
      cancelledAt: row.cancelled_at,
      jobIds: jobs.map((job) => job.job_id),
    };
  }
}
