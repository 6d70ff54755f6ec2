import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { migrateToLatest, newMigrator, openDatabase, type DatabaseConnection } from '../src/db/database.ts';
import { JobRepository } from '../src/db/job-repository.ts';
import { LibraryRepository } from '../src/db/library-repository.ts';
import { promptSearchFor } from '../src/db/prompt-search.ts';
import { ProjectRepository } from '../src/db/project-repository.ts';
import { DEFAULT_BRAND_ID } from '../src/domain/brand.ts';
import { ADMINS_GROUP, MEMBERS_GROUP, startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from './support/test-identity-provider.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { storedJobRow as jobRow } from './support/stored-job-row.ts';

describeEachDatabase('jobs and projects made before brands', (database) => {
  let connection: DatabaseConnection;
  before(async () => {
    const environment = await database.environment();
    connection = openDatabase(environment.DATABASE_URL ?? ':memory:');
  });
  after(async () => connection.destroy());

  test('migrate to the default brand: jobs to its version 1, projects to the brand', async () => {
    // The migrator Brandgen uses, so that on PostgreSQL it keeps to this test's own schema.
    const migrator = await newMigrator(connection);
    const { error } = await migrator.migrateTo('0501-webhooks');
    assert.equal(error, undefined);
    // The tables as they were before 0602: typed loosely, since the schema type describes them after it.
    const old = connection as unknown as Kysely<any>;
    await old.insertInto('jobs').values(jobRow('0190f1c4-0000-7000-8000-0000000000aa')).execute();
    await old
      .insertInto('projects')
      .values({
        id: '0190f1c4-0000-7000-8000-0000000000bb',
        user_id: 'user-a',
        name: 'Launch',
        brief: JSON.stringify({ brandName: 'Acme' }),
        created_at: '2025-01-01T00:00:00.000Z',
        updated_at: '2025-01-01T00:00:00.000Z',
      })
      .execute();

    await migrateToLatest(connection);
    const job = await new JobRepository({ database: connection }).findById('0190f1c4-0000-7000-8000-0000000000aa');
    assert.deepEqual(job?.brand, { id: DEFAULT_BRAND_ID, version: 1 });
    const project = await new ProjectRepository({ database: connection }).findById('user-a', '0190f1c4-0000-7000-8000-0000000000bb');
    assert.equal(project?.brandId, DEFAULT_BRAND_ID);
    const versions = await connection.selectFrom('brand_versions').select(['brand_id', 'version', 'name', 'source']).execute();
    assert.deepEqual(versions, [{ brand_id: DEFAULT_BRAND_ID, version: 1, name: 'Brandgen Studio', source: 'shipped' }]);
  });
});

describeEachDatabase('library images filed before they carried their brand', (database) => {
  let connection: DatabaseConnection;
  let url: string;
  before(async () => {
    url = (await database.environment()).DATABASE_URL ?? ':memory:';
    connection = openDatabase(url);
  });
  after(async () => connection.destroy());

  test("take their job's brand version", async () => {
    const { error } = await (await newMigrator(connection)).migrateTo('0602-brands');
    assert.equal(error, undefined);
    const old = connection as unknown as Kysely<any>;
    const jobId = '0190f1c4-0000-7000-8000-0000000000cc';
    await old
      .insertInto('jobs')
      .values({ ...jobRow(jobId), brand_id: 'brand-kelp', brand_version: 3 })
      .execute();
    await old
      .insertInto('library_images')
      .values({
        id: '0190f1c4-0000-7000-8000-0000000000dd',
        user_id: 'user-a',
        job_id: jobId,
        slot: 0,
        prompt: 'a kelp forest',
        model: 'demo',
        asset_type: null,
        project_id: null,
        parent_id: null,
        seed: 1,
        width: 1024,
        height: 1024,
        blob_key: `jobs/${jobId}/0.png`,
        thumbnail_key: 'thumbnails/x.webp',
        thumbnail_etag: '"x"',
        placeholder: '',
        created_at: '2025-01-01T00:00:00.000Z',
        expires_at: null,
      })
      .execute();

    await migrateToLatest(connection);
    const image = await new LibraryRepository({ database: connection, search: promptSearchFor(url) }).findById(
      'user-a',
      '0190f1c4-0000-7000-8000-0000000000dd',
    );
    assert.deepEqual(image?.brand, { id: 'brand-kelp', version: 3 });
  });
});

describeEachDatabase('brand changes need the admin role when sign-in is on', (database) => {
  let setup: OidcSetup;
  before(async () => {
    setup = await startOidcSetup(await database.environment());
  });
  after(async () => setup?.close());

  const person = (groups: string[]) => ({
    oid: 'user-a',
    sub: 'sub-a',
    tid: TEST_TENANT_ID,
    aud: `api://${TEST_CLIENT_ID}`,
    groups,
    name: 'Ada',
  });
  const kit = { name: 'Members Only', palette: ['#112233', '#445566'] };

  async function call(token: string, method: string, route: string, body?: unknown) {
    const response = await fetch(`${setup.app.baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  test('a member reads brands but cannot change them; an administrator can', async () => {
    const member = await setup.provider.signAccessToken(person([MEMBERS_GROUP]));
    const admin = await setup.provider.signAccessToken(person([ADMINS_GROUP]));
    assert.equal((await call(member, 'GET', '/api/brands')).status, 200);
    assert.equal((await call(member, 'GET', `/api/brands/${DEFAULT_BRAND_ID}/versions`)).status, 200);
    for (const [method, route, body] of [
      ['POST', '/api/brands', kit],
      ['PUT', `/api/brands/${DEFAULT_BRAND_ID}`, kit],
      ['POST', `/api/brands/${DEFAULT_BRAND_ID}/versions/1/restore`, undefined],
      ['POST', '/api/brands/import', kit],
      ['DELETE', `/api/brands/${DEFAULT_BRAND_ID}`, undefined],
    ] as const) {
      const refused = await call(member, method, route, body);
      assert.equal(refused.status, 403, `${method} ${route}`);
      assert.equal(refused.body.error.message, 'Only an administrator can change brands.');
    }
    const download = await call(member, 'GET', `/api/brands/${DEFAULT_BRAND_ID}/loras/0190f1c4-0000-7000-8000-000000000001/download`);
    assert.equal(download.status, 403);
    assert.match(download.body.error.message, /Only an administrator can download LoRA files/);
    assert.equal((await call(admin, 'GET', `/api/brands/${DEFAULT_BRAND_ID}`)).body.version, 1, 'nothing changed');
    const created = await call(admin, 'POST', '/api/brands', kit);
    assert.equal(created.status, 201);
    const generated = await call(member, 'POST', '/api/generate', { prompt: 'a kite', brand_id: created.body.id });
    assert.equal(generated.status, 202, 'any member generates with any brand');
  });
});
