import type { Selectable } from 'kysely';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { ApiTokensTable } from './schema.ts';

export type ApiTokenRow = Selectable<ApiTokensTable>;

export class ApiTokenRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  async insert(row: ApiTokenRow): Promise<void> {
    await this.database.insertInto('api_tokens').values(row).execute();
  }

  async listForUser(userId: string): Promise<ApiTokenRow[]> {
    return this.database.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute();
  }

  async findByHash(tokenHash: string): Promise<ApiTokenRow | undefined> {
    return this.database.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Deletes only the owner's token; false when the id is unknown or someone else's. */
  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.database.deleteFrom('api_tokens').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Deletes whoever's token has this hash; false when there is none. */
  async deleteByHash(tokenHash: string): Promise<boolean> {
    const result = await this.database.deleteFrom('api_tokens').where('token_hash', '=', tokenHash).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async touch(id: string, usedAt: string): Promise<void> {
    await this.database.updateTable('api_tokens').set({ last_used_at: usedAt }).where('id', '=', id).execute();
  }
}
