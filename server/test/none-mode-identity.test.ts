import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from './support/test-database.ts';
import { startTestBrandgen } from './support/test-brandgen.ts';

describeEachDatabase('none mode identity', (database) => {
  test('none mode: every request is the local user, who is admin; sign-in routes do not exist', async () => {
    const app = await startTestBrandgen(await database.environment());
    try {
      const me = (await (await fetch(`${app.baseUrl}/api/auth/me`)).json()) as any;
      assert.deepEqual(me, {
        auth_mode: 'none',
        user: { id: 'local', name: 'Local user', is_admin: true, via: 'local' },
        csrf_token: null,
      });
      assert.equal((await fetch(`${app.baseUrl}/auth/sign-in`)).status, 404);
      const created = await fetch(`${app.baseUrl}/api/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"cli"}',
      });
      assert.equal(created.status, 201, 'no CSRF header is needed without cookies');
      assert.equal((await fetch(`${app.baseUrl}/api/jobs`, { headers: { cookie: 'brandgen_session=whatever' } })).status, 200);
    } finally {
      await app.close();
    }
  });
});
