import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMINS_GROUP, MEMBERS_GROUP, startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from './support/test-identity-provider.ts';
import { describeEachDatabase } from './support/test-database.ts';

describeEachDatabase('API tokens and ownership', (database) => {
  let setup: OidcSetup;
  let userA: string;
  let userB: string;
  before(async () => {
    setup = await startOidcSetup(await database.environment());
    const claims = (oid: string) => ({
      oid,
      sub: `sub-${oid}`,
      tid: TEST_TENANT_ID,
      aud: TEST_CLIENT_ID,
      groups: [MEMBERS_GROUP],
      name: oid,
    });
    userA = await setup.provider.signAccessToken(claims('user-a'));
    userB = await setup.provider.signAccessToken(claims('user-b'));
  });
  after(async () => {
    await setup?.close();
  });

  function call(token: string, method: string, route: string, body?: unknown) {
    return fetch(`${setup.app.baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  }

  async function waitForJob(token: string, id: string): Promise<any> {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      const job = (await (await call(token, 'GET', `/api/jobs/${id}`)).json()) as any;
      if (job.status === 'complete' || job.status === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the job did not finish');
  }

  test('a personal API token: shown once, stored as a hash, usable, listed with last use, revocable', async () => {
    const created = await call(userA, 'POST', '/api/tokens', { name: '  Figma laptop ' });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    const token = (await created.json()) as any;
    assert.match(token.token, /^bgt_[\w-]{43}$/);
    assert.equal(token.name, 'Figma laptop');
    assert.equal(token.last_used_at, null);

    const stored = await setup.app.brandgen.database.selectFrom('api_tokens').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(token.token.slice(4)), 'the token itself is not in the database');
    assert.match(stored[0]!.token_hash, /^[0-9a-f]{64}$/);

    const me = (await (await call(token.token, 'GET', '/api/auth/me')).json()) as any;
    assert.deepEqual(me.user, { id: 'user-a', name: 'Figma laptop', is_admin: false, via: 'api_token' });
    const list = (await (await call(userA, 'GET', '/api/tokens')).json()) as any;
    assert.equal(list.tokens.length, 1);
    assert.equal(list.tokens[0].token, undefined, 'a list never shows the token');
    assert.ok(list.tokens[0].last_used_at, 'last use is recorded');

    assert.equal((await call(userA, 'DELETE', `/api/tokens/${token.id}`)).status, 204);
    const revoked = await call(token.token, 'GET', '/api/auth/me');
    assert.equal(revoked.status, 401);
    assert.equal(((await revoked.json()) as any).error.code, 'invalid_token');
  });

  test('token names and expiry are checked; an expired token stops working', async () => {
    const bad = await call(userA, 'POST', '/api/tokens', { name: '', expires_at: '2001-01-01T00:00:00Z' });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      ((await bad.json()) as any).error.fields.map((field: any) => field.field),
      ['name', 'expires_at'],
    );
    const soon = new Date(Date.now() + 1500).toISOString();
    const token = (await (await call(userA, 'POST', '/api/tokens', { name: 'short', expires_at: soon })).json()) as any;
    assert.equal(token.expires_at, soon);
    assert.equal((await call(token.token, 'GET', '/api/auth/me')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    assert.equal((await call(token.token, 'GET', '/api/auth/me')).status, 401);
  });

  test("user B gets 404 for every route that touches user A's data", async () => {
    const started = (await (await call(userA, 'POST', '/api/generate', { prompt: 'a red bicycle' })).json()) as any;
    const job = await waitForJob(userA, started.job_id);
    assert.equal(job.status, 'complete');
    const tokenOfA = (await (await call(userA, 'POST', '/api/tokens', { name: 'A' })).json()) as any;

    const routes: Array<[string, string]> = [
      ['GET', `/api/jobs/${job.id}`],
      ['GET', `/api/jobs/${job.id}/images/0`],
      ['GET', `/api/jobs/${job.id}/events`],
      ['POST', `/api/jobs/${job.id}/more`],
      ['DELETE', `/api/tokens/${tokenOfA.id}`],
    ];
    for (const [method, route] of routes) {
      const response = await call(userB, method, route);
      assert.equal(response.status, 404, `${method} ${route}`);
      assert.equal(((await response.json()) as any).error.code, 'not_found');
    }
    // Refinements of A's image: a valid body still answers 404, as for an image that does not exist.
    const imageOfA = ((await (await call(userA, 'GET', `/api/images?job_id=${job.id}`)).json()) as any).images[0];
    const refinements: Array<[string, unknown]> = [
      [`/api/images/${imageOfA.id}/edit`, { instruction: 'make the background blue' }],
      [`/api/images/${imageOfA.id}/variations`, { strength: 0.5 }],
      [`/api/images/${imageOfA.id}/variations`, undefined],
    ];
    for (const [route, body] of refinements) {
      const response = await call(userB, 'POST', route, body);
      assert.equal(response.status, 404, `POST ${route}`);
      assert.equal(((await response.json()) as any).error.code, 'not_found');
    }
    const jobsOfB = (await (await call(userB, 'GET', '/api/jobs')).json()) as any;
    assert.deepEqual(jobsOfB.jobs, []);
    const tokensOfB = (await (await call(userB, 'GET', '/api/tokens')).json()) as any;
    assert.deepEqual(tokensOfB.tokens, []);
    // A still has everything.
    assert.equal((await call(userA, 'GET', `/api/jobs/${job.id}/images/0`)).status, 200);
    assert.equal((await call(tokenOfA.token, 'GET', '/api/auth/me')).status, 200);

    // An admin (configured group) sees every user's jobs and images; their own list stays their own.
    const admin = await setup.provider.signAccessToken({
      oid: 'admin-1',
      tid: TEST_TENANT_ID,
      aud: TEST_CLIENT_ID,
      groups: [ADMINS_GROUP],
    });
    const seen = await call(admin, 'GET', `/api/jobs/${job.id}`);
    assert.equal(seen.status, 200);
    assert.equal(((await seen.json()) as any).id, job.id);
    assert.equal((await call(admin, 'GET', `/api/jobs/${job.id}/images/3`)).status, 200);
    assert.equal((await call(admin, 'DELETE', `/api/tokens/${tokenOfA.id}`)).status, 404, "admins do not manage other people's tokens");
    const own = (await (await call(admin, 'GET', '/api/jobs')).json()) as any;
    assert.deepEqual(own.jobs, [], "an admin's own list stays their own");
    const everyone = (await (await call(admin, 'GET', '/api/jobs?scope=all&limit=100')).json()) as any;
    assert.ok(
      everyone.jobs.some((entry: any) => entry.id === job.id && entry.user_id === 'user-a'),
      "scope=all lists every user's jobs for an admin",
    );
    const refused = await call(userB, 'GET', '/api/jobs?scope=all');
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as any).error.code, 'forbidden');
  });
});
