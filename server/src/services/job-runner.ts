import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { JobRepository } from '../db/job-repository.ts';
import type { BrandFit } from '../domain/brand-fit-result.ts';
import { isFinished, progressOf, type Job, type JobLora, type JobSlot } from '../domain/job.ts';
import { settledStatus, statusesBefore } from '../domain/job-state.ts';
import { jobFinishedEvent } from '../domain/webhook.ts';
import { addPngText } from '../images/png-text.ts';
import { imageFacts } from '../images/image-facts.ts';
import type { CatalogEntry, DeliveredLora, ImageModelCatalog } from '../providers/image-model-catalog.ts';
import { unavailableModelMessage } from '../providers/unavailable-model.ts';
import type { Clock } from './clock.ts';
import { imageCall } from './image-call.ts';
import { withProgressListener, type ProgressListener } from '../providers/generation-progress.ts';
import type { JobEvents } from './job-events.ts';
import { finishedEvent } from '../domain/job-event.ts';

export interface JobRunnerOptions {
  repository: JobRepository;
  blobs: BlobStore;
  catalog: ImageModelCatalog;
  events: JobEvents;
  clock: Clock;
  /** Retries after a slot's first failed attempt. */
  retries?: number;
  /** The first retry waits this long; each later one four times longer. */
  backoffMs?: number;
  /**
   * Runs of one job that may start and never end (each one a worker that crashed or froze mid-job) before the
   * job is given up instead of started again, so a job that kills its worker cannot do so forever.
   */
  maxRuns?: number;
  onSlotError?: (jobId: string, slot: number, attempt: number, error: unknown) => void;
  /** Each call to a model, for metrics: how long it took and whether it gave an image. */
  onModelCall?: (model: string, outcome: 'ok' | 'error', seconds: number) => void;
  /**
   * Files each stored image in the library (thumbnail, placeholder), once the job has finished: `complete` waits for
   * the images alone, and `filed` follows. Failures go to `onSlotError`.
   */
  filing?: ImageFiling;
  /**
   * Scores a stored image against the brand palette of its job (see docs/brand-fit.md), beside filing it: both start
   * from one decoded preview. A failure leaves the image unscored rather than failing it.
   */
  scoreBrandFit?: (job: Job, bytes: Uint8Array) => Promise<BrandFit>;
  /** Called once a job is filed, with its webhook deliveries: wakes the webhook dispatcher. */
  onFiled?: (jobId: string) => void;
  /** A job's LoRA record in the form its provider takes; without it a LoRA record reaches no model. */
  deliverLora?: (lora: JobLora, provider: string) => Promise<DeliveredLora | { refused: string }>;
}

/** How a stored image of a finished job reaches the library (thumbnail, placeholder, row); filing twice files once. */
export interface ImageFiling {
  file(job: Job, slot: JobSlot, bytes: Uint8Array): Promise<unknown>;
}

/**
 * What one run has done: the bytes of the images it stored, by slot, so filing them does not read them back; and
 * whether the last of them completed the job.
 */
interface RunRecord {
  images: Map<number, Uint8Array>;
  completed: boolean;
}

export function imageBlobKey(jobId: string, slot: number): string {
  return `jobs/${jobId}/${slot}.png`;
}

/** What a slot's filling shares with its run. */
interface SlotRun {
  sourceImage: () => Promise<Uint8Array | null | undefined>;
  record: RunRecord;
  /** Its first attempt was counted when the run started. */
  firstAttemptCounted: boolean;
}

/**
 * Runs one job: its pending slots in parallel, each stored and announced the moment it is ready; once all are settled
 * the job completes (or fails), and then its images are scored and filed in the library and it is marked filed, with
 * its webhooks. Safe to run again on a half-done job: ready slots are left alone, a slot whose file was written just
 * before a crash is adopted rather than generated a second time, and a finished job not yet filed is only filed.
 */
export class JobRunner {
  private readonly options: Required<
    Omit<JobRunnerOptions, 'onSlotError' | 'onModelCall' | 'filing' | 'onFiled' | 'scoreBrandFit' | 'deliverLora'>
  > &
    Pick<JobRunnerOptions, 'onSlotError' | 'onModelCall' | 'filing' | 'onFiled' | 'scoreBrandFit' | 'deliverLora'>;
  private readonly shutdown = new AbortController();

  constructor(options: JobRunnerOptions) {
    this.options = { retries: 2, backoffMs: 500, maxRuns: 5, ...options };
  }

  get aborted(): boolean {
    return this.shutdown.signal.aborted;
  }

