import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from '../../../app/router.tsx';
import { describeError } from '../../../api/api-error.ts';
import { describeRefinement } from '../../images/describe-refinement.ts';
import { useToggleFavorite } from '../../images/api/set-favorite.ts';
import { libraryKey } from '../../library/api/list-images.ts';
import { useOpenImage } from '../../images/api/get-image.ts';
import { ImageViewer } from '../../images/components/lazy-image-viewer.tsx';
import { useProject } from '../api/get-project.ts';
import { useProjectEvents } from '../api/project-events.ts';
import { useProjectImages } from '../api/project-images.ts';
import { useUpdateProject } from '../api/update-project.ts';
import { BriefDialog } from './brief-dialog.tsx';
import { draftOf } from './brief-fields.tsx';
import { InspirationImage } from './inspiration-image.tsx';
import { ProjectPrompts } from './project-prompts.tsx';
import { ProjectProgress } from './project-progress.tsx';
import '../../library/components/history.css';
import './projects.css';

/** One brand project: its brief (editable), its stored prompts, progress of its jobs as they run, and its images. */
export function ProjectPage() {
  const { id = '' } = useParams();
  const project = useProject(id);
  const update = useUpdateProject(id);
  const running = useProjectEvents(id);
  const [editing, setEditing] = useState(false);

  if (project.isPending) return <main className="page">Loading the project…</main>;
  if (project.isError) return <main className="page field-error">{describeError(project.error)}</main>;
  const { brief } = project.data;
  return (
    <main className="page project-page">
      <div className="projects-heading">
        <h1>{project.data.name}</h1>
        <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
          Edit brief
        </button>
      </div>
      <p className="project-card-meta">
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
      <ProjectPrompts project={project.data} progress={<ProjectProgress running={running} />} />
      <ProjectImages projectId={id} />
      {editing && (
        <BriefDialog
          title="Edit brief"
          submitLabel="Save brief"
          initial={draftOf(project.data.name, brief)}
          pending={update.isPending}
          error={update.error}
          onSubmit={(input) => update.mutate(input, { onSuccess: () => setEditing(false) })}
          onClose={() => {
            setEditing(false);
            update.reset();
          }}
        />
      )}
    </main>
  );
}

/** The project's images; each opens the shared viewer, with the arrow keys moving through this list. */
function ProjectImages({ projectId }: { projectId: string }) {
  const queryClient = useQueryClient();
  const images = useProjectImages(projectId);
  const [openId, setOpenId] = useState<string | null>(null);
  const toggleFavorite = useToggleFavorite();
  const listed = images.data?.images ?? [];
  const openImage = useOpenImage(listed, openId);
  return (
    <section aria-labelledby="project-images-title">
      <h2 id="project-images-title">Generations ({listed.length})</h2>
      <div className="project-images">
        {listed.map((image) => (
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
    </section>
  );
}
