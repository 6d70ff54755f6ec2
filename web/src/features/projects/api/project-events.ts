import { useQueryClient } from '@tanstack/react-query';
import type { ProjectEvent } from '@brandgen/client';
import { useEffect, useState } from 'react';
import { brandgen } from '../../../api/client.ts';
import { projectsQueryOptions } from './list-projects.ts';
import { projectImagesQueryOptions } from './project-images.ts';

/** A job of the project that is running, as its stream tells it. */
export interface RunningJob {
  id: string;
  prompt: string;
  done: number;
  total: number;
}

function applyEvent(jobs: Map<string, RunningJob>, event: ProjectEvent): Map<string, RunningJob> {
  const next = new Map(jobs);
  switch (event.type) {
    case 'state': {
      const job = event.data;
      next.set(job.id, { id: job.id, prompt: job.prompt, done: job.progress.done, total: job.progress.total });
      return next;
    }
    case 'progress': {
      const job = next.get(event.data.job_id);
      if (job) next.set(job.id, { ...job, done: event.data.done, total: event.data.total });
      return next;
    }
    case 'complete':
    case 'failed':
    case 'filed':
      next.delete(event.data.id);
      return next;
    default:
      return jobs;
  }
}

/**
 * Follows the project's one event stream while the page is open: the jobs running now with their progress, and the
 * project's images refreshed as each job is filed (its images reach the library then, a moment after it ends). Nothing
 * is polled; a drop is resumed.
 */
export function useProjectEvents(projectId: string): RunningJob[] {
  const queryClient = useQueryClient();
  const [running, setRunning] = useState<Map<string, RunningJob>>(new Map());
  useEffect(() => {
    const stop = new AbortController();
    setRunning(new Map());
    void (async () => {
      try {
        for await (const event of brandgen.followProject(projectId, { signal: stop.signal })) {
          setRunning((jobs) => applyEvent(jobs, event));
          if (event.type === 'filed') {
            void queryClient.invalidateQueries({ queryKey: projectImagesQueryOptions(projectId).queryKey });
            void queryClient.invalidateQueries({ queryKey: projectsQueryOptions().queryKey, exact: true });
          }
        }
      } catch {
        // The project is gone or access was refused: the page says so from its own query.
      }
    })();
    return () => stop.abort();
  }, [projectId, queryClient]);
  return [...running.values()];
}