  /** Abandons running generations; their slots stay pending and are picked up at the next start. */
  abort(): void {
    this.shutdown.abort(new Error('Brandgen is shutting down.'));
  }

  run = async (jobId: string): Promise<void> => {
    const { repository, catalog } = this.options;
    const job = await repository.findById(jobId);
    if (!job) return;
    if (isFinished(job.status)) {
      // Finished, but a crash came before it was filed.
      if (job.filedAt === null) await this.fileJob(job.id, new Map());
      return;
    }
    const record: RunRecord = { images: new Map(), completed: false };
    if (!catalog.get(job.model)) {
      await this.finish(job, 'failed', { code: 'model_unavailable', message: unavailableModelMessage(job.model) });
    } else {
      const cutShort = await repository.beginRun(job.id);
      if (cutShort === undefined) return;
      try {
        if (cutShort >= this.options.maxRuns) await this.giveUp(job, cutShort);
        else await this.fillPendingSlots(job, record);
      } finally {
        await repository.endRun(job.id);
      }
    }
    // Filing reads the job back and decodes its images: it waits one turn of the event loop, so that the streams
    // following the job write its `complete` first rather than queue their read behind filing's.
    await setImmediate();
    if (!this.shutdown.signal.aborted) await this.fileJob(job.id, record.images);
  };

  /** One run's work: announces the job as processing, fills its pending slots, and settles it. */
  private async fillPendingSlots(job: Job, record: RunRecord): Promise<void> {
    const { repository, events, clock } = this.options;
    const now = clock.now();
    const pending = job.slots.filter((slot) => slot.status === 'pending');
    // Slots never tried have no file to look for, so their first attempt is counted with the start, in its transaction.
    const firstCalls = pending.filter((slot) => slot.attempts === 0).map((slot) => slot.slot);
    const started = await repository.startProcessing(
      job.id,
      job.startedAt ?? now,
      { type: 'state', data: { status: 'processing', progress: progressOf(job.slots) }, createdAt: now },
      firstCalls,
    );
    if (started) await events.broadcast(job.id, [started]);
    const counted = new Set(started ? firstCalls : []);

    const sourceImage = this.sourceImageOf(job);
    await Promise.all(
      pending.map((slot) => this.fillSlot(job, slot, { sourceImage, record, firstAttemptCounted: counted.has(slot.slot) })),
    );
    // A job whose images all came is completed by the last of them (see storeReady); the rest are settled here.
    if (this.shutdown.signal.aborted || record.completed) return;
    await this.settle(job.id);
  }

  /**
   * Fails a job whose runs keep dying mid-way (a model input that crashes the process, say) without reaching the
   * model again. Its unmade images fail with it; the ones already made stay downloadable.
   */
  private async giveUp(job: Job, cutShort: number): Promise<void> {
    const { repository, clock } = this.options;
    const reason = `the job was given up after its worker stopped ${cutShort} times`;
    for (const slot of job.slots) {
      if (slot.status === 'pending') await repository.markSlotFailed(job.id, slot.slot, reason, clock.now());
    }
    const current = (await repository.findById(job.id)) ?? job;
    const kept = current.slots.filter((slot) => slot.status === 'ready').length;
    await this.finish(current, 'failed', {
      code: 'gave_up',
      message:
        `This job stopped Brandgen's worker ${cutShort} times, so it was given up.` +
        (kept > 0
          ? ` The images already made (${kept} of ${current.slots.length}) can still be downloaded.`
          : ' Please try a different prompt or model.'),
    });
  }

  /** Completes or fails a job whose slots are all settled. */
  private async settle(jobId: string): Promise<void> {
    const current = await this.options.repository.findById(jobId);
    if (!current) return;
    const outcome = settledStatus(current.slots);
    if (outcome === 'complete') await this.finish(current, 'complete', null);
    else if (outcome === 'failed') {
      const failed = current.slots.filter((slot) => slot.status === 'failed');
      const reason = failed[0]?.errorMessage ?? 'the model gave no reason';
      const kept = current.slots.length - failed.length;
      if (!this.options.catalog.get(current.model)) {
        // The key went while the job ran: that, not the provider's last answer, is what the person needs to know.
        const note = kept > 0 ? ` The images already made (${kept} of ${current.slots.length}) can still be downloaded.` : '';
        await this.finish(current, 'failed', { code: 'model_unavailable', message: unavailableModelMessage(current.model) + note });
        return;
      }
      await this.finish(current, 'failed', {
        code: 'generation_failed',
        message:
          `${failed.length} of ${current.slots.length} images could not be generated (${reason}).` +
          (kept > 0 ? ` The other ${kept} can still be downloaded.` : ' Please try again.'),
      });
    }
  }

