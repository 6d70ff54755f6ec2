import { ProgressBar } from '../../../ui/progress-bar.tsx';
import type { RunningJob } from '../api/project-events.ts';

/** The project's jobs running now, each with its progress, as the project's stream tells it (nothing is polled). */
export function ProjectProgress({ running }: { running: RunningJob[] }) {
  return (
    <section aria-labelledby="project-progress-title" className="project-progress" hidden={running.length === 0}>
      <h3 id="project-progress-title">Generating</h3>
      <ul>
        {running.map((job) => (
          <li key={job.id}>
            <p className="project-progress-prompt">{job.prompt}</p>
            <ProgressBar done={job.done} total={job.total} label={`Progress of “${job.prompt}”`} />
            <p className="project-progress-count" role="status">
              {job.done} of {job.total} images ready
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
