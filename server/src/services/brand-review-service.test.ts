import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { brandKitSchema, type BrandKit } from '../domain/brand-kit.ts';
import type { BrandReview, BrandRule, BrandRuleResult } from '../domain/brand-review.ts';
import type { LibraryImage } from '../domain/library-image.ts';
import { BrandReviewCallError, type BrandReviewer, type ReviewFailure, type ReviewPicture } from '../providers/text/brand-reviewer.ts';
import { BrandReviewService } from './brand-review-service.ts';
import { ConflictError, NotFoundError, UpstreamBusyError, UpstreamError } from './errors.ts';

const wide = new Uint8Array(
  await sharp({ create: { width: 2048, height: 1024, channels: 4, background: { r: 31, g: 58, b: 95, alpha: 0.5 } } })
    .png()
    .toBuffer(),
);

const kit: BrandKit = brandKitSchema.parse({
  name: 'Harbour',
  palette: ['#0B3D2E', '#E8D5B7'],
  dos: ['Use the green as the main colour'],
  donts: ['No text', 'No people'],
});

function image(id: string, userId: string): LibraryImage {
  return {
    id,
    seq: 1,
    userId,
    jobId: 'job-1',
    slot: 0,
    prompt: 'a harbour',
    model: 'demo',
    assetType: null,
    projectId: null,
    parentId: null,
    refinement: null,
    seed: 1,
    width: 2048,
    height: 1024,
    blobKey: `jobs/${id}.png`,
    thumbnailKey: `thumbnails/${id}.webp`,
    thumbnailEtag: '"x"',
    placeholder: '',
    favorite: false,
    createdAt: '2026-11-30T10:00:00.000Z',
    expiresAt: null,
    brandFit: null,
    brand: { id: 'brand-1', version: 3 },
  };
}

/** A reviewer that records what it was asked and answers as scripted. */
class ScriptedReviewer implements BrandReviewer {
  readonly model = 'vision-test';
  readonly calls: Array<{ picture: ReviewPicture; rules: readonly BrandRule[] }> = [];
  answer: ((rules: readonly BrandRule[], signal: AbortSignal) => Promise<BrandRuleResult[]>) | undefined;

  async review(picture: ReviewPicture, rules: readonly BrandRule[], { abortSignal }: { abortSignal: AbortSignal }) {
    this.calls.push({ picture, rules });
    if (!this.answer) return rules.map((rule) => ({ ...rule, verdict: 'pass' as const, reason: 'Looks right.' }));
    return this.answer(rules, abortSignal);
  }
}

function setUp(options: { reviewer?: BrandReviewer | undefined; kit?: BrandKit; timeoutMs?: number } = {}) {
  const images = new Map([
    ['img-ada', image('img-ada', 'ada')],
    ['img-bob', image('img-bob', 'bob')],
  ]);
  const blobs = new Map<string, Uint8Array>([
    ['jobs/img-ada.png', wide],
    ['jobs/img-bob.png', wide],
  ]);
  const saved: BrandReview[] = [];
  const versionsAsked: unknown[] = [];
  const reviewer = 'reviewer' in options ? options.reviewer : new ScriptedReviewer();
  const service = new BrandReviewService({
    library: {
      findById: async (userId, id) => (images.get(id)?.userId === userId ? images.get(id) : undefined),
      findByIdOfAnyOwner: async (id) => images.get(id),
    },
    reviews: {
      save: async (review) => void saved.push(review),
      find: async (imageId) => saved.findLast((review) => review.imageId === imageId),
    },
    brands: {
      forJob: async (ref) => {
        versionsAsked.push(ref);
        return { ref, kit: options.kit ?? kit };
      },
    },
    blobs: { read: async (key) => blobs.get(key) },
    reviewer,
    unavailableMessage: 'Configure a vision model.',
    clock: { now: () => '2026-11-30T12:00:00.000Z', newId: () => 'unused' },
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  });
  return { service, saved, versionsAsked, blobs, reviewer: reviewer as ScriptedReviewer };
}

const ada = { userId: 'ada', isAdmin: false };

