import type { Selectable } from 'kysely';
import type { BrandKit } from '../domain/brand-kit.ts';
import type { Brand, BrandVersion, VersionSource } from '../domain/brand.ts';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { BrandsTable, BrandVersionsTable } from './schema.ts';

/** Brands and their versions. Versions are only ever inserted: nothing here updates or deletes one alone. */
export class BrandRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  /** A new brand with its first version, together. */
  async insert(brand: { id: string; createdAt: string }, first: BrandVersion): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('brands')
        .values({ id: brand.id, is_default: 0, created_at: brand.createdAt, archived_at: null })
        .execute();
      await transaction.insertInto('brand_versions').values(versionRow(first)).execute();
    });
  }

  /**
   * Adds the version after the newest. Two edits at once both aim at the same number; the primary key lets one
   * through and the other fails, rather than one silently replacing the other.
   */
  async addVersion(version: BrandVersion): Promise<void> {
    await this.database.insertInto('brand_versions').values(versionRow(version)).execute();
  }

  async findById(id: string): Promise<Brand | undefined> {
    return this.findWithNewestVersion({ id });
  }

  async findDefault(): Promise<Brand | undefined> {
    return this.findWithNewestVersion('default');
  }

  /** A brand and its newest version in one statement: every new job reads its brand this way. */
  private async findWithNewestVersion(which: { id: string } | 'default'): Promise<Brand | undefined> {
    const row = await this.database
      .selectFrom('brands as b')
      .innerJoin('brand_versions as v', 'v.brand_id', 'b.id')
      .select(['b.id', 'b.is_default', 'b.created_at as brand_created_at', 'b.archived_at'])
      .selectAll('v')
      .$call((query) => (which === 'default' ? query.where('b.is_default', '=', 1) : query.where('b.id', '=', which.id)))
      .orderBy('v.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return undefined;
    return toBrand(
      { id: row.id, is_default: row.is_default, created_at: row.brand_created_at, archived_at: row.archived_at },
      toVersion(row),
    );
  }

  /** Every brand with its current version, the default first, then by name. */
  async list(options: { includeArchived: boolean }): Promise<Brand[]> {
    let query = this.database.selectFrom('brands').selectAll();
    if (!options.includeArchived) query = query.where('archived_at', 'is', null);
    const rows = await query.execute();
    const newest = await this.database
      .selectFrom('brand_versions as v')
      .selectAll('v')
      .where('v.version', '=', (sub) =>
        sub
          .selectFrom('brand_versions as w')
          .select((e) => e.fn.max('w.version').as('m'))
          .whereRef('w.brand_id', '=', 'v.brand_id'),
      )
      .execute();
    const byBrand = new Map(newest.map((version) => [version.brand_id, toVersion(version)]));
    return rows
      .flatMap((row) => {
        const current = byBrand.get(row.id);
        return current ? [toBrand(row, current)] : [];
      })
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.current.kit.name.localeCompare(b.current.kit.name));
  }

  async version(brandId: string, version: number): Promise<BrandVersion | undefined> {
    const row = await this.database
      .selectFrom('brand_versions')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row && toVersion(row);
  }

  /** Newest first. */
  async versions(brandId: string): Promise<BrandVersion[]> {
    const rows = await this.database
      .selectFrom('brand_versions')
      .selectAll()
      .where('brand_id', '=', brandId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map(toVersion);
  }

  async hasVersionFrom(brandId: string, source: VersionSource): Promise<boolean> {
    const row = await this.database
      .selectFrom('brand_versions')
      .select('version')
      .where('brand_id', '=', brandId)
      .where('source', '=', source)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** What still uses a brand: jobs made since `since` and projects filed under it. */
  async usage(brandId: string, since: string): Promise<{ recentJobs: number; anyJobs: boolean; projects: number }> {
    const recent = await this.database
      .selectFrom('jobs')
      .select((e) => e.fn.countAll<number>().as('count'))
      .where('brand_id', '=', brandId)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    const any = await this.database.selectFrom('jobs').select('id').where('brand_id', '=', brandId).limit(1).executeTakeFirst();
    const projects = await this.database
      .selectFrom('projects')
      .select((e) => e.fn.countAll<number>().as('count'))
      .where('brand_id', '=', brandId)
      .executeTakeFirstOrThrow();
    return { recentJobs: Number(recent.count), anyJobs: any !== undefined, projects: Number(projects.count) };
  }

  async archive(brandId: string, at: string): Promise<void> {
    await this.database.updateTable('brands').set({ archived_at: at }).where('id', '=', brandId).execute();
  }

  /** Removes a brand no job ever used, with its versions. */
  async delete(brandId: string): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction.deleteFrom('brand_versions').where('brand_id', '=', brandId).execute();
      await transaction.deleteFrom('brands').where('id', '=', brandId).where('is_default', '=', 0).execute();
    });
  }
}

function versionRow(version: BrandVersion) {
  return {
    brand_id: version.brandId,
    version: version.version,
    name: version.kit.name,
    kit: JSON.stringify(version.kit),
    source: version.source,
    restored_from: version.restoredFrom,
    created_by: version.createdBy,
    created_at: version.createdAt,
  };
}

function toVersion(row: Selectable<BrandVersionsTable>): BrandVersion {
  return {
    brandId: row.brand_id,
    version: Number(row.version),
    kit: JSON.parse(row.kit) as BrandKit,
    source: row.source as VersionSource,
    restoredFrom: row.restored_from === null ? null : Number(row.restored_from),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function toBrand(row: Selectable<BrandsTable>, current: BrandVersion): Brand {
  return { id: row.id, isDefault: row.is_default === 1, createdAt: row.created_at, archivedAt: row.archived_at, current };
}
