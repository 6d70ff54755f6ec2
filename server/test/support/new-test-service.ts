import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { BlobStore, StoredBlob } from '../../src/blobs/blob-store.ts';
import { DEFAULT_BRAND_FILE } from '../../src/config/brand-kit-file.ts';
import type { JobRepository, NewJobEvent, StoredJobEvent } from '../../src/db/job-repository.ts';
import type { LibraryRepository, NewLibraryImage } from '../../src/db/library-repository.ts';
import type { UsageRepository } from '../../src/db/usage-repository.ts';
import { brandKitSchema } from '../../src/domain/brand-kit.ts';
import { DEFAULT_BRAND_ID, type BrandRef, type ResolvedBrand } from '../../src/domain/brand.ts';
import { isFinished, type Job } from '../../src/domain/job.ts';
import type { LibraryFilter, LibraryImage, LibraryOrder, LibraryPosition } from '../../src/domain/library-image.ts';
import { licences } from '../../src/domain/licences.ts';
import { InMemoryEventBus } from '../../src/events/in-memory-event-bus.ts';
import { fixedCatalogEntry, ImageModelCatalog, type CatalogEntry } from '../../src/providers/image-model-catalog.ts';
import type { JobQueue } from '../../src/queue/job-queue.ts';
import { NotFoundError, ValidationError } from '../../src/services/errors.ts';
import { GenerationService, type BrandSource } from '../../src/services/generation-service.ts';
import { JobEvents } from '../../src/services/job-events.ts';
import { LibraryService } from '../../src/services/library-service.ts';
import { createScriptedImageModel } from './scripted-image-model.ts';
import { settableClock } from './settable-clock.ts';

/**
 * One factory of in-memory fakes for service unit tests (after Immich's newTestService): the real services on fakes
 * of the store, queue, catalog, brands, blobs and clock, each fake small enough to read and open for a test to
 * inspect or change. Integration tests run the same services on real databases; these pin the use cases' rules.
 */

/** The jobs table and its events, kept in memory. */
export class FakeJobRepository {
  readonly jobs = new Map<string, Job>();
  readonly events = new Map<string, StoredJobEvent[]>();

  async insert(job: Job): Promise<void> {
    this.jobs.set(job.id, structuredClone(job));
  }

  async findById(id: string): Promise<Job | undefined> {
    const job = this.jobs.get(id);
    return job && structuredClone(job);
  }

  async listByUser(userId: string | undefined, options: { limit: number; beforeId?: string | undefined }): Promise<Job[]> {
    return [...this.jobs.values()]
      .filter((job) => (userId === undefined || job.userId === userId) && (!options.beforeId || job.id < options.beforeId))
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, options.limit);
  }

  async countUnfinished(): Promise<number> {
    return [...this.jobs.values()].filter((job) => !isFinished(job.status)).length;
  }

  async appendEvent(jobId: string, event: NewJobEvent): Promise<StoredJobEvent> {
    const list = this.events.get(jobId) ?? [];
    const stored = { ...event, sequence: list.length + 1 };
    list.push(stored);
    this.events.set(jobId, list);
    return stored;
  }

  async listEventsAfter(jobId: string, sequence: number): Promise<StoredJobEvent[]> {
    return (this.events.get(jobId) ?? []).filter((event) => event.sequence > sequence);
  }

  async latestEventSequence(jobId: string): Promise<number> {
    return this.events.get(jobId)?.length ?? 0;
  }

  async latestEventSequences(jobIds: readonly string[]): Promise<Map<string, number>> {
    return new Map(jobIds.map((jobId) => [jobId, this.events.get(jobId)?.length ?? 0]));
  }
}

/** The library table in memory: rows hidden by a deletion in progress are left out, as the real one does. */
export class FakeLibraryRepository {
  readonly images = new Map<string, LibraryImage & { deleting: boolean }>();
  private nextSeq = 1;

  async insert(image: NewLibraryImage): Promise<LibraryImage> {
    const earlier = [...this.images.values()].find((row) => row.jobId === image.jobId && row.slot === image.slot);
    if (earlier) return earlier;
    const stored = { ...image, seq: this.nextSeq++, deleting: false };
    this.images.set(image.id, stored);
    return stored;
  }

  async findById(userId: string, id: string): Promise<LibraryImage | undefined> {
    return this.visible(userId).find((image) => image.id === id);
  }

  async findManyByIds(userId: string, ids: readonly string[]): Promise<LibraryImage[]> {
    return this.visible(userId).filter((image) => ids.includes(image.id));
  }

  async listByJobIds(userId: string, jobIds: readonly string[]): Promise<LibraryImage[]> {
    return this.visible(userId).filter((image) => jobIds.includes(image.jobId));
  }

  /** Newest first; the filters the tests use (favourites, a job, a model). */
  async list(userId: string, filter: LibraryFilter, page: { limit: number; order?: LibraryOrder; after?: LibraryPosition }) {
    return this.visible(userId)
      .filter(
        (image) =>
          (filter.favorite === undefined || image.favorite === filter.favorite) &&
          (filter.jobId === undefined || image.jobId === filter.jobId) &&
          (filter.model === undefined || image.model === filter.model) &&
          (page.after === undefined || image.seq < page.after.seq),
      )
      .sort((a, b) => b.seq - a.seq)
      .slice(0, page.limit);
  }

  async setFavorite(userId: string, id: string, favorite: boolean, expiresAt: string | null): Promise<boolean> {
    const image = this.images.get(id);
    if (!image || image.userId !== userId || image.deleting) return false;
    Object.assign(image, { favorite, expiresAt });
    return true;
  }

  async listMissingSlots(): Promise<Array<{ jobId: string; slot: number }>> {
    return [];
  }