describe('BrandReviewService', () => {
  test("asks the reviewer with the image's own brand version's rules, dos first, and keeps the review", async () => {
    const { service, saved, versionsAsked, reviewer } = setUp();
    const review = await service.review(ada, 'img-ada');
    assert.deepEqual(versionsAsked, [{ id: 'brand-1', version: 3 }]);
    assert.deepEqual(reviewer.calls[0]!.rules, [
      { rule: 'Use the green as the main colour', kind: 'do' },
      { rule: 'No text', kind: 'dont' },
      { rule: 'No people', kind: 'dont' },
    ]);
    assert.equal(review.model, 'vision-test');
    assert.equal(review.reviewedBy, 'ada');
    assert.equal(review.rules.length, 3);
    assert.deepEqual(saved, [review]);
    assert.deepEqual(await service.last(ada, 'img-ada'), review);
  });

  test('sends a JPEG at most 1024 px on its longest side, transparency on white', async () => {
    const { service, reviewer } = setUp();
    await service.review(ada, 'img-ada');
    const { picture } = reviewer.calls[0]!;
    assert.equal(picture.mediaType, 'image/jpeg');
    const metadata = await sharp(picture.bytes).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height, metadata.hasAlpha], ['jpeg', 1024, 512, false]);
  });

  test("another user's image is not found; an administrator may review it", async () => {
    const { service, reviewer } = setUp();
    await assert.rejects(service.review(ada, 'img-bob'), NotFoundError);
    await assert.rejects(service.last(ada, 'img-bob'), NotFoundError);
    assert.equal(reviewer.calls.length, 0);
    const review = await service.review({ userId: 'root', isAdmin: true }, 'img-bob');
    assert.equal(review.imageId, 'img-bob');
  });

  test('without a vision model: a conflict that says what to configure, and the status says so too', async () => {
    const { service } = setUp({ reviewer: undefined });
    assert.deepEqual(service.status(), { available: false, model: null, message: 'Configure a vision model.' });
    await assert.rejects(service.review(ada, 'img-ada'), (error: unknown) => {
      assert.ok(error instanceof ConflictError);
      assert.equal(error.code, 'brand_review_unavailable');
      assert.equal(error.message, 'Configure a vision model.');
      return true;
    });
  });

  test("a brand without dos and don'ts: a conflict pointing at the Brands page; the model is not asked", async () => {
    const { service, reviewer } = setUp({ kit: { ...kit, dos: [], donts: [] } });
    await assert.rejects(service.review(ada, 'img-ada'), (error: unknown) => {
      assert.ok(error instanceof ConflictError);
      assert.equal(error.code, 'no_brand_rules');
      assert.match(error.message, /^The brand "Harbour" has no dos and don'ts yet; add them on the Brands page/);
      return true;
    });
    assert.equal(reviewer.calls.length, 0);
  });

  test('an image whose file is gone is not found in plain words', async () => {
    const { service, blobs } = setUp();
    blobs.clear();
    await assert.rejects(service.review(ada, 'img-ada'), /no longer stored/);
  });

  const failures: Array<[string, ReviewFailure, (error: unknown) => void]> = [
    [
      'a rate limit: busy, with the wait the provider asked for',
      { kind: 'rate_limited', retryAfterSeconds: 12, detail: 'Rate limit reached' },
      (error) => {
        assert.ok(error instanceof UpstreamBusyError);
        assert.equal(error.retryAfterSeconds, 12);
        assert.match(error.message, /over its rate limit \(Rate limit reached\)\. Try the review again in 12 seconds\./);
      },
    ],
    [
      'a rate limit without Retry-After: thirty seconds',
      { kind: 'rate_limited', retryAfterSeconds: undefined, detail: 'busy' },
      (error) => assert.equal((error as UpstreamBusyError).retryAfterSeconds, 30),
    ],
    [
      'an unreadable answer',
      { kind: 'bad_answer', detail: 'the answer did not match the asked format' },
      (error) => assert.match((error as Error).message, /answer could not be read .* may not support structured output/),
    ],
    [
      'a refused key names the setting to check',
      { kind: 'provider_error', status: 401, detail: 'Incorrect API key provided' },
      (error) => assert.match((error as Error).message, /refused Brandgen's key \(HTTP 401: .*BRANDGEN_LLM_API_KEY/),
    ],
    [
      'a server error',
      { kind: 'provider_error', status: 500, detail: 'The server had an error' },
      (error) => assert.match((error as Error).message, /could not review the image \(HTTP 500: The server had an error\)\. Try again/),
    ],
  ];
  for (const [title, failure, check] of failures) {
    test(`provider failure, ${title}; nothing is kept`, async () => {
      const { service, saved, reviewer } = setUp();
      reviewer.answer = async () => {
        throw new BrandReviewCallError(failure);
      };
      await assert.rejects(service.review(ada, 'img-ada'), (error: unknown) => {
        assert.ok(error instanceof UpstreamError);
        check(error);
        return true;
      });
      assert.deepEqual(saved, []);
    });
  }

  test('a model that does not answer in time: told to try again, nothing kept', async () => {
    const { service, saved, reviewer } = setUp({ timeoutMs: 30 });
    reviewer.answer = (_rules, signal) =>
      new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new BrandReviewCallError({ kind: 'timed_out' }))));
    await assert.rejects(service.review(ada, 'img-ada'), {
      code: 'brand_review_failed',
      message: 'The language model did not answer within 1 second. Try the review again in a moment.',
    });
    assert.deepEqual(saved, []);
  });
});
