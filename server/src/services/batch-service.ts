import type { BatchRecord, BatchRepository } from '../db/batch-repository.ts';
import type { JobRepository } from '../db/job-repository.ts';
import { ASSET_TYPES, isAssetType, type AssetType } from '../domain/brand-kit.ts';
import type { ResolvedBrand } from '../domain/brand.ts';
import { isQualityPreset, QUALITY_PRESETS, type QualityPreset } from '../domain/quality-presets.ts';
import type { Template } from '../domain/template.ts';
import { isFinished, type Job } from '../domain/job.ts';
import { MAX_PROMPT_LENGTH, normalizePrompt, promptLength } from '../domain/prompt-composition.ts';
import type { ZipEntry } from '../images/zip-stream.ts';
import { jobFinishedEvent } from '../domain/webhook.ts';
import type { Clock } from './clock.ts';
import { NotFoundError, QueueFullError, ValidationError, type FieldError } from './errors.ts';
import type { GenerationService } from './generation-service.ts';
import type { JobEvents } from './job-events.ts';
import type { LibraryService } from './library-service.ts';
import { applyTemplate, type TemplateService } from './template-service.ts';
import { rowsForTemplate, type CsvTable } from '../domain/template-rows.ts';

export const MAX_BATCH_JOBS = 100;

/** A client's Idempotency-Key with the SHA-256 of the request it came with. */
export interface Idempotency {
  key: string;
  requestSha256: string;
}

export type BatchRequest = (
  | { userId: string; prompts: string[]; model?: string | undefined; projectId?: string | undefined }
  | { userId: string; templateId: string; table: CsvTable }
) & {
  idempotency?: Idempotency | undefined;
  /** Every job is made with this brand's newest version; the default brand's when absent. */
  brandId?: string | undefined;
  /** Told how many jobs the batch starts once it is checked and before anything is written; may refuse it by throwing. */
  admit?: (jobs: number) => Promise<void>;
};

/** What a batch's jobs are made with: the request's model, or a template's model, asset type and preset. */
interface JobChoices {
  model?: string | undefined;
  assetType?: AssetType | undefined;
  preset?: QualityPreset | undefined;
  /** The project the jobs' images are filed under. */
  projectId?: string | undefined;
}

interface PlannedJob extends JobChoices {
  /** Where the prompt stands in the request, for naming its field. */
  index: number;
  prompt: string;
}

export interface Batch {
  record: BatchRecord;
  jobs: Job[];
  /** True when an Idempotency-Key named a batch made earlier, which is answered instead of a new one. */
  replayed?: boolean;
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

  /**
   * Every prompt or row is checked and every job built before anything is written; the batch and its jobs are then
   * stored in one transaction and only then queued, so a refused or failed batch leaves nothing behind to pay for.
   */
  async create(request: BatchRequest): Promise<Batch> {
    const { batches, jobs, generation, clock, maxQueue } = this.options;
    const earlier = await this.replay(request);
    if (earlier) return earlier;
    const planned =
      'prompts' in request
        ? this.fromPrompts(request.prompts, { model: request.model, projectId: request.projectId })
        : await this.fromTemplate(request);
    if (planned.length === 0) throw new ValidationError([{ field: 'prompts', message: 'Give at least one prompt.' }]);
    if (planned.length > MAX_BATCH_JOBS) {
      throw new ValidationError([{ field: 'prompts', message: `A batch holds at most ${MAX_BATCH_JOBS} prompts.` }]);
    }
    // One brand version for the whole batch, even if the brand changes while it is being checked.
    const brand = await generation.resolveBrand({ brandId: request.brandId });
    const prepared = this.prepareJobs(request.userId, planned, 'prompts' in request ? 'prompts' : 'rows', brand);
    // All or nothing at the door: a batch that would not fit the queue is refused before any job starts.
    if ((await jobs.countUnfinished()) + prepared.length > maxQueue) throw new QueueFullError(30);
    await request.admit?.(prepared.length);
    const record: BatchRecord = {
      id: clock.newId(),
      userId: request.userId,
      templateId: 'templateId' in request ? request.templateId : null,
      createdAt: clock.now(),
      cancelledAt: null,
      jobIds: prepared.map((job) => job.id),
      idempotency: request.idempotency,
    };
    try {
      await generation.startStored(prepared, () => batches.insertWithJobs(record, prepared));
    } catch (error) {
      // The same key sent twice at once: the other request stored its batch first, and this one answers with it.
      const stored = await this.replay(request);
      if (stored) return stored;
      throw error;
    }
    return { record, jobs: prepared };
  }

  /** The batch an earlier request with the same Idempotency-Key made, so a retrying client never pays twice. */
  private async replay(request: BatchRequest): Promise<Batch | undefined> {
    if (!request.idempotency) return undefined;
    const record = await this.options.batches.findByIdempotencyKey(request.userId, request.idempotency.key);
    if (!record) return undefined;
    if (record.idempotency?.requestSha256 !== request.idempotency.requestSha256) {
      throw new ValidationError([
        { field: 'Idempotency-Key', message: 'This key was already used for a different batch. Send a new key with a new batch.' },
      ]);
    }
    return { ...(await this.get(request.userId, record.id)), replayed: true };
  }

