import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { isApplePlatform } from '../../../format/is-apple-platform.ts';
import { useFocusShortcut } from './use-focus-shortcut.ts';

export const PROMPT_LIMIT = 500;
/** Warn a little before the limit so people can trim calmly rather than hit a wall. */
const WARNING_THRESHOLD = 450;

interface PromptFormProps {
  onSubmit: (prompt: string) => void;
  submitting: boolean;
  /** Messages about the prompt from the last attempt (e.g. the server's field errors). */
  errors: string[];
  onEdit: () => void;
  /** The text the form starts with, e.g. recalled from an earlier image. */
  initialPrompt?: string;
}

export function PromptForm({ onSubmit, submitting, errors, onEdit, initialPrompt = '' }: PromptFormProps) {
  const [prompt, setPrompt] = useState(initialPrompt);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  const promptId = `${id}-prompt`;
  const counterId = `${id}-counter`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  useFocusShortcut('/', textareaRef);

  const length = prompt.length;
  const overLimit = length > PROMPT_LIMIT;
  const blank = prompt.trim() === '';
  const counterState = overLimit ? 'over' : length >= WARNING_THRESHOLD ? 'near' : 'ok';
  const limitMessage = overLimit
    ? `Please shorten the description by ${length - PROMPT_LIMIT} ${length - PROMPT_LIMIT === 1 ? 'character' : 'characters'}.`
    : null;
  const shownErrors = limitMessage ? [limitMessage, ...errors] : errors;
  const hasError = shownErrors.length > 0;
  const shortcut = isApplePlatform() ? '⌘' : 'Ctrl';

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting || overLimit) return;
    // Blank prompts still go to the server: its validation message is the one source of truth.
    onSubmit(prompt.trim());
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  return (
    <form ref={formRef} className="prompt-form" onSubmit={handleSubmit} noValidate>
      <label className="prompt-label" htmlFor={promptId}>
        Describe the image you need
      </label>
      <textarea
        ref={textareaRef}
        id={promptId}
        name="prompt"
        className="prompt-input"
        rows={4}
        value={prompt}
        placeholder="e.g. a red bicycle leaning on a wall, morning light"
        aria-invalid={hasError || undefined}
        aria-describedby={[hasError ? errorId : null, counterId, hintId].filter(Boolean).join(' ')}
        onChange={(event) => {
          setPrompt(event.target.value);
          if (errors.length > 0) onEdit();
        }}
        onKeyDown={handleKeyDown}
      />
      <div className="prompt-meta">
        <p className="prompt-hint">
          <kbd>/</kbd> jumps here from anywhere
        </p>
        <p id={counterId} className="prompt-counter" data-state={counterState}>
          <span aria-hidden="true">
            {length} / {PROMPT_LIMIT}
          </span>
          <span className="visually-hidden">
            {length} of {PROMPT_LIMIT} characters used
          </span>
        </p>
      </div>
      {hasError && (
        <div id={errorId} className="field-error">
          {shownErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <div className="prompt-actions">
        <button type="submit" className="button button-primary button-large" disabled={blank || overLimit || submitting}>
          {submitting ? 'Starting…' : 'Generate'}
        </button>
        <span id={hintId} className="prompt-actions-note">
          or press <kbd>{shortcut}</kbd> + <kbd>Enter</kbd>
        </span>
      </div>
    </form>
  );
}
