import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from './support/test-database.ts';
import { freePort } from './support/server-process.ts';
import { startTestBrandgen } from './support/test-brandgen.ts';

describeEachDatabase('an identity provider outage', (database) => {
  test('when the identity provider cannot be reached, sign-in and access tokens answer 503, never 500', async () => {
    const port = await freePort();
    const deadProvider = `http://127.0.0.1:${await freePort()}`;
    const app = await startTestBrandgen({
      ...(await database.environment()),
      PORT: String(port),
      BRANDGEN_AUTH: 'oidc',
      BRANDGEN_PUBLIC_URL: `http://127.0.0.1:${port}`,
      BRANDGEN_OIDC_ISSUER: deadProvider,
      BRANDGEN_OIDC_CLIENT_ID: 'app',
      BRANDGEN_OIDC_CLIENT_SECRET: 'secret',
      BRANDGEN_ACCESS_GROUPS: 'group',
    });
    try {
      const page = await fetch(`${app.baseUrl}/auth/sign-in?return_to=%2F`);
      assert.equal(page.status, 503);
      assert.match(await page.text(), /cannot reach the sign-in service/);
      const api = await fetch(`${app.baseUrl}/api/jobs`, { headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' } });
      assert.equal(api.status, 503);
      assert.equal(((await api.json()) as any).error.code, 'identity_provider_unavailable');
      const apiToken = await fetch(`${app.baseUrl}/api/jobs`, { headers: { authorization: 'Bearer bgt_unknown' } });
      assert.equal(apiToken.status, 401, 'personal API tokens do not need the provider');
    } finally {
      await app.close();
    }
  });
});
