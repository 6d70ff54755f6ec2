import type { TemplateRepository } from '../db/template-repository.ts';
import { fillPlaceholders, type Template } from '../domain/template.ts';
import type { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import type { Clock } from './clock.ts';
import { NotFoundError, ValidationError } from './errors.ts';

export const MAX_TEMPLATES_PER_USER = 500;

export type TemplateInput = Pick<Template, 'name' | 'prompt' | 'assetType' | 'model' | 'preset' | 'loraOverrides'>;

/** What applying a template gives: the settings to generate with, its placeholders filled. */
export type AppliedTemplate = Omit<TemplateInput, 'name'>;

export class TemplateService {
  private readonly templates: TemplateRepository;
  private readonly catalog: ImageModelCatalog;
  private readonly clock: Clock;

  constructor(options: { templates: TemplateRepository; catalog: ImageModelCatalog; clock: Clock }) {
    this.templates = options.templates;
    this.catalog = options.catalog;
    this.clock = options.clock;
  }

  list(userId: string): Promise<Template[]> {
    return this.templates.listByUser(userId, MAX_TEMPLATES_PER_USER);
  }

  async get(userId: string, id: string): Promise<Template> {
    const template = await this.templates.findById(userId, id);
    if (!template) throw new NotFoundError('There is no template with this id.');
    return template;
  }

  async create(userId: string, input: TemplateInput): Promise<Template> {
    this.checkModel(input.model);
    if ((await this.templates.listByUser(userId, MAX_TEMPLATES_PER_USER)).length >= MAX_TEMPLATES_PER_USER) {
      throw new ValidationError([{ field: 'name', message: `You can keep up to ${MAX_TEMPLATES_PER_USER} templates; delete one first.` }]);
    }
    const now = this.clock.now();
    const template: Template = { id: this.clock.newId(), userId, ...input, createdAt: now, updatedAt: now };
    await this.templates.insert(template);
    return template;
  }

  async update(userId: string, id: string, input: TemplateInput): Promise<Template> {
    this.checkModel(input.model);
    const existing = await this.get(userId, id);
    const template: Template = { ...existing, ...input, updatedAt: this.clock.now() };
    if (!(await this.templates.update(template))) throw new NotFoundError('There is no template with this id.');
    return template;
  }

  async delete(userId: string, id: string): Promise<void> {
    if (!(await this.templates.delete(userId, id))) throw new NotFoundError('There is no template with this id.');
  }

  async apply(userId: string, id: string, values: Readonly<Record<string, string>>): Promise<AppliedTemplate> {
    const template = await this.get(userId, id);
    return applyTemplate(template, values);
  }

  private checkModel(model: string | null): void {
    if (model !== null && !this.catalog.get(model)) {
      throw new ValidationError([{ field: 'model', message: `There is no model "${model}". Pick one from GET /api/models.` }]);
    }
  }
}

/** Fills a template's placeholders; a missing value is a field error named after the placeholder. */
export function applyTemplate(template: Template, values: Readonly<Record<string, string>>, field = 'values'): AppliedTemplate {
  const filled = fillPlaceholders(template.prompt, values);
  if (!filled.ok) {
    throw new ValidationError(filled.missing.map((name) => ({ field: `${field}.${name}`, message: `Give a value for {${name}}.` })));
  }
  return {
    prompt: filled.prompt,
    assetType: template.assetType,
    model: template.model,
    preset: template.preset,
    loraOverrides: template.loraOverrides,
  };
}
