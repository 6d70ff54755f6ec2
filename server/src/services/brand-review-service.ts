import type { BlobStore } from '../blobs/blob-store.ts';
import type { BrandReviewRepository } from '../db/brand-review-repository.ts';
import type { LibraryRepository } from '../db/library-repository.ts';
import { brandRulesOf, type BrandReview } from '../domain/brand-review.ts';
import type { LibraryImage } from '../domain/library-image.ts';
import { reviewPicture } from '../images/review-picture.ts';
import { BrandReviewCallError, type BrandReviewer, type ReviewFailure } from '../providers/text/brand-reviewer.ts';
import type { BrandService } from './brand-service.ts';
import type { Clock } from './clock.ts';
import { ConflictError, NotFoundError, UpstreamBusyError, UpstreamError } from './errors.ts';

/** Who asks: the image's owner, or an administrator, who may review anyone's image. */
export interface ReviewActor {
  userId: string;
  isAdmin: boolean;
}

/** Whether reviews can be asked for, and if not, what to configure. */
export interface BrandReviewStatus {
  available: boolean;
  model: string | null;
  message: string;
}

export interface BrandReviewServiceOptions {
  library: Pick<LibraryRepository, 'findById' | 'findByIdOfAnyOwner'>;
  reviews: Pick<BrandReviewRepository, 'save' | 'find'>;
  brands: Pick<BrandService, 'forJob'>;
  blobs: Pick<BlobStore, 'read'>;
  /** Absent without a language model that sees images; `unavailableMessage` then says why. */
  reviewer: BrandReviewer | undefined;
  unavailableMessage: string;
  clock: Clock;
  /** How long the person waits for the model before being told to try again. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** When a rate-limited provider does not say how long to wait. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;
const noImage = 'There is no image with this id.';

/**
 * "Review against the brief": a vision language model's opinion of whether a library image follows the dos and
 * don'ts of the brand version it was made with. Asked on demand (it costs a paid call); the last one is kept.
 */
export class BrandReviewService {
  private readonly options: BrandReviewServiceOptions;

  constructor(options: BrandReviewServiceOptions) {
    this.options = options;
  }

  status(): BrandReviewStatus {
    const { reviewer, unavailableMessage } = this.options;
    if (!reviewer) return { available: false, model: null, message: unavailableMessage };
    return { available: true, model: reviewer.model, message: `Reviews are the opinion of the language model ${reviewer.model}.` };
  }

  /** The image's last review, if it has one. */
  async last(actor: ReviewActor, imageId: string): Promise<BrandReview | undefined> {
    await this.imageFor(actor, imageId);
    return this.options.reviews.find(imageId);
  }

  async review(actor: ReviewActor, imageId: string): Promise<BrandReview> {
    const { reviewer, unavailableMessage, brands, blobs, reviews, clock } = this.options;
    const image = await this.imageFor(actor, imageId);
    if (!reviewer) throw new ConflictError(unavailableMessage, 'brand_review_unavailable');
    const { kit } = await brands.forJob(image.brand);
    const rules = brandRulesOf(kit);
    if (rules.length === 0) {
      throw new ConflictError(
        `The brand "${kit.name}" has no dos and don'ts yet; add them on the Brands page, then review again.`,
        'no_brand_rules',
      );
    }
    const bytes = await blobs.read(image.blobKey);
    if (!bytes) throw new NotFoundError('This image is no longer stored, so it cannot be reviewed.');
    const picture = await reviewPicture(bytes);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let results;
    try {
      results = await reviewer.review(picture, rules, { abortSignal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      if (error instanceof BrandReviewCallError) throw plainError(error.failure, timeoutMs);
      throw error;
    }
    const review: BrandReview = {
      imageId: image.id,
      brand: image.brand,
      model: reviewer.model,
      rules: results,
      reviewedBy: actor.userId,
      reviewedAt: clock.now(),
    };
    await reviews.save(review);
    return review;
  }

  private async imageFor(actor: ReviewActor, imageId: string): Promise<LibraryImage> {
    const { library } = this.options;
    const image = actor.isAdmin ? await library.findByIdOfAnyOwner(imageId) : await library.findById(actor.userId, imageId);
    // Another user's image answers exactly like a missing one.
    if (!image) throw new NotFoundError(noImage);
    return image;
  }
}

/** What went wrong with the model, in words that say what to do; the provider's detail only where it helps. */
function plainError(failure: ReviewFailure, timeoutMs: number): UpstreamError {
  switch (failure.kind) {
    case 'rate_limited': {
      const seconds = failure.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
      return new UpstreamBusyError(
        'language_model_busy',
        `The language model is busy or over its rate limit (${failure.detail}). Try the review again in ${seconds} seconds.`,
        seconds,
      );
    }
    case 'timed_out':
      return new UpstreamError(
        'brand_review_failed',
        `The language model did not answer within ${secondsOf(timeoutMs)}. Try the review again in a moment.`,
      );
    case 'bad_answer':
      return new UpstreamError(
        'brand_review_failed',
        `The language model's answer could not be read (${failure.detail}). Try again; if it keeps failing, the model may not support structured output.`,
      );
    case 'provider_error':
      return new UpstreamError('brand_review_failed', providerErrorMessage(failure.status, failure.detail));
  }
}

function providerErrorMessage(status: number | undefined, detail: string): string {
  if (status === 401 || status === 403) {
    return `The language model refused Brandgen's key (HTTP ${status}: ${detail}). An administrator should check the key in BRANDGEN_LLM_API_KEY or the provider's own key setting.`;
  }
  const what = status === undefined ? detail : `HTTP ${status}: ${detail}`;
  return `The language model could not review the image (${what}). Try again in a moment.`;
}

function secondsOf(milliseconds: number): string {
  const seconds = Math.max(1, Math.ceil(milliseconds / 1000));
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
