import type { Selectable } from 'kysely';
import type { Training, TrainingError, TrainingEvent, TrainingEventBody, TrainingStatus } from '../domain/training.ts';
import type { WebhookEvent } from '../domain/webhook.ts';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { TrainingsTable } from './schema.ts';
import { enqueueWebhookEvent } from './webhook-repository.ts';

const UNFINISHED: TrainingStatus[] = ['queued', 'running'];

/** Trainings and their events; a status change and the event announcing it are written together. */
export class TrainingRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  async insert(training: Training, event: TrainingEventBody): Promise<TrainingEvent> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction.insertInto('trainings').values(toRow(training)).execute();
      await transaction
        .insertInto('training_events')
        .values({
          training_id: training.id,
          sequence: 1,
          type: event.type,
          data: JSON.stringify(event.data),
          created_at: training.createdAt,
        })
        .execute();
    });
    return { ...event, sequence: 1 } as TrainingEvent;
  }

  async findById(id: string): Promise<Training | undefined> {
    const row = await this.database.selectFrom('trainings').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTraining(row);
  }

  async listForBrand(brandId: string): Promise<Training[]> {
    const rows = await this.database
      .selectFrom('trainings')
      .selectAll()
      .where('brand_id', '=', brandId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toTraining);
  }

  /** Whether a training of the set is still queued or running (it will read the set's images and captions). */
  async hasUnfinishedForSet(setId: string): Promise<boolean> {
    const row = await this.database
      .selectFrom('trainings')
      .select('id')
      .where('set_id', '=', setId)
      .where('status', 'in', UNFINISHED)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Oldest first, for the queue to pick up after a restart. */
  async listUnfinishedIds(): Promise<string[]> {
    const rows = await this.database
      .selectFrom('trainings')
      .select('id')
      .where('status', 'in', UNFINISHED)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  async setProviderRequestId(id: string, requestId: string): Promise<void> {
    await this.database.updateTable('trainings').set({ provider_request_id: requestId }).where('id', '=', id).execute();
  }

  async requestCancel(id: string): Promise<void> {
    await this.database.updateTable('trainings').set({ cancel_requested: 1 }).where('id', '=', id).execute();
  }

  /**
   * Changes the status of an unfinished training and stores the event announcing it, with the webhook event when
   * given, all in one transaction; answers the stored event, or undefined when the training had already finished
   * (another worker, a cancel).
   */
  async transition(
    id: string,
    change: {
      status: TrainingStatus;
      step?: number;
      loraId?: string;
      brandVersion?: number | null;
      error?: TrainingError;
      finishedAt?: string;
    },
    event: TrainingEventBody,
    at: string,
    webhook?: WebhookEvent,
  ): Promise<TrainingEvent | undefined> {
    return this.database.transaction().execute(async (transaction) => {
      const result = await transaction
        .updateTable('trainings')
        .set({
          status: change.status,
          ...(change.step !== undefined && { step: change.step }),
          ...(change.loraId !== undefined && { lora_id: change.loraId }),
          ...(change.brandVersion !== undefined && { brand_version: change.brandVersion }),
          ...(change.error && { error_code: change.error.code, error_message: change.error.message }),
          ...(change.finishedAt !== undefined && { finished_at: change.finishedAt }),
        })
        .where('id', '=', id)
        .where('status', 'in', UNFINISHED)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return undefined;
      const stored = await appendEvent(transaction, id, event, at);
      if (webhook) await enqueueWebhookEvent(transaction, webhook);
      return stored;
    });
  }

  async recordProgress(id: string, step: number, event: TrainingEventBody, at: string): Promise<TrainingEvent> {
    return this.database.transaction().execute(async (transaction) => {
      await transaction.updateTable('trainings').set({ step }).where('id', '=', id).execute();
      return appendEvent(transaction, id, event, at);
    });
  }

  async listEventsAfter(id: string, afterSequence: number): Promise<TrainingEvent[]> {
    const rows = await this.database
      .selectFrom('training_events')
      .selectAll()
      .where('training_id', '=', id)
      .where('sequence', '>', afterSequence)
      .orderBy('sequence')
      .execute();
    return rows.map((row) => ({ type: row.type, data: JSON.parse(row.data), sequence: Number(row.sequence) }) as TrainingEvent);
  }
}

async function appendEvent(transaction: DatabaseConnection, id: string, event: TrainingEventBody, at: string): Promise<TrainingEvent> {
  // The training row was just updated in this transaction, so its lock orders concurrent appends on PostgreSQL.
  const last = await transaction
    .selectFrom('training_events')
    .select((expression) => expression.fn.max<number>('sequence').as('sequence'))
    .where('training_id', '=', id)
    .executeTakeFirst();
  const sequence = Number(last?.sequence ?? 0) + 1;
  await transaction
    .insertInto('training_events')
    .values({ training_id: id, sequence, type: event.type, data: JSON.stringify(event.data), created_at: at })
    .execute();
  return { ...event, sequence } as TrainingEvent;
}

function toRow(training: Training): TrainingsTable {
  return {
    id: training.id,
    brand_id: training.brandId,
    set_id: training.setId,
    trainer: training.trainer,
    family: training.family,
    steps: training.steps,
    learning_rate: training.learningRate,
    use_at_once: training.useAtOnce ? 1 : 0,
    status: training.status,
    step: training.step,
    estimated_cost_micro_usd: Math.round(training.estimatedCostUsd * 1_000_000),
    provider_request_id: training.providerRequestId,
    cancel_requested: training.cancelRequested ? 1 : 0,
    lora_id: training.loraId,
    brand_version: training.brandVersion,
    error_code: training.error?.code ?? null,
    error_message: training.error?.message ?? null,
    created_by: training.createdBy,
    created_at: training.createdAt,
    finished_at: training.finishedAt,
  };
}

function toTraining(row: Selectable<TrainingsTable>): Training {
  return {
    id: row.id,
    brandId: row.brand_id,
    setId: row.set_id,
    trainer: row.trainer,
    family: row.family,
    steps: Number(row.steps),
    learningRate: Number(row.learning_rate),
    useAtOnce: Number(row.use_at_once) === 1,
    status: row.status as TrainingStatus,
    step: Number(row.step),
    estimatedCostUsd: Number(row.estimated_cost_micro_usd) / 1_000_000,
    providerRequestId: row.provider_request_id,
    cancelRequested: Number(row.cancel_requested) === 1,
    loraId: row.lora_id,
    brandVersion: row.brand_version === null ? null : Number(row.brand_version),
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
