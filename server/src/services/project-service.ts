import type { ProjectRepository } from '../db/project-repository.ts';
import type { BrandBrief, Project } from '../domain/brand-brief.ts';
import type { Job } from '../domain/job.ts';
import type { BriefExpander, ExpandedBrief } from '../providers/text/brief-expander.ts';
import type { Clock } from './clock.ts';
import { NotFoundError, UpstreamError } from './errors.ts';
import type { GenerationService } from './generation-service.ts';

export const MAX_PROJECTS_LISTED = 200;

export class BriefExpansionFailedError extends UpstreamError {
  constructor(reason: string) {
    super('brief_expansion_failed', `The language model could not expand the brief (${reason}). Try again, or edit the prompts by hand.`);
  }
}

/** Brand projects: a name and a structured brief, expanded into prompts, whose generations are filed under the project. */
export class ProjectService {
  private readonly options: { projects: ProjectRepository; expander: BriefExpander; generation: GenerationService; clock: Clock };

  constructor(options: { projects: ProjectRepository; expander: BriefExpander; generation: GenerationService; clock: Clock }) {
    this.options = options;
  }

  list(userId: string): Promise<Project[]> {
    return this.options.projects.listByUser(userId, MAX_PROJECTS_LISTED);
  }

  async get(userId: string, id: string): Promise<Project> {
    const project = await this.options.projects.findById(userId, id);
    if (!project) throw new NotFoundError('There is no project with this id.');
    return project;
  }

  async create(userId: string, input: { name: string; brief: BrandBrief }): Promise<Project> {
    const now = this.options.clock.now();
    const project: Project = { id: this.options.clock.newId(), userId, ...input, createdAt: now, updatedAt: now };
    await this.options.projects.insert(project);
    return project;
  }

  async update(userId: string, id: string, input: { name: string; brief: BrandBrief }): Promise<Project> {
    const project: Project = { ...(await this.get(userId, id)), ...input, updatedAt: this.options.clock.now() };
    if (!(await this.options.projects.update(project))) throw new NotFoundError('There is no project with this id.');
    return project;
  }

  async expand(userId: string, id: string, count: number): Promise<ExpandedBrief> {
    const project = await this.get(userId, id);
    try {
      return await this.options.expander.expand(project.brief, count, AbortSignal.timeout(60_000));
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 200) : 'no reason given';
      throw new BriefExpansionFailedError(reason);
    }
  }

  /** Starts a job for one of the project's prompts; its images carry the project's id. */
  async generate(userId: string, id: string, prompt: string, model?: string): Promise<Job> {
    const project = await this.get(userId, id);
    return this.options.generation.generate({ userId, prompt, model, projectId: project.id });
  }
}
