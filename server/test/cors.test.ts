import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDatabase } from './support/test-database.ts';
import { MEMBERS_GROUP, startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { signInOverHttp } from './support/http-sign-in.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from './support/test-identity-provider.ts';

describeEachDatabase('CORS', (database) => {
  let setup: OidcSetup;
  before(async () => {
    setup = await startOidcSetup({ ...(await database.environment()), BRANDGEN_CORS_ORIGINS: 'https://studio.example.com, null' });
    setup.provider.users.set('mia', { oid: 'mia-oid', tid: TEST_TENANT_ID, name: 'Mia', groups: [MEMBERS_GROUP] });
  });
  after(async () => {
    await setup?.close();
  });

  const preflight = (origin: string, method = 'POST', route = '/api/generate') =>
    fetch(`${setup.app.baseUrl}${route}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' },
    });

  test('an allowlisted site may call with credentials; other sites get no CORS headers', async () => {
    const allowed = await preflight('https://studio.example.com');
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://studio.example.com');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    const other = await preflight('https://evil.example');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  test("the Figma plugin's null origin may use a bearer token, never the cookie", async () => {
    const figma = await preflight('null');
    assert.equal(figma.headers.get('access-control-allow-origin'), 'null');
    assert.equal(figma.headers.get('access-control-allow-credentials'), null, 'no credentials for the null origin');
    assert.doesNotMatch(figma.headers.get('access-control-allow-headers') ?? '', /x-csrf-token/i);
    assert.match(figma.headers.get('access-control-allow-headers') ?? '', /last-event-id/i, 'an event stream can be resumed');
    assert.match(figma.headers.get('access-control-allow-methods') ?? '', /PUT/, 'favourites and templates are updated with PUT');

    const token = await setup.provider.signAccessToken({
      oid: 'mia-oid',
      tid: TEST_TENANT_ID,
      aud: TEST_CLIENT_ID,
      groups: [MEMBERS_GROUP],
    });
    const withBearer = await fetch(`${setup.app.baseUrl}/api/jobs`, { headers: { origin: 'null', authorization: `Bearer ${token}` } });
    assert.equal(withBearer.status, 200);
    assert.equal(withBearer.headers.get('access-control-allow-origin'), 'null');
    assert.equal(withBearer.headers.get('access-control-expose-headers'), 'retry-after', 'the plugin can read how long to wait');

    const { jar } = await signInOverHttp(`${setup.app.baseUrl}/auth/sign-in`, 'mia');
    assert.equal((await fetch(`${setup.app.baseUrl}/api/jobs`, { headers: { cookie: jar.header() } })).status, 200);
    const withCookie = await fetch(`${setup.app.baseUrl}/api/jobs`, { headers: { origin: 'null', cookie: jar.header() } });
    assert.equal(withCookie.status, 401, 'a session cookie does not count from the null origin');
  });

  test('allowed origins may favourite and edit (PUT, PATCH) as well as read, create and delete', async () => {
    for (const origin of ['https://studio.example.com', 'null']) {
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        const answer = await preflight(origin, method, '/api/images/0b8e7d2c-1f7e-4a56-9a3e-5c2b8e1d7f00/favorite');
        assert.equal(answer.status, 204, `${origin} ${method}`);
        assert.equal(answer.headers.get('access-control-allow-origin'), origin);
        const allowed = (answer.headers.get('access-control-allow-methods') ?? '').split(',').map((name) => name.trim());
        assert.ok(allowed.includes(method), `${origin} may send ${method} (allowed: ${allowed.join(', ')})`);
      }
    }
    const other = await preflight('https://evil.example', 'PUT', '/api/templates/x');
    assert.equal(other.headers.get('access-control-allow-methods'), null);
  });
});
