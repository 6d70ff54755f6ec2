import type { BrandRef } from './brand.ts';

/** Whether a rule is something the image should do or must not do. */
export type BrandRuleKind = 'do' | 'dont';

/** The model's judgement of one rule: `unsure` when the image does not show enough to tell. */
export const BRAND_RULE_VERDICTS = ['pass', 'fail', 'unsure'] as const;
export type BrandRuleVerdict = (typeof BRAND_RULE_VERDICTS)[number];

/** One of the brand's dos and don'ts, as put to the model. */
export interface BrandRule {
  rule: string;
  kind: BrandRuleKind;
}

export interface BrandRuleResult extends BrandRule {
  verdict: BrandRuleVerdict;
  reason: string;
}

/** A language model's opinion of whether an image follows its brand version's dos and don'ts. */
export interface BrandReview {
  imageId: string;
  brand: BrandRef;
  /** The model asked, as configured (e.g. gpt-4o-mini). */
  model: string;
  rules: BrandRuleResult[];
  reviewedBy: string;
  reviewedAt: string;
}

/** The kit's rules in the order a review answers them: the dos, then the don'ts. */
export function brandRulesOf(kit: { dos: readonly string[]; donts: readonly string[] }): BrandRule[] {
  return [...kit.dos.map((rule) => ({ rule, kind: 'do' as const })), ...kit.donts.map((rule) => ({ rule, kind: 'dont' as const }))];
}

/** "passes 4 of 5 rules", with the rules the model could not judge named apart. */
export function reviewSummary(rules: readonly BrandRuleResult[]): string {
  const passed = rules.filter((rule) => rule.verdict === 'pass').length;
  const unsure = rules.filter((rule) => rule.verdict === 'unsure').length;
  const total = `${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}`;
  return unsure === 0 ? `passes ${passed} of ${total}` : `passes ${passed} of ${total} (${unsure} unsure)`;
}
