import { useId } from 'react';
import { BRAND_RULES } from '../../../../../server/src/domain/brand-kit-formats.ts';
import type { ErrorsFor } from '../field-errors.ts';
import './brand-rules.css';

interface RuleListProps {
  field: 'dos' | 'donts';
  legend: string;
  /** How one rule is named in labels and buttons: "Do 2", "Remove don’t 2". */
  noun: string;
  placeholder: string;
  rules: string[];
  readOnly: boolean;
  errorsFor: ErrorsFor;
  onChange: (rules: string[]) => void;
}

/** One list of rules: a text row per rule with a way to remove it, and a way to add one. */
function RuleList({ field, legend, noun, placeholder, rules, readOnly, errorsFor, onChange }: RuleListProps) {
  const id = useId();
  const set = (index: number, rule: string) => onChange(rules.map((entry, at) => (at === index ? rule : entry)));
  const listErrors = errorsFor(field);
  const full = rules.length >= BRAND_RULES.maxRules;
  return (
    <fieldset className="brand-rules-list">
      <legend>{legend}</legend>
      {rules.length === 0 && <p className="form-field-hint">None yet.</p>}
      <ol className="brand-rules-rows">
        {rules.map((rule, index) => {
          const errors = errorsFor(`${field}.${index}`);
          const inputId = `${id}-${index}`;
          return (
            <li key={index} className="brand-rules-row">
              <label htmlFor={inputId} className="brand-rules-label">
                {noun} {index + 1}
              </label>
              <input
                id={inputId}
                className="field-control"
                value={rule}
                placeholder={placeholder}
                data-field={`${field}.${index}`}
                readOnly={readOnly}
                maxLength={BRAND_RULES.maxLength + 50}
                aria-invalid={errors.length > 0 || undefined}
                aria-describedby={errors.length > 0 ? `${inputId}-error` : undefined}
                onChange={(event) => set(index, event.target.value)}
              />
              {!readOnly && (
                <button
                  type="button"
                  className="button button-secondary brands-small-button"
                  aria-label={`Remove ${noun.toLowerCase()} ${index + 1}`}
                  onClick={() => onChange(rules.filter((_, at) => at !== index))}
                >
                  Remove
                </button>
              )}
              {errors.length > 0 && (
                <p id={`${inputId}-error`} className="field-error brand-rules-error">
                  {errors.join(' ')}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {listErrors.length > 0 && <p className="field-error">{listErrors.join(' ')}</p>}
      {!readOnly && (
        <button type="button" className="button button-secondary" disabled={full} onClick={() => onChange([...rules, ''])}>
          Add a {noun.toLowerCase()}
        </button>
      )}
      {!readOnly && full && <p className="form-field-hint">A brand takes at most {BRAND_RULES.maxRules} here.</p>}
    </fieldset>
  );
}

const RULE_LISTS = [
  { field: 'dos', legend: 'Dos', noun: 'Do', placeholder: 'Use the navy as the main colour' },
  { field: 'donts', legend: 'Don’ts', noun: 'Don’t', placeholder: 'No text or lettering' },
] as const;

interface BrandRulesEditorProps {
  dos: string[];
  donts: string[];
  readOnly: boolean;
  errorsFor: ErrorsFor;
  onChange: (change: { dos?: string[]; donts?: string[] }) => void;
}

/** The brand's dos and don'ts: short sentences an image is reviewed against ("Review against the brief"). */
export function BrandRulesEditor({ dos, donts, readOnly, errorsFor, onChange }: BrandRulesEditorProps) {
  return (
    <div className="brand-rules">
      <p className="form-field-hint">
        Short plain sentences, one per row (at most {BRAND_RULES.maxLength} characters). A language model that can see images checks an
        image against them when someone asks for a review in the image viewer.
      </p>
      {RULE_LISTS.map((list) => (
        <RuleList
          key={list.field}
          {...list}
          rules={list.field === 'dos' ? dos : donts}
          readOnly={readOnly}
          errorsFor={errorsFor}
          onChange={(next) => onChange({ [list.field]: next })}
        />
      ))}
    </div>
  );
}
