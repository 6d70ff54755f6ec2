import { randomInt } from 'node:crypto';
import { DEFAULT_ASSET_TYPE, isAssetType, loraForFamily, type AssetType, type BrandKit, type LoraReference } from '../domain/brand-kit.ts';
import type { BrandRef, ResolvedBrand } from '../domain/brand.ts';
import { DEFAULT_PRESET, type QualityPreset } from '../domain/quality-presets.ts';
import {
  EDIT_VARIATION_STRENGTH,
  IMAGES_PER_JOB,
  pendingSlot,
  type BrandLook,
  type Job,
  type JobLora,
  type JobSettings,
  type Refinement,
} from '../domain/job.ts';
import { slotSeeds } from '../domain/job-state.ts';
import type { ImageRefinement } from '../domain/library-image.ts';
import { composePrompt, normalizePrompt } from '../domain/prompt-composition.ts';
import type { JobRepository } from '../db/job-repository.ts';
import type { UsageRepository } from '../db/usage-repository.ts';
import type { CatalogEntry, ImageModelCatalog } from '../providers/image-model-catalog.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Clock } from './clock.ts';
import { QueueAdmission } from './queue-admission.ts';
import { BudgetExceededError, NotFoundError, QueueFullError, ValidationError, type FieldError } from './errors.ts';

/**
 * The requests below arrive checked by the route schemas (a prompt of 1 to MAX_PROMPT_LENGTH characters, an asset type
 * and preset from their lists, a strength in range): the service checks only what needs the catalog or the store.
 */
export interface GenerateRequest {
  userId: string;
  prompt: string;
  model?: string | undefined;
  seed?: number | undefined;
  assetType?: AssetType | undefined;
  preset?: QualityPreset | undefined;
  parentImageId?: string | undefined;
  projectId?: string | undefined;
  refinement?: Refinement | undefined;
  /** The newest version of this brand, or `brandVersion` of it; see BrandChoice. */
  brandId?: string | undefined;
  /** With brandId: an exact version, to repeat earlier work ("use these settings"). */
  brandVersion?: number | undefined;
  /** An exact earlier version, for a variation of an image made with it. */
  brandOf?: BrandRef | undefined;
  /** Instead of the kit's LoRA for the model's family: this one, or none (null); for a LoRA's with-and-without test. */
  lora?: JobLora | null | undefined;
  /** Fewer images than the usual four, e.g. one per prompt of a comparison. */
  images?: number | undefined;
}

/**
 * Which brand version a job is made with: a named brand's newest or a version of it the request names, an exact
 * version an earlier job was made with, or the default brand's newest.
 */
interface BrandChoice {
  brandId?: string | undefined;
  brandVersion?: number | undefined;
  brandOf?: BrandRef | undefined;
}

/** Where brand kits come from (BrandService): checked for a new job, and read again by version for "more". */
export interface BrandSource {
  forNewJob(brandId: string | undefined): Promise<ResolvedBrand>;
  forJob(ref: BrandRef): Promise<ResolvedBrand>;
}

/** The library image a refinement starts from. */
export interface RefinementSource {
  id: string;
  prompt: string;
  model: string;
  assetType: string | null;
  projectId: string | null;
  blobKey: string;
  /** How the source was made from its own parent; an edit's variations start from the edited picture itself. */
  refinement?: ImageRefinement | null;
}

export interface EditRequest {
  userId: string;
  source: RefinementSource;
  instruction: string;
  model?: string | undefined;
  preset?: QualityPreset | undefined;
  seed?: number | undefined;
  brandId?: string | undefined;
  brandOf?: BrandRef | undefined;
}

export interface VariationRequest {
  userId: string;
  source: RefinementSource;
  /** Image-to-image strength; without one, variations are the same settings with new seeds. */
  strength?: number | undefined;
  /** The quality preset the source image was made with, kept for its variations. */
  preset?: QualityPreset | undefined;
  brandId?: string | undefined;
  brandOf?: BrandRef | undefined;
}

export interface JobPage {
  jobs: Job[];
  nextCursor: string | null;
}

export interface GenerationServiceOptions {
  repository: JobRepository;
  queue: JobQueue;
  catalog: ImageModelCatalog;
  brands: BrandSource;
  clock: Clock;
  maxQueue: number;
  usage: UsageRepository;
  /** Estimated spend per UTC month after which new jobs are refused; null for no limit. */
  monthlyBudgetUsd: number | null;
  /** Told of jobs once they are stored, before they are queued (a project's open streams follow them). */
  announce?: (jobs: readonly Job[]) => Promise<void>;
}

