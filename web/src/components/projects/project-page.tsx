import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { describeError } from '../../api/api-error.ts';
import { describeRefinement, listImages } from '../../api/library.ts';
import { expandBrief, generateForProject, getProject } from '../../api/projects.ts';
import { libraryKey } from '../../api/query-keys.ts';
import { useToggleFavorite } from '../../hooks/use-library.ts';
import { useOpenImage } from '../../features/images/api/get-image.ts';
import { ImageViewer } from '../../features/images/components/lazy-image-viewer.tsx';
import { InspirationImage } from './inspiration-image.tsx';
import '../history/history.css';
import '../../features/templates/components/templates.css';

/** One brand project: its brief, "Expand brief" into editable prompts, and every image generated for it. */
export function ProjectPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const project = useQuery({ queryKey: ['project', id], queryFn: ({ signal }) => getProject(id, signal) });
  const [count, setCount] = useState(6);
  const [prompts, setPrompts] = useState<string[]>([]);
  const [running, setRunning] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const toggleFavorite = useToggleFavorite();
  const expand = useMutation({ mutationFn: () => expandBrief(id, count), onSuccess: (result) => setPrompts(result.prompts) });
  const generate = useMutation({
    mutationFn: (prompt: string) => generateForProject(id, prompt),
    onSuccess: () => setRunning((value) => value + 1),
  });
  const images = useQuery({
    queryKey: [...libraryKey, { project_id: id }],
    queryFn: ({ signal }) => listImages({ project_id: id }, null, 200, signal),
    // While sets started here are generating, look for their images every 1.5 s.
    refetchInterval: running > 0 ? 1_500 : false,
  });
  const listed = images.data?.images ?? [];
  const openImage = useOpenImage(listed, openId);

  if (project.isPending) return <main className="page">Loading the project…</main>;
  if (project.isError) return <main className="page field-error">{describeError(project.error)}</main>;
  const { brief } = project.data;
  return (
    <main className="page">
      <h1>{project.data.name}</h1>
      <p className="template-meta">
        {[
          brief.brand_name,
          brief.industry,
          brief.audience && `for ${brief.audience}`,
          ...brief.tone,
          ...brief.style_words,
          ...brief.colours,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <InspirationImage project={project.data} />
      <section className="template-form" aria-labelledby="expand-title">
        <h2 id="expand-title">Prompts from the brief</h2>
        <div className="template-actions">
          <label htmlFor="expand-count">How many</label>
          <select id="expand-count" value={count} onChange={(event) => setCount(Number(event.target.value))}>
            {[3, 4, 6, 8, 12].map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
          <button type="button" className="button button-primary" disabled={expand.isPending} onClick={() => expand.mutate()}>
            {expand.isPending ? 'Expanding…' : 'Expand brief'}
          </button>
        </div>
        {expand.data && (
          <p className="template-hint" role="status">
            {expand.data.label}
          </p>
        )}
        {expand.isError && <p className="field-error">{describeError(expand.error)}</p>}
        <ol className="template-list">
          {prompts.map((prompt, index) => (
            <li key={index} className="template-field">
              <label htmlFor={`prompt-${index}`}>Prompt {index + 1}</label>
              <textarea
                id={`prompt-${index}`}
                rows={2}
                value={prompt}
                onChange={(event) => setPrompts(prompts.map((value, at) => (at === index ? event.target.value : value)))}
              />
              <div>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={generate.isPending}
                  onClick={() => generate.mutate(prompt)}
                >
                  Generate prompt {index + 1}
                </button>
              </div>
            </li>
          ))}
        </ol>
        {generate.isError && <p className="field-error">{describeError(generate.error)}</p>}
      </section>
      <section aria-labelledby="project-images-title">
        <h2 id="project-images-title">Generations ({images.data?.images.length ?? 0})</h2>
        <div className="project-images">
          {images.data?.images.map((image) => (
            <button
              key={image.id}
              type="button"
              className="refinement-thumb"
              data-image-id={image.id}
              onClick={() => setOpenId(image.id)}
              aria-label={`${image.prompt}. ${image.refinement ? `${describeRefinement(image.refinement)}. ` : ''}Open in the viewer`}
            >
              <img src={image.thumbnail_url} alt="" width={160} height={160} />
            </button>
          ))}
        </div>
      </section>
      {openImage && (
        <ImageViewer
          images={listed}
          image={openImage}
          onClose={() => {
            setOpenId(null);
            toggleFavorite.reset();
          }}
          onShow={(next) => {
            // From the refinement tree (an id): edits made since may be new to the project's list.
            if (typeof next === 'string') void queryClient.invalidateQueries({ queryKey: libraryKey });
            setOpenId(typeof next === 'string' ? next : next.id);
          }}
          onToggleFavorite={(image) => toggleFavorite.mutate(image)}
          favoriteError={toggleFavorite.error}
          returnFocusTo={(image) => document.querySelector<HTMLElement>(`.project-images [data-image-id="${CSS.escape(image.id)}"]`)}
        />
      )}
    </main>
  );
}
