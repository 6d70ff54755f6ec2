import type { BatchRecord, BatchRepository } from '../db/batch-repository.ts';
import type { JobRepository } from '../db/job-repository.ts';
import { isFinished, type Job } from '../domain/job.ts';
import { MAX_PROMPT_LENGTH, normalizePrompt, promptLength } from '../domain/prompt-composition.ts';
import type { ZipEntry } from '../images/zip-stream.ts';
import type { Clock } from './clock.ts';
import { NotFoundError, QueueFullError, ValidationError, type FieldError } from './errors.ts';
import type { GenerationService } from './generation-service.ts';
import type { JobEvents } from './job-events.ts';
import type { LibraryService } from './library-service.ts';
import { applyTemplate, type TemplateService } from './template-service.ts';

export const MAX_BATCH_JOBS = 100;

export type BatchRequest = (
  | { userId: string; prompts: string[]; model?: string | undefined }
  | { userId: string; templateId: string; rows: Array<Record<string, string>> }
) & {
  /** Told how many jobs the batch starts once it is checked and before anything is written; may refuse it by throwing. */
  admit?: (jobs: number) => Promise<void>;
};

export interface Batch {
  record: BatchRecord;
  jobs: Job[];
}

export interface BatchServiceOptions {
  batches: BatchRepository;
  jobs: JobRepository;
  generation: GenerationService;
  templates: TemplateService;
  library: LibraryService;
  events: JobEvents;
  clock: Clock;
  maxQueue: number;
}

/** Many jobs started and followed as one: from a list of prompts, or a template filled from table rows. */
export class BatchService {
  private readonly options: BatchServiceOptions;

  constructor(options: BatchServiceOptions) {
    this.options = options;
  }

  async create(request: BatchRequest): Promise<Batch> {
    const { batches, jobs, generation, clock, maxQueue } = this.options;
    const planned = 'prompts' in request ? this.fromPrompts(request.prompts, request.model) : await this.fromTemplate(request);
    if (planned.length === 0) throw new ValidationError([{ field: 'prompts', message: 'Give at least one prompt.' }]);
    if (planned.length > MAX_BATCH_JOBS) {
      throw new ValidationError([{ field: 'prompts', message: `A batch holds at most ${MAX_BATCH_JOBS} prompts.` }]);
    }
    // All or nothing at the door: a batch that would not fit the queue is refused before any job starts.
    if ((await jobs.countUnfinished()) + planned.length > maxQueue) throw new QueueFullError(30);
    await request.admit?.(planned.length);
    const record: BatchRecord = {
      id: clock.newId(),
      userId: request.userId,
      templateId: 'templateId' in request ? request.templateId : null,
      createdAt: clock.now(),
      cancelledAt: null,
      jobIds: [],
    };
    await batches.insert(record);
    const started: Job[] = [];
    for (const [position, plan] of planned.entries()) {
      const job = await generation.generate({ userId: request.userId, prompt: plan.prompt, model: plan.model });
      await batches.addJob(record.id, position, job.id);
      started.push(job);
    }
    return { record: { ...record, jobIds: started.map((job) => job.id) }, jobs: started };
  }

  async get(userId: string, id: string): Promise<Batch> {
    const record = await this.options.batches.findById(userId, id);
    if (!record) throw new NotFoundError('There is no batch with this id.');
    const found = await Promise.all(record.jobIds.map((jobId) => this.options.jobs.findById(jobId)));
    return { record, jobs: found.filter((job): job is Job => job !== undefined) };
  }

  /** Stops the jobs that have not started; running ones finish, since their images are already being paid for. */
  async cancelRest(userId: string, id: string): Promise<Batch> {
    const { jobs, events, clock, batches } = this.options;
    const batch = await this.get(userId, id);
    const error = { code: 'cancelled', message: 'Cancelled with the rest of its batch before it started.' };
    for (const job of batch.jobs.filter((candidate) => candidate.status === 'queued')) {
      const now = clock.now();
      // The job's change and its announcement are stored together, as everywhere else.
      const cancelled = await jobs.transition(job.id, ['queued'], 'failed', { completedAt: now, error }, { type: 'failed', data: { error }, createdAt: now });
      if (cancelled) await events.broadcast(job.id, [cancelled]);
    }
    await batches.markCancelled(id, clock.now());
    return this.get(userId, id);
  }

  async archiveEntries(userId: string, id: string): Promise<ZipEntry[]> {
    const batch = await this.get(userId, id);
    return this.options.library.archiveEntriesOfJobs(userId, batch.jobs.map((job) => job.id));
  }

  private fromPrompts(prompts: string[], model: string | undefined): Array<{ prompt: string; model: string | undefined }> {
    const fields: FieldError[] = [];
    const planned = prompts.map((raw, index) => {
      const prompt = normalizePrompt(raw);
      if (promptLength(prompt) > MAX_PROMPT_LENGTH) {
        fields.push({ field: `prompts.${index}`, message: `Prompt ${index + 1} is longer than ${MAX_PROMPT_LENGTH} characters.` });
      }
      return { prompt, model };
    });
    if (fields.length > 0) throw new ValidationError(fields);
    return planned.filter((plan) => plan.prompt.length > 0);
  }

  private async fromTemplate(request: { userId: string; templateId: string; rows: Array<Record<string, string>> }) {
    const template = await this.options.templates.get(request.userId, request.templateId);
    const fields: FieldError[] = [];
    const planned = request.rows.flatMap((row, index) => {
      try {
        const applied = applyTemplate(template, row, `rows.${index}`);
        return [{ prompt: applied.prompt, model: applied.model ?? undefined }];
      } catch (error) {
        if (error instanceof ValidationError) fields.push(...error.fields);
        else throw error;
        return [];
      }
    });
    if (fields.length > 0) throw new ValidationError(fields, 'Some rows leave placeholders empty.');
    return this.fromPrompts(
      planned.map((plan) => plan.prompt),
      planned[0]?.model,
    );
  }

  isRunning(batch: Batch): boolean {
    return batch.jobs.some((job) => !isFinished(job.status));
  }
}