const QUEUE_FULL_RETRY_SECONDS = 30;
/** How long a count of unfinished jobs is trusted (see QueueAdmission). */
const QUEUE_COUNT_REFRESH_MS = 1_000;

/** Admins read every user's jobs; everyone else only their own. */
export interface ReadAccess {
  anyOwner?: boolean;
}

/** The use cases of asking for images and looking at what was asked. */
export class GenerationService {
  private readonly options: GenerationServiceOptions;
  private readonly admission: QueueAdmission;

  constructor(options: GenerationServiceOptions) {
    this.options = options;
    this.admission = new QueueAdmission({
      countUnfinished: () => options.repository.countUnfinished(),
      maxQueue: options.maxQueue,
      refreshMs: QUEUE_COUNT_REFRESH_MS,
    });
  }

  async generate(request: GenerateRequest): Promise<Job> {
    return this.start(this.prepare(request, await this.resolveBrand(request)));
  }

  /** The brand version a request names (see BrandChoice); an unknown or archived brand is a field error. */
  resolveBrand(choice: BrandChoice): Promise<ResolvedBrand> {
    if (choice.brandId !== undefined && choice.brandVersion !== undefined) {
      return this.namedVersion({ id: choice.brandId, version: choice.brandVersion });
    }
    if (choice.brandId !== undefined) return this.options.brands.forNewJob(choice.brandId);
    if (choice.brandOf !== undefined) return this.options.brands.forJob(choice.brandOf);
    return this.options.brands.forNewJob(undefined);
  }

  /** A version a request names: one that does not exist is the request's mistake, said at its field. */
  private async namedVersion(ref: BrandRef): Promise<ResolvedBrand> {
    try {
      return await this.options.brands.forJob(ref);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new ValidationError([
        { field: 'brand_version', message: `That brand has no version ${ref.version}. See GET /api/brands/{id}/versions.` },
      ]);
    }
  }

  /**
   * Checks a generation request and builds its job without storing or starting anything, so that a batch can check
   * every job before it writes one.
   */
  prepare(request: GenerateRequest, brand: ResolvedBrand): Job {
    const prompt = normalizePrompt(request.prompt);
    const modelId = request.model ?? this.options.catalog.defaultEntry.id;
    const entry = this.options.catalog.get(modelId);
    if (!entry) throw new ValidationError([{ field: 'model', message: `There is no model called "${modelId}". See GET /api/models.` }]);
    const assetType = request.assetType ?? DEFAULT_ASSET_TYPE;
    const preset = request.preset ?? DEFAULT_PRESET;
    const shape = brand.kit.asset_types[assetType];
    return this.buildJob({
      userId: request.userId,
      prompt,
      brand,
      entry,
      settings: {
        seed: request.seed ?? null,
        size: shape.size as `${number}x${number}`,
        aspectRatio: shape.aspect_ratio as `${number}:${number}`,
        assetType,
        preset,
        lora: entry.supportsLora ? this.loraFor(request, brand.kit, entry, assetType) : null,
        brandLook: lookOf(brand.kit),
        ...(request.parentImageId !== undefined && { parentImageId: request.parentImageId }),
        ...(request.projectId !== undefined && { projectId: request.projectId }),
        ...(request.refinement !== undefined && { refinement: request.refinement }),
        ...(request.images !== undefined && request.images !== IMAGES_PER_JOB && { images: request.images }),
      },
      sourceJobId: null,
    });
  }

  private loraFor(request: GenerateRequest, kit: BrandKit, entry: CatalogEntry, assetType: AssetType): JobLora | null {
    if (request.lora !== undefined) return request.lora;
    return jobLoraOf(loraForFamily(kit, entry.family ?? undefined, assetType));
  }

  /**
   * Several jobs of one brand version accepted together or not at all: stored in one transaction, then queued (a LoRA's
   * with-and-without test, whose two halves mean nothing apart).
   */
  async generateTogether(requests: readonly GenerateRequest[], brand: ResolvedBrand): Promise<Job[]> {
    const jobs = requests.map((request) => this.prepare(request, brand));
    if (!(await this.admission.hasRoom())) throw new QueueFullError(QUEUE_FULL_RETRY_SECONDS);
    await this.startStored(jobs, () => this.options.repository.insertAll(jobs));
    return jobs;
  }

