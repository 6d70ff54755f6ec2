import type { Selectable, Updateable } from 'kysely';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { DeviceAuthorizationsTable } from './schema.ts';

export type DeviceAuthorizationRow = Selectable<DeviceAuthorizationsTable>;

export class DeviceAuthorizationRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  async insert(row: DeviceAuthorizationRow): Promise<void> {
    await this.database.insertInto('device_authorizations').values(row).execute();
  }

  async findByDeviceCode(deviceCodeHash: string): Promise<DeviceAuthorizationRow | undefined> {
    return this.database.selectFrom('device_authorizations').selectAll().where('device_code_hash', '=', deviceCodeHash).executeTakeFirst();
  }

  async findByUserCode(userCode: string): Promise<DeviceAuthorizationRow | undefined> {
    return this.database.selectFrom('device_authorizations').selectAll().where('user_code', '=', userCode).executeTakeFirst();
  }

  /** Changes a row only while it still has `fromStatus`, so two racing requests cannot both succeed. */
  async update(deviceCodeHash: string, fromStatus: string, changes: Updateable<DeviceAuthorizationsTable>): Promise<boolean> {
    const result = await this.database
      .updateTable('device_authorizations')
      .set(changes)
      .where('device_code_hash', '=', deviceCodeHash)
      .where('status', '=', fromStatus)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(deviceCodeHash: string): Promise<void> {
    await this.database.deleteFrom('device_authorizations').where('device_code_hash', '=', deviceCodeHash).execute();
  }

  async deleteExpired(now: string): Promise<void> {
    await this.database.deleteFrom('device_authorizations').where('expires_at', '<=', now).execute();
  }
}
