import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SignJWT, base64url } from 'jose';
import { ADMINS_GROUP, MEMBERS_GROUP, startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from './support/test-identity-provider.ts';
import { describeEachDatabase } from './support/test-database.ts';

describeEachDatabase('Entra access tokens', (database) => {
  let setup: OidcSetup;
  before(async () => {
    setup = await startOidcSetup(await database.environment());
  });
  after(async () => {
    await setup?.close();
  });

  const audience = `api://${TEST_CLIENT_ID}`;
  const member = (extra: Record<string, unknown> = {}) => ({
    oid: 'user-a',
    sub: 'sub-a',
    tid: TEST_TENANT_ID,
    aud: audience,
    groups: [MEMBERS_GROUP],
    name: 'Ada',
    ...extra,
  });

  async function getMe(token: string) {
    const response = await fetch(`${setup.app.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as any, challenge: response.headers.get('www-authenticate') };
  }

  test('a valid Entra access token is accepted, with v2 and v1 issuers and both audience forms', async () => {
    const { provider } = setup;
    const tokens = [
      await provider.signAccessToken(member()),
      await provider.signAccessToken(member({ aud: TEST_CLIENT_ID })),
      await provider.signAccessToken(member({ iss: `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0` })),
      await provider.signAccessToken(member({ iss: `https://sts.windows.net/${TEST_TENANT_ID}/` })),
      await provider.signAccessToken(member({ groups: [], roles: ['Brandgen.User'] })),
    ];
    for (const token of tokens) {
      const { status, body } = await getMe(token);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body.user, { id: 'user-a', name: 'Ada', is_admin: false, via: 'access_token' });
      assert.equal(body.csrf_token, null);
    }
    const admin = await getMe(await provider.signAccessToken(member({ groups: [ADMINS_GROUP] })));
    assert.equal(admin.body.user.is_admin, true);
  });

  test('the token battery: every forged, stale or foreign token is refused', async () => {
    const { provider } = setup;
    const now = Math.floor(Date.now() / 1000);
    const valid = await provider.signAccessToken(member());
    const [header, payload, signature] = valid.split('.');
    const tamperedPayload = base64url.encode(
      JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(payload!))), oid: 'user-b' }),
    );
    const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    const hmacWithPublicKey = await new SignJWT(member())
      .setProtectedHeader({ alg: 'HS256', kid: provider.kid })
      .setIssuer(provider.issuer)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(provider.publicKeyPem));
    const battery: Array<[string, string, number]> = [
      ['expired', await provider.signAccessToken(member({ exp: now - 600 })), 401],
      ['not yet valid', await provider.signAccessToken(member(), { notBefore: now + 600 }), 401],
      ['wrong audience', await provider.signAccessToken(member({ aud: 'api://someone-else' })), 401],
      ['wrong issuer', await provider.signAccessToken(member({ iss: 'https://login.microsoftonline.com/another-tenant/v2.0' })), 401],
      ['alg none', unsigned, 401],
      ['HS256 signed with the public key', hmacWithPublicKey, 401],
      ['unknown kid', await provider.signAccessToken(member(), { kid: 'rotated-away' }), 401],
      ['tampered payload', `${header}.${tamperedPayload}.${signature}`, 401],
      ['wrong tenant', await provider.signAccessToken(member({ tid: '99999999-9999-4999-8999-999999999999' })), 401],
      ['missing group', await provider.signAccessToken(member({ groups: ['some-other-group'] })), 403],
      ['not a JWT', 'not-a-token', 401],
      ['unknown API token', 'bgt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 401],
    ];
    for (const [name, token, expected] of battery) {
      const { status, body, challenge } = await getMe(token);
      assert.equal(status, expected, `${name}: ${JSON.stringify(body)}`);
      assert.equal(typeof body.error?.message, 'string', `${name} answers in the one error shape`);
      assert.equal(body.error.code, expected === 401 ? 'invalid_token' : 'access_denied', name);
      if (expected === 401) assert.match(challenge ?? '', /^Bearer realm="brandgen", error="invalid_token"$/, name);
    }
    const generate = await fetch(`${setup.app.baseUrl}/api/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${battery[0]![1]}`, 'content-type': 'application/json' },
      body: '{"prompt":"x"}',
    });
    assert.equal(generate.status, 401, 'a refused token starts no work');
  });

  test('groups overage: Microsoft Graph decides, asked with an app token and exactly the configured groups', async () => {
    const { provider, graph } = setup;
    graph.memberships.set('user-over-yes', ['unrelated', MEMBERS_GROUP]);
    graph.memberships.set('user-over-no', ['unrelated']);
    const overage = (oid: string) =>
      provider.signAccessToken(
        member({
          oid,
          groups: undefined,
          _claim_names: { groups: 'src1' },
          _claim_sources: { src1: { endpoint: 'https://graph.windows.net/x/users/y/getMemberObjects' } },
        }),
      );
    const yes = await getMe(await overage('user-over-yes'));
    assert.equal(yes.status, 200, JSON.stringify(yes.body));
    assert.equal(yes.body.user.id, 'user-over-yes');
    const no = await getMe(await overage('user-over-no'));
    assert.equal(no.status, 403);
    assert.equal(no.body.error.code, 'access_denied');
    const hasGroups = await getMe(await provider.signAccessToken(member({ oid: 'user-over-no', groups: undefined, hasgroups: true })));
    assert.equal(hasGroups.status, 403, 'the hasgroups form of the overage asks too (and the answer is cached)');

    const calls = graph.requests.filter((request) => request.path.includes('checkMemberGroups'));
    assert.equal(calls.length, 2);
    for (const call of calls) {
      assert.equal(call.method, 'POST');
      assert.match(call.authorization ?? '', /^Bearer \S+$/);
      assert.equal(call.contentType, 'application/json');
      assert.deepEqual(call.body, { groupIds: [MEMBERS_GROUP, ADMINS_GROUP] });
    }
    assert.deepEqual(
      calls.map((call) => call.path),
      ['/v1.0/users/user-over-yes/checkMemberGroups', '/v1.0/users/user-over-no/checkMemberGroups'],
    );
    assert.equal(calls[0]!.authorization, calls[1]!.authorization, 'the app token for Graph is reused until it expires');
  });

  test('without credentials the API answers 401 in the one error shape, and pages redirect to sign-in', async () => {
    const api = await fetch(`${setup.app.baseUrl}/api/jobs`);
    assert.equal(api.status, 401);
    assert.deepEqual(((await api.json()) as any).error.code, 'unauthenticated');
    const page = await fetch(`${setup.app.baseUrl}/history?x=1`, { redirect: 'manual' });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), `/auth/sign-in?return_to=${encodeURIComponent('/history?x=1')}`);
    assert.equal((await fetch(`${setup.app.baseUrl}/api/health`)).status, 200, 'health stays public');
    const malformed = await fetch(`${setup.app.baseUrl}/api/jobs`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    assert.equal(malformed.status, 401);
  });

  test('when Graph cannot answer, the overage is neither granted nor denied: 503 with Retry-After', async () => {
    const token = await setup.provider.signAccessToken(member({ oid: 'user-unknown-to-graph', groups: undefined, hasgroups: true }));
    const response = await fetch(`${setup.app.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '30');
    assert.equal(((await response.json()) as any).error.code, 'directory_unavailable');
  });
});