  /** Builds every job, collecting the field errors of all of them; a prompt's problem is named by its position. */
  private prepareJobs(userId: string, planned: PlannedJob[], listField: 'prompts' | 'rows', brand: ResolvedBrand): Job[] {
    const fields = new Map<string, FieldError>();
    const prepared = planned.flatMap((plan) => {
      try {
        return [this.options.generation.prepare({ userId, ...plan }, brand)];
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        for (const field of error.fields) {
          const name = field.field === 'prompt' ? `${listField}.${plan.index}` : field.field;
          fields.set(name, { ...field, field: name });
        }
        return [];
      }
    });
    if (fields.size > 0) throw new ValidationError([...fields.values()]);
    return prepared;
  }

  async get(userId: string, id: string): Promise<Batch> {
    const record = await this.options.batches.findById(userId, id);
    if (!record) throw new NotFoundError('There is no batch with this id.');
    return this.withJobs(record);
  }

  /** A page of the user's batches, newest first, each with its jobs; `nextCursor` is null on the last page. */
  async list(
    userId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ batches: Batch[]; nextCursor: string | null }> {
    // One more than asked tells whether another page follows without a count query.
    const records = await this.options.batches.listByUser(userId, { limit: page.limit + 1, beforeId: page.cursor });
    const shown = records.slice(0, page.limit);
    // Every job of the page in one read, not one read per job.
    const jobs = new Map((await this.options.jobs.findByIds(shown.flatMap((record) => record.jobIds))).map((job) => [job.id, job]));
    const batches = shown.map((record) => ({ record, jobs: record.jobIds.flatMap((id) => jobs.get(id) ?? []) }));
    return { batches, nextCursor: records.length > page.limit ? shown.at(-1)!.id : null };
  }

  private async withJobs(record: BatchRecord): Promise<Batch> {
    return { record, jobs: await this.options.jobs.findByIds(record.jobIds) };
  }

  /** Stops the jobs that have not started; running ones finish, since their images are already being paid for. */
  async cancelRest(userId: string, id: string): Promise<Batch> {
    const { jobs, events, clock, batches } = this.options;
    const batch = await this.get(userId, id);
    const error = { code: 'cancelled', message: 'Cancelled with the rest of its batch before it started.' };
    for (const job of batch.jobs.filter((candidate) => candidate.status === 'queued')) {
      const now = clock.now();
      // The job's change and its announcement are stored together, as everywhere else. It has no images, so it is filed
      // at once, with its webhook; a crash between the two leaves it to a worker to file.
      const cancelled = await jobs.transition(
        job.id,
        ['queued'],
        'failed',
        { completedAt: now, error },
        { type: 'failed', data: { error }, createdAt: now },
      );
      if (!cancelled) continue;
      const filed = await jobs.markFiled(
        job.id,
        { filedAt: now },
        jobFinishedEvent({ ...job, status: 'failed', error }, 'failed', error, now),
      );
      await events.broadcast(job.id, filed ? [cancelled, filed] : [cancelled]);
    }
    await batches.markCancelled(id, clock.now());
    return this.get(userId, id);
  }

  async archiveEntries(userId: string, id: string): Promise<ZipEntry[]> {
    const batch = await this.get(userId, id);
    return this.options.library.archiveEntriesOfJobs(
      userId,
      batch.jobs.map((job) => job.id),
    );
  }

  private fromPrompts(prompts: string[], settings: JobChoices, listField = 'prompts'): PlannedJob[] {
    const fields: FieldError[] = [];
    const planned = prompts.map((raw, index) => {
      const prompt = normalizePrompt(raw);
      if (promptLength(prompt) > MAX_PROMPT_LENGTH) {
        fields.push({ field: `${listField}.${index}`, message: `Prompt ${index + 1} is longer than ${MAX_PROMPT_LENGTH} characters.` });
      }
      return { index, prompt, ...settings };
    });
    if (fields.length > 0) throw new ValidationError(fields);
    return planned.filter((plan) => plan.prompt.length > 0);
  }

  /** One job per row, with the template's model, asset type and quality preset, as applying it gives. */
  private async fromTemplate(request: { userId: string; templateId: string; table: CsvTable }): Promise<PlannedJob[]> {
    const template = await this.options.templates.get(request.userId, request.templateId);
    const checked = rowsForTemplate(template.prompt, request.table);
    if (!checked.ok) throw new ValidationError(checked.problems, 'Some rows do not fit the template.');
    const prompts = checked.rows.map((row, index) => applyTemplate(template, row, `rows.${index}`).prompt);
    return this.fromPrompts(prompts, choicesOf(template), 'rows');
  }

  isRunning(batch: Batch): boolean {
    return batch.jobs.some((job) => !isFinished(job.status));
  }
}

/**
 * A template's model, asset type and preset. Templates saved before these were checked may hold any text, which the
 * route schemas never saw: refused here, by field.
 */
function choicesOf(template: Template): JobChoices {
  const { model, assetType, preset } = template;
  const fields: FieldError[] = [];
  if (assetType !== null && !isAssetType(assetType)) {
    fields.push({ field: 'asset_type', message: `The asset type must be one of ${ASSET_TYPES.join(', ')}.` });
  }
  if (preset !== null && !isQualityPreset(preset)) {
    fields.push({ field: 'preset', message: `The quality preset must be one of ${QUALITY_PRESETS.join(', ')}.` });
  }
  if (fields.length > 0) throw new ValidationError(fields);
  return {
    model: model ?? undefined,
    assetType: assetType !== null && isAssetType(assetType) ? assetType : undefined,
    preset: preset !== null && isQualityPreset(preset) ? preset : undefined,
  };
}
