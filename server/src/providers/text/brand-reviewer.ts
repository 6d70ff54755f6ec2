import type { APICallError, LanguageModel } from 'ai';

/** The AI SDK, loaded on first use so a server that never reviews an image does not hold it. */
type AiSdk = typeof import('ai');
import { z } from 'zod';
import { BRAND_RULE_VERDICTS, type BrandRule, type BrandRuleResult } from '../../domain/brand-review.ts';

/** An image as the model receives it. */
export interface ReviewPicture {
  bytes: Uint8Array;
  mediaType: string;
}

/** Why asking the model failed, in terms the use case can put in plain words (never the provider's raw error). */
export type ReviewFailure =
  | { kind: 'rate_limited'; retryAfterSeconds: number | undefined; detail: string }
  | { kind: 'timed_out' }
  | { kind: 'bad_answer'; detail: string }
  | { kind: 'provider_error'; status: number | undefined; detail: string };

export class BrandReviewCallError extends Error {
  readonly failure: ReviewFailure;

  constructor(failure: ReviewFailure) {
    super(`The brand review call failed: ${failure.kind}`);
    this.failure = failure;
  }
}

/** Asks a model whether an image follows a brand's rules. */
export interface BrandReviewer {
  /** The model asked, as configured. */
  readonly model: string;
  review(picture: ReviewPicture, rules: readonly BrandRule[], options: { abortSignal: AbortSignal }): Promise<BrandRuleResult[]>;
}

export const REVIEW_SYSTEM_PROMPT =
  'You review images for a brand team. You are given an image and the brand’s rules: each "do" is something the ' +
  'image should do, each "dont" something it must not do. Judge every rule from what the image shows: "pass" when ' +
  'the image keeps the rule, "fail" when it breaks it, "unsure" when the image does not show enough to tell. Give ' +
  'each verdict a reason of one short sentence about what you see. Answer every rule once, in the order given.';

/** The rules as the prompt lists them, numbered, one a line. */
export function reviewPromptOf(rules: readonly BrandRule[]): string {
  const lines = rules.map((rule, index) => `${index + 1}. [${rule.kind}] ${rule.rule}`);
  return `Review the attached image against these ${rules.length} brand rules:\n${lines.join('\n')}`;
}

/** Answers a structured verdict per rule from any AI SDK language model that takes images. */
export class LanguageModelBrandReviewer implements BrandReviewer {
  readonly model: string;
  private readonly languageModel: LanguageModel;

  constructor(options: { languageModel: LanguageModel; model: string }) {
    this.languageModel = options.languageModel;
    this.model = options.model;
  }

  async review(picture: ReviewPicture, rules: readonly BrandRule[], { abortSignal }: { abortSignal: AbortSignal }) {
    const schema = z.object({
      rules: z
        .array(
          z.object({
            rule: z.string().describe('The rule as given'),
            kind: z.enum(['do', 'dont']),
            verdict: z.enum(BRAND_RULE_VERDICTS),
            reason: z.string().describe('One short sentence on what in the image decides the verdict'),
          }),
        )
        .length(rules.length),
    });
    const ai = await import('ai');
    try {
      const { output } = await ai.generateText({
        model: this.languageModel,
        output: ai.Output.object({ schema }),
        system: REVIEW_SYSTEM_PROMPT,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: reviewPromptOf(rules) },
              { type: 'file', data: picture.bytes, mediaType: picture.mediaType },
            ],
          },
        ],
        // Forty short verdicts fit easily; the cap keeps a runaway answer from costing the model's maximum.
        maxOutputTokens: 4_000,
        // The person waits for the answer: a refusal is reported at once, with when to try again.
        maxRetries: 0,
        abortSignal,
      });
      return matchAnswers(rules, output.rules);
    } catch (error) {
      throw new BrandReviewCallError(failureOf(error, abortSignal, ai));
    }
  }
}

/**
 * Each rule with the model's verdict on it: found by its text, else by its place. The rule's words and kind are
 * always ours, so a model that rephrases a rule cannot change what the review says was checked.
 */
function matchAnswers(rules: readonly BrandRule[], answers: ReadonlyArray<Omit<BrandRuleResult, 'kind'> & { kind: string }>) {
  const byText = new Map(answers.map((answer) => [answer.rule.trim().toLowerCase(), answer]));
  return rules.map((rule, index): BrandRuleResult => {
    const answer = byText.get(rule.rule.trim().toLowerCase()) ?? answers[index]!;
    return { rule: rule.rule, kind: rule.kind, verdict: answer.verdict, reason: answer.reason.trim().slice(0, 500) || 'No reason given.' };
  });
}

function failureOf(error: unknown, abortSignal: AbortSignal, ai: AiSdk): ReviewFailure {
  if (abortSignal.aborted) return { kind: 'timed_out' };
  if (ai.NoObjectGeneratedError.isInstance(error)) return { kind: 'bad_answer', detail: 'the answer did not match the asked format' };
  if (ai.APICallError.isInstance(error)) {
    const detail = providerMessage(error);
    if (error.statusCode === 429) {
      return { kind: 'rate_limited', retryAfterSeconds: retryAfterOf(error.responseHeaders), detail };
    }
    return { kind: 'provider_error', status: error.statusCode, detail };
  }
  return { kind: 'provider_error', status: undefined, detail: 'the service could not be reached' };
}

/** Shapes of API keys and tokens a provider might echo back: OpenAI and Anthropic (sk-…), Google (AIza…), bearer tokens. */
const SECRET_SHAPES = /\b(?:sk|pk|rk)-[\w-]{8,}|\bAIza[\w-]{20,}|\bBearer\s+[\w.~+/=-]{8,}/g;

/** The provider's own words (they name models and limits), with anything shaped like a key hidden. */
function providerMessage(error: APICallError): string {
  const text = error.message.replace(SECRET_SHAPES, '[hidden]');
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

/** Retry-After in seconds, from either form the header takes (seconds, or an HTTP date). */
function retryAfterOf(headers: Record<string, string> | undefined): number | undefined {
  const value = headers?.['retry-after'];
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
