import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { describeEachDatabase } from './support/test-database.ts';
import { MEMBERS_GROUP, startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { signInOverHttp } from './support/http-sign-in.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from './support/test-identity-provider.ts';

describeEachDatabase('the audit log', (database) => {
  let setup: OidcSetup;
  let logText = '';
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => (logText += chunk.toString()));
    // Debug level logs every request, so the test also sees what request logging would leak.
    setup = await startOidcSetup({ ...(await database.environment()), LOG_LEVEL: 'debug' }, { logStream: stream });
    setup.provider.users.set('mia', { oid: 'mia-oid', tid: TEST_TENANT_ID, name: 'Mia', groups: [MEMBERS_GROUP] });
    setup.provider.users.set('olaf', { oid: 'olaf-oid', tid: TEST_TENANT_ID, name: 'Olaf', groups: [] });
  });
  after(async () => {
    await setup?.close();
  });

  const events = () =>
    logText
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => typeof entry.event === 'string');

  test('sign-ins, tokens and refusals are logged with the user id and without any secret', async () => {
    const { jar } = await signInOverHttp(`${setup.app.baseUrl}/auth/sign-in`, 'mia');
    await signInOverHttp(`${setup.app.baseUrl}/auth/sign-in`, 'olaf');
    const headers = { cookie: jar.header(), 'x-csrf-token': jar.cookies.get('brandgen_csrf')!, 'content-type': 'application/json' };
    const created = (await (
      await fetch(`${setup.app.baseUrl}/api/tokens`, { method: 'POST', headers, body: '{"name":"script"}' })
    ).json()) as any;
    await fetch(`${setup.app.baseUrl}/api/tokens/${created.id}`, {
      method: 'DELETE',
      headers: { cookie: headers.cookie, 'x-csrf-token': headers['x-csrf-token'] },
    });
    const outsider = await setup.provider.signAccessToken({ oid: 'olaf-oid', tid: TEST_TENANT_ID, aud: TEST_CLIENT_ID, groups: [] });
    await fetch(`${setup.app.baseUrl}/api/jobs`, { headers: { authorization: `Bearer ${outsider}` } });
    const forged = await setup.provider.signAccessToken({ oid: 'x', tid: TEST_TENANT_ID, aud: 'api://other' });
    await fetch(`${setup.app.baseUrl}/api/jobs`, { headers: { authorization: `Bearer ${forged}` } });

    const seen = events().map((entry) => [entry.event, entry.userId ?? null]);
    assert.deepEqual(seen, [
      ['sign_in', 'mia-oid'],
      ['access_denied', 'olaf-oid'],
      ['api_token_created', 'mia-oid'],
      ['api_token_revoked', 'mia-oid'],
      ['access_denied', 'olaf-oid'],
      ['access_denied', null],
    ]);
    for (const secret of [created.token, jar.cookies.get('brandgen_session')!, jar.cookies.get('brandgen_csrf')!, outsider, forged]) {
      assert.ok(!logText.includes(secret), 'no token, cookie or JWT appears in the log');
    }
    assert.match(logText, /"url":"\/auth\/callback"/, 'requests are logged');
    assert.doesNotMatch(logText, /code=/, 'the authorization code in the callback URL is not logged');
  });
});
