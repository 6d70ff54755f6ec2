import type { LibraryImage, ResponseBody } from '@brandgen/client';
import { useId } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { useBrandReview } from '../api/get-brand-review.ts';
import { useBrandReviewStatus } from '../api/get-brand-review-status.ts';
import { useReviewImage } from '../api/review-image.ts';
import './brand-fit.css';
import './brand-review.css';

type Review = ResponseBody<'/api/images/{id}/brand-review', 'post', 200>;
type RuleResult = Review['rules'][number];

/** Each verdict in an icon and a word, in the brand-fit badge's colours (pass as a high fit, fail as a low one). */
const VERDICT_WORDS: Record<RuleResult['verdict'], { icon: string; word: string; level: 'high' | 'medium' | 'low' }> = {
  pass: { icon: '✓', word: 'Pass', level: 'high' },
  fail: { icon: '✗', word: 'Fail', level: 'low' },
  unsure: { icon: '?', word: 'Unsure', level: 'medium' },
};

/**
 * "Review against the brief": a vision language model's opinion of whether the image follows its brand's dos and
 * don'ts. Offered when the server has such a model; the last review shows again without a new (paid) call.
 */
export function BrandReview({ image }: { image: LibraryImage }) {
  const id = useId();
  const status = useBrandReviewStatus();
  const last = useBrandReview(image.id);
  const review = useReviewImage(image.id);
  const available = status.data?.available === true;
  const shown = last.data ?? null;
  if (!available && !shown) return null;
  return (
    <section className="image-viewer-section brand-review" aria-labelledby={`${id}-title`} aria-busy={review.isPending}>
      <h3 id={`${id}-title`}>Review against the brief</h3>
      <p className="image-viewer-hint">
        Asks {status.data?.model ?? 'the language model'} whether this image follows the brand’s dos and don’ts.
      </p>
      {available && (
        <div>
          <button type="button" className="button button-secondary" disabled={review.isPending} onClick={() => review.mutate()}>
            {review.isPending ? 'Reviewing…' : shown ? 'Review again' : 'Review against the brief'}
          </button>
        </div>
      )}
      {review.isPending && (
        <p className="status-line" data-tone="busy" role="status">
          The model is looking at the image; this can take up to a minute.
        </p>
      )}
      {review.isError && (
        <p className="field-error" role="alert">
          {describeError(review.error)}
        </p>
      )}
      {shown && !review.isPending && <ReviewResult review={shown} />}
    </section>
  );
}

function ReviewResult({ review }: { review: Review }) {
  const when = new Date(review.reviewed_at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="brand-review-result">
      <p className="brand-review-opinion">
        <strong>The model’s opinion</strong> · {review.model}, {when}
      </p>
      <p className="brand-review-summary">
        It {review.summary}. {review.opinion_note}
      </p>
      <ul className="brand-review-rules" aria-label="Rules, with the model’s verdict">
        {review.rules.map((rule, index) => {
          const verdict = VERDICT_WORDS[rule.verdict];
          return (
            <li key={index} className="brand-review-rule" data-verdict={rule.verdict}>
              <span className="brand-fit-badge brand-review-verdict" data-level={verdict.level}>
                <span aria-hidden="true">{verdict.icon}</span> {verdict.word}
              </span>
              <span className="brand-review-text">
                <span className="brand-review-kind">{rule.kind === 'do' ? 'Do' : 'Don’t'}:</span> {rule.rule}
                <span className="brand-review-reason">{rule.reason}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
