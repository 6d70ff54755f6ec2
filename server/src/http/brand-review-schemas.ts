import { z } from 'zod';
import { BRAND_RULE_VERDICTS, reviewSummary, type BrandReview } from '../domain/brand-review.ts';

/** Request and response shapes of "Review against the brief". */

export const OPINION_NOTE = "This is the model's opinion, not a check.";

const ruleResult = z.object({
  rule: z.string().describe('The rule, in the words of the brand kit.'),
  kind: z.enum(['do', 'dont']).describe('A do (the image should) or a don’t (it must not).'),
  verdict: z.enum(BRAND_RULE_VERDICTS).describe('pass, fail, or unsure when the image does not show enough to tell.'),
  reason: z.string().describe('The model’s one-sentence reason.'),
});

export const brandReviewResponse = z
  .object({
    image_id: z.string(),
    brand_id: z.string(),
    brand_version: z.number().int().describe('The brand version whose dos and don’ts were checked: the one the image was made with.'),
    model: z.string().describe('The language model that gave the opinion.'),
    rules: z.array(ruleResult).describe('Every do, then every don’t, in the kit’s order.'),
    summary: z.string().describe('e.g. "passes 4 of 5 rules".'),
    opinion_note: z.string(),
    reviewed_at: z.string(),
  })
  .describe("A language model's opinion of whether the image follows its brand's dos and don'ts.")
  .meta({ id: 'BrandReview' });

export const lastBrandReviewResponse = z.object({
  review: brandReviewResponse.nullable().describe('The last review of the image, or null when it was never reviewed.'),
});

export const brandReviewStatusResponse = z.object({
  available: z.boolean().describe('Whether a language model that sees images is configured.'),
  model: z.string().nullable(),
  message: z.string().describe('What the review is, or what an administrator must configure to offer it.'),
});

export function presentBrandReview(review: BrandReview): z.infer<typeof brandReviewResponse> {
  return {
    image_id: review.imageId,
    brand_id: review.brand.id,
    brand_version: review.brand.version,
    model: review.model,
    rules: review.rules.map(({ rule, kind, verdict, reason }) => ({ rule, kind, verdict, reason })),
    summary: reviewSummary(review.rules),
    opinion_note: OPINION_NOTE,
    reviewed_at: review.reviewedAt,
  };
}