  /**
   * Four edits of an image that follow a written instruction. The job keeps the source's prompt as its prompt, so
   * "use these settings" and variations of the edit start from what the picture shows, not from the instruction; the
   * instruction is recorded in the refinement and is what the model gets, as it is: the source already carries the
   * brand, and editors follow a plain instruction best.
   */
  async edit(request: EditRequest): Promise<Job> {
    const { catalog } = this.options;
    const instruction = normalizePrompt(request.instruction);
    const fields: FieldError[] = [];
    const editors = catalog.editors();
    let entry: CatalogEntry | undefined;
    if (request.model !== undefined) {
      entry = catalog.get(request.model);
      if (!entry) fields.push({ field: 'model', message: `There is no model called "${request.model}". See GET /api/models.` });
      else if (!entry.supportsEdit) {
        fields.push({ field: 'model', message: `${entry.label} cannot edit images. ${editorChoice(editors)}` });
        entry = undefined;
      }
    } else {
      const own = catalog.get(request.source.model);
      entry = own?.supportsEdit ? own : editors[0];
      if (!entry) fields.push({ field: 'model', message: editorChoice(editors) });
    }
    const preset = request.preset ?? DEFAULT_PRESET;
    if (fields.length > 0 || !entry) throw new ValidationError(fields);
    const { source } = request;
    const brand = await this.resolveBrand(request);
    return this.start(
      this.buildJob({
        userId: request.userId,
        prompt: source.prompt,
        composed: { prompt: instruction, negativePrompt: '' },
        brand,
        entry,
        settings: {
          ...shapeOf(brand.kit, source.assetType),
          seed: request.seed ?? null,
          preset,
          lora: null,
          brandLook: lookOf(brand.kit),
          parentImageId: source.id,
          ...(source.projectId !== null && { projectId: source.projectId }),
          refinement: { kind: 'edit', instruction, sourcePrompt: source.prompt, sourceBlobKey: source.blobKey },
        },
        sourceJobId: null,
      }),
    );
  }

  /**
   * Four variations of an image: new seeds of its prompt and model, redrawn from the image itself when a strength is
   * given. An edited image is always drawn from itself, since its prompt alone would draw the picture from before the
   * edit: redrawn at EDIT_VARIATION_STRENGTH unless told, or, by a model that only edits, sent to its edit endpoint
   * with the prompt.
   */
  async vary(request: VariationRequest): Promise<Job> {
    const { source } = request;
    const entry = this.options.catalog.get(source.model);
    const edited = source.refinement?.kind === 'edit';
    const strength = request.strength ?? (edited && entry?.supportsImageToImage ? EDIT_VARIATION_STRENGTH : undefined);
    if (strength !== undefined && entry && !entry.supportsImageToImage) {
      throw new ValidationError([
        {
          field: 'strength',
          message: `${entry.label} cannot redraw an existing image, so it takes no strength. Leave the strength out for new seeds of the same settings.`,
        },
      ]);
    }
    const fromImage = strength !== undefined || (edited && entry?.supportsEdit === true);
    return this.generate({
      userId: request.userId,
      prompt: source.prompt,
      model: source.model,
      assetType: source.assetType !== null && isAssetType(source.assetType) ? source.assetType : undefined,
      preset: request.preset,
      parentImageId: source.id,
      // Refinements stay in the project of the image they refine.
      ...(source.projectId !== null && { projectId: source.projectId }),
      refinement: { kind: 'variation', strength: strength ?? null, sourceBlobKey: fromImage ? source.blobKey : null },
      brandId: request.brandId,
      brandOf: request.brandOf,
    });
  }

  /** "Generate More": the same prompt and settings with new seeds. */
  async generateMore(userId: string, jobId: string, access: ReadAccess = {}): Promise<Job> {
    const source = await this.getJob(userId, jobId, access);
    const entry = this.options.catalog.get(source.model);
    if (!entry) {
      throw new ValidationError(
        [{ field: 'model', message: `The model "${source.model}" is no longer configured. Start a new generation with another model.` }],
        'The model of this job is no longer available.',
      );
    }
    // The job's own brand version, however the brand changed since.
    const brand = await this.options.brands.forJob(source.brand);
    return this.start(
      this.buildJob({
        userId,
        prompt: source.prompt,
        brand,
        // An edit's instruction goes to the model as it is, not composed with the brand kit.
        ...(source.settings.refinement?.kind === 'edit' && {
          composed: { prompt: source.finalPrompt, negativePrompt: source.negativePrompt },
        }),
        entry,
        settings: { ...source.settings, seed: null },
        sourceJobId: source.id,
      }),
    );
  }

  async getJob(userId: string, jobId: string, access: ReadAccess = {}): Promise<Job> {
    const job = await this.options.repository.findById(jobId);
    // Another user's job answers exactly like a missing one, so ids reveal nothing.
    if (!job || (job.userId !== userId && !access.anyOwner)) throw new NotFoundError('There is no job with this id.');
    return job;
  }

