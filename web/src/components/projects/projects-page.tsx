import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError, fieldMessages } from '../../api/api-error.ts';
import { createProject } from '../../api/projects.ts';
import { useProjects } from '../../features/projects/api/list-projects.ts';
import '../../features/templates/components/templates.css';

const list = (text: string) =>
  text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

/** Brand projects (LogoKraft): the list, and a form for a new project's brief. */
export function ProjectsPage() {
  const id = useId();
  const navigate = useNavigate();
  const projects = useProjects();
  const [fields, setFields] = useState({
    name: '',
    brand_name: '',
    industry: '',
    audience: '',
    tone: '',
    style_words: '',
    colours: '',
    dos: '',
    donts: '',
  });
  const create = useMutation({
    mutationFn: () =>
      createProject({
        name: fields.name,
        brief: {
          brand_name: fields.brand_name,
          industry: fields.industry,
          audience: fields.audience,
          tone: list(fields.tone),
          style_words: list(fields.style_words),
          colours: list(fields.colours),
          dos: list(fields.dos),
          donts: list(fields.donts),
        },
      }),
    onSuccess: (project) => void navigate(`/projects/${project.id}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const input = (key: keyof typeof fields, label: string, hint?: string, errorField?: string) => (
    <div className="template-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        value={fields[key]}
        maxLength={300}
        onChange={(event) => setFields({ ...fields, [key]: event.target.value })}
      />
      {hint && <p className="template-hint">{hint}</p>}
      {fieldMessages(create.error, errorField ?? key).map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
    </div>
  );
  return (
    <main className="page">
      <h1>Brand projects</h1>
      {projects.data && projects.data.length > 0 && (
        <ul className="template-list">
          {projects.data.map((project) => (
            <li key={project.id} className="template-card">
              <h2 className="template-name">
                <Link to={`/projects/${project.id}`}>{project.name}</Link>
              </h2>
              <p className="template-meta">{[project.brief.brand_name, project.brief.industry].filter(Boolean).join(' · ')}</p>
            </li>
          ))}
        </ul>
      )}
      <form className="template-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
        <h2 id={`${id}-title`}>New project</h2>
        {input('name', 'Project name', undefined, 'name')}
        {input('brand_name', 'Brand name', undefined, 'brief.brand_name')}
        {input('industry', 'Industry')}
        {input('audience', 'Audience')}
        {input('tone', 'Tone', 'Words separated by commas, e.g. calm, confident.')}
        {input('style_words', 'Style words', 'e.g. flat, geometric.')}
        {input('colours', 'Colours', 'e.g. navy, sand.')}
        {input('dos', 'Dos')}
        {input('donts', "Don'ts")}
        {create.isError && !fieldMessages(create.error, 'name').length && !fieldMessages(create.error, 'brief.brand_name').length && (
          <p className="field-error" role="alert">
            {describeError(create.error)}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create project
        </button>
      </form>
    </main>
  );
}
