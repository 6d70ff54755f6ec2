import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { BrandRepository } from '../src/db/brand-repository.ts';
import { migrateToLatest, newMigrator, openDatabase, type DatabaseConnection } from '../src/db/database.ts';
import { DEFAULT_BRAND_ID } from '../src/domain/brand.ts';
import { describeEachDatabase } from './support/test-database.ts';

describeEachDatabase("brand versions stored before 0730 (dos and don'ts)", (database) => {
  let connection: DatabaseConnection;
  before(async () => {
    connection = openDatabase((await database.environment()).DATABASE_URL ?? ':memory:');
  });
  after(async () => connection.destroy());

  test("every stored kit gets empty dos and don'ts and is otherwise as it was; a kit that has them keeps them", async () => {
    const { error } = await (await newMigrator(connection)).migrateTo('0621-job-project');
    assert.equal(error, undefined);
    const old = connection as unknown as Kysely<any>;
    const oldKit = { name: 'Brandgen Studio', palette: ['#111111', '#EEEEEE'], style_suffix: 'flat', negative_prompt: '' };
    await old
      .updateTable('brand_versions')
      .set({ kit: JSON.stringify(oldKit) })
      .where('brand_id', '=', DEFAULT_BRAND_ID)
      .execute();
    const withRules = { ...oldKit, name: 'Ruled', dos: ['Use navy'], donts: ['No text'] };
    await old.insertInto('brands').values({ id: 'brand-ruled', is_default: 0, created_at: '2026-01-01T00:00:00.000Z' }).execute();
    await old
      .insertInto('brand_versions')
      .values({
        brand_id: 'brand-ruled',
        version: 1,
        name: 'Ruled',
        kit: JSON.stringify(withRules),
        source: 'create',
        created_by: 'ada',
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();

    await migrateToLatest(connection);
    const brands = new BrandRepository({ database: connection });
    assert.deepEqual((await brands.version(DEFAULT_BRAND_ID, 1))?.kit, { ...oldKit, dos: [], donts: [] });
    assert.deepEqual((await brands.version('brand-ruled', 1))?.kit, withRules);
  });
});