  /** A user's jobs, newest first; everyone's when `userId` is undefined (administrators). */
  async listJobs(userId: string | undefined, limit: number, cursor: string | undefined): Promise<JobPage> {
    const jobs = await this.options.repository.listByUser(userId, { limit: limit + 1, beforeId: cursor });
    const page = jobs.slice(0, limit);
    return { jobs: page, nextCursor: jobs.length > limit ? page.at(-1)!.id : null };
  }

  /** Stores one job and queues it, once the budget and the queue have room. */
  private async start(job: Job): Promise<Job> {
    await this.checkBudget();
    if (!(await this.admission.hasRoom())) throw new QueueFullError(QUEUE_FULL_RETRY_SECONDS);
    await this.options.repository.insert(job);
    this.admission.accepted();
    await this.options.announce?.([job]);
    await this.options.queue.enqueue(job.id);
    return job;
  }

  /**
   * Starts prepared jobs that `store` writes in one transaction of its own (a batch with its jobs): nothing is queued
   * unless everything was stored. The caller has checked the queue's room for all of them.
   */
  async startStored(jobs: readonly Job[], store: () => Promise<void>): Promise<void> {
    await this.checkBudget();
    await store();
    await this.options.announce?.(jobs);
    for (const job of jobs) {
      this.admission.accepted();
      await this.options.queue.enqueue(job.id);
    }
  }

  private buildJob(input: {
    userId: string;
    prompt: string;
    /** The prompt and negative prompt sent to the model; composed from the brand kit when absent. */
    composed?: { prompt: string; negativePrompt: string };
    brand: ResolvedBrand;
    entry: CatalogEntry;
    settings: JobSettings;
    sourceJobId: string | null;
  }): Job {
    const { clock } = this.options;
    const composed = input.composed ?? composePrompt(input.brand.kit, input.prompt, input.settings.assetType);
    const preset: QualityPreset = input.settings.preset ?? DEFAULT_PRESET;
    const firstSeed = input.settings.seed ?? randomInt(0, 2 ** 32 - IMAGES_PER_JOB);
    const images = input.settings.images ?? IMAGES_PER_JOB;
    const job: Job = {
      id: clock.newId(),
      userId: input.userId,
      prompt: input.prompt,
      finalPrompt: composed.prompt,
      negativePrompt: composed.negativePrompt,
      model: input.entry.id,
      status: 'queued',
      settings: input.settings,
      brand: input.brand.ref,
      sourceJobId: input.sourceJobId,
      error: null,
      createdAt: clock.now(),
      startedAt: null,
      completedAt: null,
      filedAt: null,
      estimatedCostUsd: input.entry.presets[preset].pricePerImageUsd * images,
      slots: slotSeeds(firstSeed, images).map((seed, slot) => pendingSlot(slot, seed)),
    };
    return job;
  }

  /** Refuses new work once this month's estimated spend reaches the budget (seed NFR-5). */
  private async checkBudget(): Promise<void> {
    const budget = this.options.monthlyBudgetUsd;
    if (budget === null) return;
    const spent = await this.options.usage.monthSpendUsd(this.options.clock.now().slice(0, 7));
    if (spent >= budget) throw new BudgetExceededError(budget, spent);
  }
}

function lookOf(kit: BrandKit): BrandLook {
  return { name: kit.name, palette: [...kit.palette] };
}

/** The size and shape of an asset type; an unknown or missing one reads as the default. */
function shapeOf(kit: BrandKit, assetType: string | null): Pick<JobSettings, 'assetType' | 'size' | 'aspectRatio'> {
  const type = assetType !== null && isAssetType(assetType) ? assetType : DEFAULT_ASSET_TYPE;
  const shape = kit.asset_types[type];
  return { assetType: type, size: shape.size as `${number}x${number}`, aspectRatio: shape.aspect_ratio as `${number}:${number}` };
}

/** Names the models that can edit, or says that none is configured. */
function editorChoice(editors: readonly CatalogEntry[]): string {
  if (editors.length === 0) {
    return 'No configured model can edit images. Configure fal.ai (FLUX Kontext), OpenAI or Google, or use the demo model.';
  }
  return `Choose a model that can edit: ${editors.map((entry) => entry.id).join(', ')}.`;
}

function jobLoraOf(reference: LoraReference | undefined): JobLora | null {
  return reference ? { loraId: reference.lora_id, scale: reference.scale } : null;
}
