import type { Selectable } from 'kysely';
import type { Template } from '../domain/template.ts';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { TemplatesTable } from './schema.ts';

export class TemplateRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  async insert(template: Template): Promise<void> {
    await this.database.insertInto('templates').values(toRow(template)).execute();
  }

  async update(template: Template): Promise<boolean> {
    const { id, user_id, created_at, ...changes } = toRow(template);
    const result = await this.database
      .updateTable('templates')
      .set(changes)
      .where('id', '=', id)
      .where('user_id', '=', user_id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.database.deleteFrom('templates').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async findById(userId: string, id: string): Promise<Template | undefined> {
    const row = await this.database
      .selectFrom('templates')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && toTemplate(row);
  }

  /** A user's templates by name; a person keeps tens of them, so no paging. */
  async listByUser(userId: string, limit: number): Promise<Template[]> {
    const rows = await this.database
      .selectFrom('templates')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('name')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toTemplate);
  }
}

function toRow(template: Template) {
  return {
    id: template.id,
    user_id: template.userId,
    name: template.name,
    prompt: template.prompt,
    asset_type: template.assetType,
    model: template.model,
    preset: template.preset,
    lora_overrides: JSON.stringify(template.loraOverrides),
    created_at: template.createdAt,
    updated_at: template.updatedAt,
  };
}

function toTemplate(row: Selectable<TemplatesTable>): Template {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prompt: row.prompt,
    assetType: row.asset_type,
    model: row.model,
    preset: row.preset,
    loraOverrides: JSON.parse(row.lora_overrides),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
