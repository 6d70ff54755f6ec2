import type { Project } from '@brandgen/client';
import { useState, type ReactNode } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { SegmentedControl } from '../../../ui/segmented-control.tsx';
import { useExpandBrief } from '../api/expand-brief.ts';
import { useGenerateAll } from '../api/generate-all.ts';
import { useGenerateForProject } from '../api/generate-for-project.ts';

const COUNT_OPTIONS = [3, 4, 6, 8, 12].map((count) => ({ value: String(count), label: String(count) }));

/**
 * The prompts kept with the project: "Expand brief" writes new ones (stored by the server, so a reload keeps them),
 * each can be edited and generated on its own, and "Generate all" starts every stored prompt as one batch.
 */
export function ProjectPrompts({ project, progress }: { project: Project; progress: ReactNode }) {
  const expansion = project.expansion;
  const [count, setCount] = useState(expansion?.prompts.length ?? 6);
  // Edits to a prompt live here until the next expansion replaces the stored prompts.
  const [edited, setEdited] = useState<{ at: string | undefined; prompts: string[] }>({ at: undefined, prompts: [] });
  const prompts = edited.at === expansion?.expanded_at && edited.at !== undefined ? edited.prompts : (expansion?.prompts ?? []);
  const expand = useExpandBrief(project.id);
  const generate = useGenerateForProject(project.id);
  const generateAll = useGenerateAll(project.id);
  const edit = (index: number, value: string) =>
    setEdited({ at: expansion?.expanded_at, prompts: prompts.map((prompt, at) => (at === index ? value : prompt)) });
  return (
    <section className="project-prompts" aria-labelledby="expand-title">
      <h2 id="expand-title">Prompts from the brief</h2>
      <div className="project-prompts-actions">
        <SegmentedControl
          label="How many prompts"
          hideLabel
          options={COUNT_OPTIONS}
          value={String(count)}
          onChange={(value) => setCount(Number(value))}
        />
        <button type="button" className="button button-primary" disabled={expand.isPending} onClick={() => expand.mutate(count)}>
          {expand.isPending ? 'Expanding…' : expansion ? 'Expand again' : 'Expand brief'}
        </button>
        {expansion && (
          <button type="button" className="button button-secondary" disabled={generateAll.isPending} onClick={() => generateAll.mutate()}>
            {generateAll.isPending ? 'Starting…' : `Generate all ${expansion.prompts.length}`}
          </button>
        )}
      </div>
      {progress}
      {expansion && (
        <p className="template-hint" role="status">
          {expansion.label} Generate all starts the prompts as written; an edited prompt starts with its own button.
        </p>
      )}
      {[expand, generate, generateAll].map((mutation, index) =>
        mutation.isError ? (
          <p key={index} className="field-error" role="alert">
            {describeError(mutation.error)}
          </p>
        ) : null,
      )}
      <ol className="project-prompt-list">
        {prompts.map((prompt, index) => (
          <li key={index} className="project-prompt">
            <label htmlFor={`prompt-${index}`}>Prompt {index + 1}</label>
            <textarea
              id={`prompt-${index}`}
              className="field-control"
              rows={2}
              value={prompt}
              onChange={(event) => edit(index, event.target.value)}
            />
            <button type="button" className="button button-secondary" disabled={generate.isPending} onClick={() => generate.mutate(prompt)}>
              Generate prompt {index + 1}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