  async beginDeletion(image: LibraryImage): Promise<boolean> {
    const row = this.images.get(image.id);
    if (!row || row.deleting) return false;
    row.deleting = true;
    return true;
  }

  async finishDeletion(image: LibraryImage): Promise<void> {
    this.images.delete(image.id);
  }

  private visible(userId: string): LibraryImage[] {
    return [...this.images.values()].filter((image) => image.userId === userId && !image.deleting);
  }
}

/** Blob storage as a map of keys to bytes. */
export class FakeBlobStore implements BlobStore {
  readonly blobs = new Map<string, Uint8Array>();

  async put(key: string, data: Uint8Array, _contentType: string): Promise<void> {
    this.blobs.set(key, data);
  }

  async putStream(key: string, source: AsyncIterable<Uint8Array>, _contentType: string): Promise<void> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of source) chunks.push(chunk);
    this.blobs.set(key, Buffer.concat(chunks));
  }

  async open(key: string): Promise<StoredBlob | undefined> {
    const bytes = this.blobs.get(key);
    return bytes && { stream: Readable.from([bytes]), byteSize: bytes.byteLength };
  }

  async exists(key: string): Promise<boolean> {
    return this.blobs.has(key);
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(key);
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }

  async ping(): Promise<void> {}
}

/** A queue that runs nothing: it records what was enqueued. */
export class FakeQueue implements JobQueue {
  readonly enqueued: string[] = [];
  readonly running = false;

  async enqueue(jobId: string): Promise<void> {
    this.enqueued.push(jobId);
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async depth() {
    return { waiting: this.enqueued.length, delayed: 0, active: 0 };
  }

  async ping(): Promise<void> {}
}

const shippedKit = brandKitSchema.parse(JSON.parse(readFileSync(DEFAULT_BRAND_FILE, 'utf8')));

/** Brands: the default one at version 1, plus any a test adds; an unknown or archived one is a field error. */
export class FakeBrands implements BrandSource {
  readonly versions = new Map<string, ResolvedBrand[]>([
    [DEFAULT_BRAND_ID, [{ ref: { id: DEFAULT_BRAND_ID, version: 1 }, kit: shippedKit }]],
  ]);
  readonly archived = new Set<string>();

  /** Adds a new version of a brand (a new brand at version 1), its kit the shipped one under another name. */
  addVersion(id: string, name: string): ResolvedBrand {
    const list = this.versions.get(id) ?? [];
    const brand = { ref: { id, version: list.length + 1 }, kit: { ...shippedKit, name } };
    this.versions.set(id, [...list, brand]);
    return brand;
  }

  async forNewJob(brandId: string | undefined): Promise<ResolvedBrand> {
    const list = this.versions.get(brandId ?? DEFAULT_BRAND_ID);
    if (!list || this.archived.has(brandId ?? '')) {
      throw new ValidationError([{ field: 'brand_id', message: 'There is no brand with this id.' }]);
    }
    return list.at(-1)!;
  }

  async forJob(ref: BrandRef): Promise<ResolvedBrand> {
    const brand = this.versions.get(ref.id)?.find((candidate) => candidate.ref.version === ref.version);
    if (!brand) throw new NotFoundError('There is no such brand version.');
    return brand;
  }
}

/** Spend this month, set by the test. */
export class FakeUsage {
  spentUsd = 0;

  async monthSpendUsd(): Promise<number> {
    return this.spentUsd;
  }
}

const entry = (id: string, label: string, options: { pricePerImageUsd: number; sourceImages: boolean }): CatalogEntry =>
  fixedCatalogEntry({
    id,
    label,
    provider: id,
    description: 'test model',
    isDemo: false,
    licence: licences.demo,
    model: createScriptedImageModel({}),
    ...options,
  });

/** Two models: "editor" (the default) can edit and redraw images; "painter" can do neither and costs more. */
export function testModels(): CatalogEntry[] {
  return [
    entry('editor', 'Editor', { pricePerImageUsd: 0.01, sourceImages: true }),
    entry('painter', 'Painter', { pricePerImageUsd: 0.05, sourceImages: false }),
  ];
}

export interface TestServiceOptions {
  maxQueue?: number;
  monthlyBudgetUsd?: number | null;
  retentionDays?: number;
  models?: CatalogEntry[];
}

export function newTestService(options: TestServiceOptions = {}) {
  const jobs = new FakeJobRepository();
  const library = new FakeLibraryRepository();
  const blobs = new FakeBlobStore();
  const queue = new FakeQueue();
  const brands = new FakeBrands();
  const usage = new FakeUsage();
  const bus = new InMemoryEventBus();
  const clock = settableClock(new Date('2026-11-23T09:00:00.000Z'));
  const catalog = new ImageModelCatalog({ entries: options.models ?? testModels() });
  // The fakes have the methods these services call; the real classes carry a database besides.
  const jobRepository = jobs as unknown as JobRepository;
  const generation = new GenerationService({
    repository: jobRepository,
    queue,
    catalog,
    brands,
    clock,
    maxQueue: options.maxQueue ?? 100,
    usage: usage as unknown as UsageRepository,
    monthlyBudgetUsd: options.monthlyBudgetUsd ?? null,
  });
  const libraryService = new LibraryService({
    library: library as unknown as LibraryRepository,
    jobs: jobRepository,
    blobs,
    clock,
    retentionDays: options.retentionDays ?? 0,
  });
  const events = new JobEvents({ repository: jobRepository, bus, clock });
  return {
    sut: { generation, library: libraryService, events },
    fakes: { jobs, library, blobs, queue, brands, usage, bus, clock, catalog },
  };
}

export type TestService = ReturnType<typeof newTestService>;
