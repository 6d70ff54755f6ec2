import type { Selectable } from 'kysely';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { ProviderKeysTable } from './schema.ts';

export type StoredProviderKey = Selectable<ProviderKeysTable>;

export class ProviderKeyRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  async list(): Promise<StoredProviderKey[]> {
    return this.database.selectFrom('provider_keys').selectAll().orderBy('provider').execute();
  }

  async save(row: StoredProviderKey): Promise<void> {
    await this.database
      .insertInto('provider_keys')
      .values(row)
      .onConflict((conflict) => conflict.column('provider').doUpdateSet({ ...row }))
      .execute();
  }

  async remove(provider: string): Promise<boolean> {
    const result = await this.database.deleteFrom('provider_keys').where('provider', '=', provider).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
