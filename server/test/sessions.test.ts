import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createBrandgen } from '../src/app.ts';
import { ADMINS_GROUP, MEMBERS_GROUP, startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { signInOverHttp } from './support/http-sign-in.ts';
import { TEST_TENANT_ID } from './support/test-identity-provider.ts';
import { describeEachDatabase } from './support/test-database.ts';

describeEachDatabase('browser sessions', (database) => {
  let setup: OidcSetup;
  before(async () => {
    setup = await startOidcSetup(await database.environment());
    setup.provider.users.set('mia', { oid: 'mia-oid', tid: TEST_TENANT_ID, name: 'Mia Member', groups: [MEMBERS_GROUP] });
    setup.provider.users.set('ann', { oid: 'ann-oid', tid: TEST_TENANT_ID, name: 'Ann Admin', groups: [ADMINS_GROUP] });
    setup.provider.users.set('ovi', { oid: 'ovi-oid', tid: TEST_TENANT_ID, name: 'Ovi Overage', hasgroups: true });
    setup.provider.users.set('tom', {
      oid: 'tom-oid',
      tid: '99999999-9999-4999-8999-999999999999',
      name: 'Tom Other Tenant',
      groups: [MEMBERS_GROUP],
    });
    setup.graph.memberships.set('ovi-oid', [MEMBERS_GROUP]);
  });
  after(async () => {
    await setup?.close();
  });

  const me = (cookie: string) => fetch(`${setup.app.baseUrl}/api/auth/me`, { headers: { cookie } });

  test('a session survives a server restart, and ends at sign-out', async () => {
    const { response, jar } = await signInOverHttp(`${setup.app.baseUrl}/auth/sign-in?return_to=%2Ftokens`, 'mia');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/tokens', 'back where the person was going');
    const setCookie = response.headers.getSetCookie().find((header) => header.startsWith('brandgen_session='))!;
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.doesNotMatch(setCookie, /Secure/, 'not Secure on a plain-http public URL');
    const stored = await setup.app.brandgen.database.selectFrom('sessions').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.id_hash, jar.cookies.get('brandgen_session'), 'only a hash of the cookie is stored');

    const before = (await (await me(jar.header())).json()) as any;
    assert.deepEqual(before.user, { id: 'mia-oid', name: 'Mia Member', is_admin: false, via: 'session' });
    assert.equal(before.csrf_token, jar.cookies.get('brandgen_csrf'));

    // Restart on the same database.
    await setup.app.brandgen.stop();
    setup.app.brandgen = await createBrandgen(setup.app.config);
    await setup.app.brandgen.start();
    const afterRestart = await me(jar.header());
    assert.equal(afterRestart.status, 200);

    const signOutWithoutCsrf = await fetch(`${setup.app.baseUrl}/api/auth/sign-out`, { method: 'POST', headers: { cookie: jar.header() } });
    assert.equal(signOutWithoutCsrf.status, 403);
    const signOut = await fetch(`${setup.app.baseUrl}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: jar.header(), 'x-csrf-token': jar.cookies.get('brandgen_csrf')! },
    });
    assert.equal(signOut.status, 204);
    assert.equal((await me(jar.header())).status, 401, 'the old cookie no longer works');
  });

  test('admins come from the admin group; the overage asks Graph; another tenant is refused', async () => {
    const admin = await signInOverHttp(`${setup.app.baseUrl}/auth/sign-in`, 'ann');
    assert.equal(((await (await me(admin.jar.header())).json()) as any).user.is_admin, true);

    const overage = await signInOverHttp(`${setup.app.baseUrl}/auth/sign-in`, 'ovi');
    assert.equal(overage.response.status, 302);
    assert.equal((await me(overage.jar.header())).status, 200);
    assert.ok(setup.graph.requests.some((request) => request.path === '/v1.0/users/ovi-oid/checkMemberGroups'));

    const foreign = await signInOverHttp(`${setup.app.baseUrl}/auth/sign-in`, 'tom');
    assert.equal(foreign.response.status, 400);
    assert.match(await foreign.response.text(), /Sign-in did not complete/);
    assert.equal(foreign.jar.cookies.has('brandgen_session'), false);
  });

  test('a callback without the browser that started it, or replayed, signs no one in', async () => {
    const start = await fetch(`${setup.app.baseUrl}/auth/sign-in`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state');
    const forged = await fetch(`${setup.app.baseUrl}/auth/callback?code=abc&state=${state}`, { redirect: 'manual' });
    assert.equal(forged.status, 400);
    assert.equal(
      forged.headers.getSetCookie().some((header) => header.startsWith('brandgen_session=')),
      false,
    );
    const refused = await fetch(`${setup.app.baseUrl}/auth/callback?error=access_denied&state=x`);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /did not sign you in/);
  });

  test('return_to only leads to a path on this site', async () => {
    for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const { response } = await signInOverHttp(`${setup.app.baseUrl}/auth/sign-in?return_to=${encodeURIComponent(target)}`, 'mia');
      assert.equal(response.headers.get('location'), '/', target);
    }
  });
});
