import type { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { ProjectImageSummary, ProjectRepository } from '../db/project-repository.ts';
import type { BrandBrief, Project, ProjectExpansion, ProjectInspiration } from '../domain/brand-brief.ts';
import type { Job } from '../domain/job.ts';
import type { BriefExpander, InspirationPicture } from '../providers/text/brief-expander.ts';
import type { Batch, BatchService } from './batch-service.ts';
import type { Clock } from './clock.ts';
import { cleanInspirationImage, ImageRejectedError, INSPIRATION_MAX_BYTES } from '../images/inspiration-image.ts';
import { ConflictError, NotFoundError, PayloadTooLargeError, ServiceError, UnsupportedMediaError, UpstreamError } from './errors.ts';
import type { GenerationService } from './generation-service.ts';

export const MAX_PROJECTS_LISTED = 200;

export class BriefExpansionFailedError extends UpstreamError {
  constructor(reason: string) {
    super('brief_expansion_failed', `The language model could not expand the brief (${reason}). Try again, or edit the prompts by hand.`);
  }
}

export interface InspirationDownload {
  stream: Readable;
  byteSize: number;
  contentType: string;
  /** Quoted strong ETag: the stored bytes never change under one blob key. */
  etag: string;
}

export interface ProjectServiceOptions {
  projects: ProjectRepository;
  expander: BriefExpander;
  generation: GenerationService;
  batches: BatchService;
  blobs: BlobStore;
  clock: Clock;
}

const noProject = 'There is no project with this id.';

export interface ProjectInput {
  name: string;
  brief: BrandBrief;
  /** Left out: the default brand for a new project, the same brand for an update. */
  brandId?: string | undefined;
}

export interface GenerateAllChoices {
  model?: string | undefined;
  /** The project's own brand when left out. */
  brandId?: string | undefined;
  /** Told how many jobs the batch starts before anything is written; may refuse it by throwing. */
  admit?: (jobs: number) => Promise<void>;
}

/** Brand projects: a name and a structured brief, expanded into prompts, whose generations are filed under the project. */
export class ProjectService {
  private readonly options: ProjectServiceOptions;

  constructor(options: ProjectServiceOptions) {
    this.options = options;
  }

  /** Newest first, each with how many images it has and its newest one, for the list's cards. */
  async list(userId: string): Promise<Array<{ project: Project; images: ProjectImageSummary | undefined }>> {
    const projects = await this.options.projects.listByUser(userId, MAX_PROJECTS_LISTED);
    const summaries = await this.options.projects.imageSummaries(
      userId,
      projects.map((project) => project.id),
    );
    return projects.map((project) => ({ project, images: summaries.get(project.id) }));
  }

  async get(userId: string, id: string): Promise<Project> {
    const project = await this.options.projects.findById(userId, id);
    if (!project) throw new NotFoundError(noProject);
    return project;
  }

  async create(userId: string, input: ProjectInput): Promise<Project> {
    const now = this.options.clock.now();
    const brandId = await this.brandFor(input.brandId);
    const { name, brief } = input;
    const project: Project = {
      id: this.options.clock.newId(),
      userId,
      name,
      brief,
      brandId,
      inspiration: null,
      expansion: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.options.projects.insert(project);
    return project;
  }

  async update(userId: string, id: string, input: ProjectInput): Promise<Project> {
    const existing = await this.get(userId, id);
    const brandId = input.brandId === undefined ? existing.brandId : await this.brandFor(input.brandId);
    const { name, brief } = input;
    const project: Project = { ...existing, name, brief, brandId, updatedAt: this.options.clock.now() };
    if (!(await this.options.projects.update(project))) throw new NotFoundError(noProject);
    return project;
  }

  /** Removes the project and its inspiration image; its generated images stay in the library. */
  async delete(userId: string, id: string): Promise<void> {
    const removed = await this.options.projects.delete(userId, id);
    if (!removed) throw new NotFoundError(noProject);
    if (removed.inspiration) await this.options.blobs.delete(removed.inspiration.blobKey);
  }

  /** Checks the upload by its content, stores a clean copy and deletes the image it replaces. */
  async setInspiration(userId: string, id: string, upload: Uint8Array): Promise<Project> {
    await this.get(userId, id);
    if (upload.byteLength > INSPIRATION_MAX_BYTES) throw inspirationTooLarge();
    const cleaned = await cleanInspirationImage(upload).catch((error: unknown) => {
      if (!(error instanceof ImageRejectedError)) throw error;
      if (error.reason === 'not_an_accepted_image') throw new UnsupportedMediaError('unsupported_image', error.message);
      throw new ServiceError(error.reason === 'too_small' ? 'image_too_small' : 'image_too_many_pixels', error.message);
    });
    const inspiration: ProjectInspiration = {
      blobKey: `projects/${id}/inspiration-${this.options.clock.newId()}.webp`,
      mediaType: cleaned.mediaType,
      width: cleaned.width,
      height: cleaned.height,
      byteSize: cleaned.bytes.byteLength,
      sha256: cleaned.sha256,
    };
    await this.options.blobs.put(inspiration.blobKey, cleaned.bytes, cleaned.mediaType);
    const replaced = await this.options.projects
      .replaceInspiration(userId, id, inspiration, this.options.clock.now())
      .catch(async (error: unknown) => {
        await this.options.blobs.delete(inspiration.blobKey);
        throw error;
      });
    if (!replaced.found) {
      // The project was deleted while the image was being cleaned.
      await this.options.blobs.delete(inspiration.blobKey);
      throw new NotFoundError(noProject);
    }
    if (replaced.previousKey) await this.options.blobs.delete(replaced.previousKey);
    return this.get(userId, id);
  }

  async removeInspiration(userId: string, id: string): Promise<Project> {
    const replaced = await this.options.projects.replaceInspiration(userId, id, null, this.options.clock.now());
    if (!replaced.found) throw new NotFoundError(noProject);
    if (replaced.previousKey) await this.options.blobs.delete(replaced.previousKey);
    return this.get(userId, id);
  }

  /** A signed link straight to the blob store when it gives one (Azure Blob with SAS), or else the bytes. */
  async locateInspiration(userId: string, id: string): Promise<{ signedUrl: string } | InspirationDownload> {
    const { inspiration, name } = await this.get(userId, id);
    if (!inspiration) throw new NotFoundError('This project has no inspiration image.');
    const signedUrl = await this.options.blobs.signedUrl?.(inspiration.blobKey, { downloadName: `${slugOf(name)}-inspiration.webp` });
    if (signedUrl) return { signedUrl };
    const blob = await this.options.blobs.open(inspiration.blobKey);
    if (!blob) throw new NotFoundError('This project has no inspiration image.');
    return {
      stream: blob.stream,
      byteSize: blob.byteSize,
      contentType: inspiration.mediaType,
      etag: `"${inspiration.sha256.slice(0, 32)}"`,
    };
  }

  /** Expands the brief and keeps the prompts with the project, in place of the ones from the last expansion. */
  async expand(userId: string, id: string, count: number): Promise<ProjectExpansion> {
    const project = await this.get(userId, id);
    const inspiration = await this.inspirationPicture(project);
    let expanded;
    try {
      expanded = await this.options.expander.expand(project.brief, count, {
        abortSignal: AbortSignal.timeout(60_000),
        ...(inspiration && { inspiration }),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 200) : 'no reason given';
      throw new BriefExpansionFailedError(reason);
    }
    const expansion: ProjectExpansion = { ...expanded, expandedAt: this.options.clock.now() };
    if (!(await this.options.projects.replaceExpansion(userId, id, expansion))) throw new NotFoundError(noProject);
    return expansion;
  }

  /** Every stored prompt as one batch whose images are filed under the project. */
  async generateAll(userId: string, id: string, choices: GenerateAllChoices): Promise<Batch> {
    const project = await this.get(userId, id);
    if (!project.expansion || project.expansion.prompts.length === 0) {
      throw new ConflictError('This project has no prompts yet. Expand the brief first, then generate all.', 'no_prompts');
    }
    return this.options.batches.create({
      userId,
      prompts: project.expansion.prompts,
      model: choices.model,
      projectId: project.id,
      brandId: choices.brandId ?? project.brandId,
      admit: choices.admit,
    });
  }

  /** The stored inspiration image's bytes, for a model that can look at it; none when the file has gone. */
  private async inspirationPicture(project: Project): Promise<InspirationPicture | undefined> {
    if (!project.inspiration || !this.options.expander.looksAtImages) return undefined;
    const bytes = await this.options.blobs.read(project.inspiration.blobKey);
    return bytes && { bytes, mediaType: project.inspiration.mediaType };
  }

  /** Starts a job for one of the project's prompts; its images carry the project's id. */
  async generate(userId: string, id: string, prompt: string, model?: string, brandId?: string): Promise<Job> {
    const project = await this.get(userId, id);
    return this.options.generation.generate({ userId, prompt, model, projectId: project.id, brandId: brandId ?? project.brandId });
  }

  /** The brand a project is filed under: the one named (checked), or the default brand. */
  private async brandFor(brandId: string | undefined): Promise<string> {
    return (await this.options.generation.resolveBrand({ brandId })).ref.id;
  }
}

export function inspirationTooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError(
    'image_too_large',
    `The image is larger than ${INSPIRATION_MAX_BYTES / 1024 / 1024} MB. Upload a smaller file.`,
  );
}

function slugOf(name: string): string {
  return (name.toLowerCase().match(/[a-z0-9]+/g) ?? []).join('-').slice(0, 40) || 'project';
}
