import { randomInt } from 'node:crypto';
import type { BrandKit } from '../domain/brand-kit.ts';
import { IMAGES_PER_JOB, type Job, type JobSettings } from '../domain/job.ts';
import { slotSeeds } from '../domain/job-state.ts';
import { composePrompt, MAX_PROMPT_LENGTH, normalizePrompt, promptLength } from '../domain/prompt-composition.ts';
import type { JobRepository } from '../db/job-repository.ts';
import type { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Clock } from './clock.ts';
import { NotFoundError, QueueFullError, ValidationError, type FieldError } from './errors.ts';

export interface GenerateRequest {
  userId: string;
  prompt: string;
  model?: string | undefined;
  seed?: number | undefined;
  parentImageId?: string | undefined;
  projectId?: string | undefined;
}

export interface JobPage {
  jobs: Job[];
  nextCursor: string | null;
}

export interface GenerationServiceOptions {
  repository: JobRepository;
  queue: JobQueue;
  catalog: ImageModelCatalog;
  brandKit: () => BrandKit;
  clock: Clock;
  maxQueue: number;
}

const QUEUE_FULL_RETRY_SECONDS = 30;
const DEFAULT_SIZE = '1024x1024';

/** The use cases of asking for images and looking at what was asked. */
export class GenerationService {
  private readonly options: GenerationServiceOptions;

  constructor(options: GenerationServiceOptions) {
    this.options = options;
  }

  async generate(request: GenerateRequest): Promise<Job> {
    const prompt = normalizePrompt(request.prompt);
    const modelId = request.model ?? this.options.catalog.defaultEntry.id;
    const fields: FieldError[] = [];
    if (prompt.length === 0) fields.push({ field: 'prompt', message: 'Describe the image you need.' });
    else if (promptLength(prompt) > MAX_PROMPT_LENGTH) {
      fields.push({ field: 'prompt', message: `Keep the description to ${MAX_PROMPT_LENGTH} characters or fewer.` });
    }
    if (!this.options.catalog.get(modelId)) {
      fields.push({ field: 'model', message: `There is no model called "${modelId}". See GET /api/models.` });
    }
    if (fields.length > 0) throw new ValidationError(fields);
    return this.createJob({
      userId: request.userId,
      prompt,
      model: modelId,
      settings: {
        seed: request.seed ?? null,
        size: DEFAULT_SIZE,
        ...(request.parentImageId !== undefined && { parentImageId: request.parentImageId }),
        ...(request.projectId !== undefined && { projectId: request.projectId }),
      },
      sourceJobId: null,
    });
  }

  /** "Generate More": the same prompt and settings with new seeds. */
  async generateMore(userId: string, jobId: string): Promise<Job> {
    const source = await this.getJob(userId, jobId);
    return this.createJob({
      userId,
      prompt: source.prompt,
      model: source.model,
      settings: { ...source.settings, seed: null },
      sourceJobId: source.id,
    });
  }

  async getJob(userId: string, jobId: string): Promise<Job> {
    const job = await this.options.repository.findById(jobId);
    // Another user's job answers exactly like a missing one, so ids reveal nothing.
    if (!job || job.userId !== userId) throw new NotFoundError('There is no job with this id.');
    return job;
  }

  /** The newest event number of a job, read before the job itself so a stream never misses an event. */
  async latestEventSequence(jobId: string): Promise<number> {
    return this.options.repository.latestEventSequence(jobId);
  }

  async listJobs(userId: string, limit: number, cursor: string | undefined): Promise<JobPage> {
    const jobs = await this.options.repository.listByUser(userId, { limit: limit + 1, beforeId: cursor });
    const page = jobs.slice(0, limit);
    return { jobs: page, nextCursor: jobs.length > limit ? page.at(-1)!.id : null };
  }

  private async createJob(input: {
    userId: string;
    prompt: string;
    model: string;
    settings: JobSettings;
    sourceJobId: string | null;
  }): Promise<Job> {
    const { repository, queue, clock, maxQueue } = this.options;
    if ((await repository.countUnfinished()) >= maxQueue) throw new QueueFullError(QUEUE_FULL_RETRY_SECONDS);
    const composed = composePrompt(this.options.brandKit(), input.prompt);
    const firstSeed = input.settings.seed ?? randomInt(0, 2 ** 32 - IMAGES_PER_JOB);
    const job: Job = {
      id: clock.newId(),
      userId: input.userId,
      prompt: input.prompt,
      finalPrompt: composed.prompt,
      negativePrompt: composed.negativePrompt,
      model: input.model,
      status: 'queued',
      settings: input.settings,
      sourceJobId: input.sourceJobId,
      error: null,
      createdAt: clock.now(),
      startedAt: null,
      completedAt: null,
      slots: slotSeeds(firstSeed, IMAGES_PER_JOB).map((seed, slot) => ({
        slot,
        seed,
        status: 'pending',
        blobKey: null,
        contentType: null,
        byteSize: null,
        sha256: null,
        width: null,
        height: null,
        attempts: 0,
        errorMessage: null,
        completedAt: null,
      })),
    };
    await repository.insert(job);
    await queue.enqueue(job.id);
    return job;
  }
}
