import { useState } from 'react';
import { Link, useNavigate } from '../../../app/router.tsx';
import type { ProjectCard } from '@brandgen/client';
import { describeError } from '../../../api/api-error.ts';
import { useCreateProject } from '../api/create-project.ts';
import { useProjects } from '../api/list-projects.ts';
import { BriefDialog } from './brief-dialog.tsx';
import { emptyDraft } from './brief-fields.tsx';
import './projects.css';

const changed = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Brand projects (LogoKraft) as cards; a new project's brief in a dialog. */
export function ProjectsPage() {
  const navigate = useNavigate();
  const projects = useProjects();
  const create = useCreateProject();
  const [creating, setCreating] = useState(false);
  return (
    <main className="page">
      <div className="projects-heading">
        <h1>Projects</h1>
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New project
        </button>
      </div>
      {projects.isError && <p className="field-error">{describeError(projects.error)}</p>}
      {projects.data?.length === 0 && (
        <p className="projects-empty">
          No projects yet. A project holds a brand brief, the prompts written from it and every image made for it.
        </p>
      )}
      <ul className="project-cards">
        {projects.data?.map((project) => (
          <ProjectCardItem key={project.id} project={project} />
        ))}
      </ul>
      {creating && (
        <BriefDialog
          title="New project"
          submitLabel="Create project"
          initial={emptyDraft}
          pending={create.isPending}
          error={create.error}
          onSubmit={(input) => create.mutate(input, { onSuccess: (project) => void navigate(`/projects/${project.id}`) })}
          onClose={() => {
            setCreating(false);
            create.reset();
          }}
        />
      )}
    </main>
  );
}

function ProjectCardItem({ project }: { project: ProjectCard }) {
  const { brief } = project;
  return (
    <li className="project-card">
      <div className="project-card-cover">
        {project.cover_url ? (
          <img src={project.cover_url} alt="" width={256} height={256} loading="lazy" />
        ) : (
          <span aria-hidden="true">{brief.brand_name.slice(0, 1)}</span>
        )}
      </div>
      <div className="project-card-body">
        <h2 className="project-card-name">
          <Link to={`/projects/${project.id}`}>{project.name}</Link>
        </h2>
        <p className="project-card-meta">{[brief.brand_name, brief.industry].filter(Boolean).join(' · ')}</p>
        <p className="project-card-meta">
          {project.image_count === 1 ? '1 image' : `${project.image_count} images`} · changed{' '}
          {changed.format(new Date(project.last_change_at))}
        </p>
      </div>
    </li>
  );
}
