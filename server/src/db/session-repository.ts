import type { Selectable } from 'kysely';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { SessionsTable, SignInAttemptsTable } from './schema.ts';

export type SessionRow = Selectable<SessionsTable>;
export type SignInAttemptRow = Selectable<SignInAttemptsTable>;

/** Browser sessions and the sign-ins that lead to them. */
export class SessionRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  async insertAttempt(row: SignInAttemptRow): Promise<void> {
    await this.database.insertInto('sign_in_attempts').values(row).execute();
  }

  /** Reads and deletes in one step, so a state value completes at most one sign-in. */
  async takeAttempt(state: string): Promise<SignInAttemptRow | undefined> {
    return this.database.deleteFrom('sign_in_attempts').where('state', '=', state).returningAll().executeTakeFirst();
  }

  async insertSession(row: SessionRow): Promise<void> {
    await this.database.insertInto('sessions').values(row).execute();
  }

  async findSession(idHash: string): Promise<SessionRow | undefined> {
    return this.database.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.database.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteExpired(now: string): Promise<void> {
    await this.database.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    await this.database.deleteFrom('sign_in_attempts').where('expires_at', '<=', now).execute();
  }
}