  /**
   * The image an edit or image-to-image variation starts from, read from the blob store once per run and only when a
   * slot needs the model: undefined for jobs without one, null when it is gone (removed by retention meanwhile).
   */
  private sourceImageOf(job: Job): () => Promise<Uint8Array | null | undefined> {
    const key = job.settings.refinement?.sourceBlobKey ?? null;
    let read: Promise<Uint8Array | null | undefined> | undefined;
    return () => (read ??= key === null ? Promise.resolve(undefined) : this.options.blobs.read(key).then((bytes) => bytes ?? null));
  }

  private async fillSlot(job: Job, slot: JobSlot, run: SlotRun): Promise<void> {
    const { sourceImage, record } = run;
    const { repository, blobs, catalog, clock, retries, backoffMs } = this.options;
    const key = imageBlobKey(job.id, slot.slot);
    // Only a slot a run has called the model for can have a file (an attempt is recorded before each call); looking
    // for one otherwise would only hold up the first call by a file-system round trip.
    const existing = slot.attempts > 0 ? await blobs.read(key) : undefined;
    if (existing) {
      await this.storeReady(job, slot, key, existing, false, record);
      return;
    }
    const source = await sourceImage();
    if (source === null) {
      // No retry can bring the source back, so the slot fails at once with the reason.
      await repository.markSlotFailed(job.id, slot.slot, 'the image this job refines no longer exists', clock.now());
      return;
    }
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (this.shutdown.signal.aborted) return;
      // Looked up for every attempt: an administrator may have replaced the provider's key (use the new one) or
      // removed it (send nothing more) since the job started.
      const entry = catalog.get(job.model);
      if (!entry) {
        await repository.markSlotFailed(job.id, slot.slot, unavailableModelMessage(job.model), clock.now());
        return;
      }
      const lora = await this.deliveredLora(job, entry);
      if (lora && 'refused' in lora) {
        // Before any model call: the next attempt would be refused the same way.
        await repository.markSlotFailed(job.id, slot.slot, lora.refused, clock.now());
        return;
      }
      let callStarted: number | undefined;
      try {
        if (attempt > 0 || !run.firstAttemptCounted) await repository.recordAttempt(job.id, slot.slot);
        const { preset, ...call } = imageCall(entry, {
          prompt: job.finalPrompt,
          description: job.prompt,
          negativePrompt: job.negativePrompt,
          settings: job.settings,
          lora,
          seed: slot.seed,
          sourceImage: source,
          abortSignal: this.shutdown.signal,
        });
        callStarted = performance.now();
        // The AI SDK loads with the first image rather than at start: an idle server then does not hold it.
        const { generateImage } = await import('ai');
        const { image } = await withProgressListener(this.progressListener(job.id, slot.slot), () => generateImage(call));
        this.options.onModelCall?.(job.model, 'ok', (performance.now() - callStarted) / 1000);
        const png = addPngText(image.uint8Array, {
          prompt: job.prompt,
          final_prompt: job.finalPrompt,
          negative_prompt: job.negativePrompt,
          seed: String(slot.seed),
          model: job.model,
          model_variant: preset.variant,
          job_id: job.id,
          Software: 'Brandgen',
        });
        await this.storeReady(job, slot, key, png, true, record);
        return;
      } catch (error) {
        if (this.shutdown.signal.aborted) return;
        if (callStarted !== undefined) this.options.onModelCall?.(job.model, 'error', (performance.now() - callStarted) / 1000);
        this.options.onSlotError?.(job.id, slot.slot, attempt, error);
        if (attempt < retries) {
          await sleep(backoffMs * 4 ** attempt, undefined, { signal: this.shutdown.signal }).catch(() => undefined);
          continue;
        }
        await repository.markSlotFailed(job.id, slot.slot, describeError(error), clock.now());
      }
    }
  }

  private async deliveredLora(job: Job, entry: CatalogEntry): Promise<DeliveredLora | { refused: string } | null> {
    const lora = job.settings.lora;
    if (!lora || !entry.supportsLora) return null;
    if (!this.options.deliverLora) return 'path' in lora ? lora : null;
    return this.options.deliverLora(lora, entry.provider);
  }

  /** Announces progress within one image in steps of a tenth, so a 50-step run writes at most ten events. */
  private progressListener(jobId: string, slot: number): ProgressListener {
    let announced = 0;
    return (fraction) => {
      const step = Math.floor(fraction * 10) / 10;
      if (step <= announced || step >= 1) return;
      announced = step;
      void this.options.events.emit(jobId, { type: 'image_progress', data: { n: slot, fraction: step } }).catch(() => undefined);
    };
  }

  /**
   * Writes an image and announces it: what `complete` waits for, and, when it is the last of the job's images, the
   * job's completion too, in the same transaction. Scoring and filing it follow the job's end.
   */
  private async storeReady(job: Job, slot: JobSlot, key: string, bytes: Uint8Array, write: boolean, record: RunRecord): Promise<void> {
    const { repository, blobs, events, clock } = this.options;
    // Written while its header is read, as both take a while: what is written is a PNG, whose chunks addPngText checked.
    const writing = write ? blobs.put(key, bytes, 'image/png') : Promise.resolve();
    const facts = await imageFacts(bytes).catch(async (error: unknown) => {
      // Not an image after all: nothing may stay under its key to be adopted by a later run.
      await writing.then(
        () => blobs.delete(key),
        () => undefined,
      );
      throw error;
    });
    await writing;
    const completedAt = clock.now();
    const announcements = await repository.markSlotReady(
      job.id,
      slot.slot,
      { blobKey: key, ...facts, completedAt },
      { ...finishedEvent('complete', null), createdAt: completedAt },
    );
    // Another run stored this slot first; ours only announces what it stored.
    if (announcements.length === 0) return;
    record.images.set(slot.slot, bytes);
    if (announcements.some((announcement) => announcement.type === 'complete')) record.completed = true;
    await events.broadcast(job.id, announcements);
  }

  /**
   * Scores the stored images of a finished job and files them in the library, side by side, then marks the job filed
   * with the scores and its webhooks, in one transaction. Run again after a crash, it scores only what is unscored, and
   * filing an image twice files it once.
   */
  private async fileJob(jobId: string, stored: RunRecord['images']): Promise<void> {
    const { repository, events, clock } = this.options;
    const job = await repository.findById(jobId);
    if (!job || job.filedAt !== null || (job.status !== 'complete' && job.status !== 'failed')) return;
    const scores = new Map<number, BrandFit | null>();
    await Promise.all(
      job.slots
        .filter((slot) => slot.status === 'ready')
        .map(async (slot) => scores.set(slot.slot, await this.scoreAndFile(job, slot, stored.get(slot.slot)))),
    );
    const scored = {
      ...job,
      slots: job.slots.map((slot) => (scores.has(slot.slot) ? { ...slot, brandFit: scores.get(slot.slot) } : slot)),
    };
    const filedAt = clock.now();
    // Written now, with the scores: its timestamp says so, and its data when the job finished.
    const webhook = { ...jobFinishedEvent(scored, job.status, job.error, job.completedAt ?? filedAt), createdAt: filedAt };
    const filed = await repository.markFiled(job.id, { filedAt, scores }, webhook);
    if (!filed) return;
    this.options.onFiled?.(job.id);
    await events.broadcast(job.id, [filed]);
  }

  /** One stored image's score (kept when it has one) and library entry; its bytes are read back when not at hand. */
  private async scoreAndFile(job: Job, slot: JobSlot, storedBytes: Uint8Array | undefined): Promise<BrandFit | null> {
    const { blobs, filing, onSlotError } = this.options;
    const bytes = storedBytes ?? (slot.blobKey ? await blobs.read(slot.blobKey) : undefined);
    // Removed meanwhile (retention, or its owner): nothing is left to score or file.
    if (!bytes) return slot.brandFit ?? null;
    // Scored first, as the library row takes the score too; the thumbnail then reuses the preview the score decoded.
    const brandFit = slot.brandFit ?? (await this.brandFitOf(job, slot, bytes));
    try {
      await filing?.file(job, { ...slot, brandFit }, bytes);
    } catch (error) {
      onSlotError?.(job.id, slot.slot, -1, error);
    }
    return brandFit;
  }

  private async brandFitOf(job: Job, slot: JobSlot, bytes: Uint8Array): Promise<BrandFit | null> {
    const { scoreBrandFit, onSlotError } = this.options;
    if (!scoreBrandFit) return null;
    try {
      return await scoreBrandFit(job, bytes);
    } catch (error) {
      onSlotError?.(job.id, slot.slot, -1, error);
      return null;
    }
  }

  private async finish(job: Job, status: 'complete' | 'failed', error: { code: string; message: string } | null) {
    const { repository, events, clock } = this.options;
    const now = clock.now();
    const finished = await repository.transition(
      job.id,
      statusesBefore(status),
      status,
      { completedAt: now, error },
      { ...finishedEvent(status, error), createdAt: now },
    );
    if (finished) await events.broadcast(job.id, [finished]);
  }
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 300 ? `${message.slice(0, 297)}…` : message;
}
