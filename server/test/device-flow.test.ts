import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { systemClock, type Clock } from '../src/services/clock.ts';
import { MEMBERS_GROUP, startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from './support/test-identity-provider.ts';
import { describeEachDatabase } from './support/test-database.ts';

describeEachDatabase('device sign-in', (database) => {
  /** Device codes count time by the clock seam, so a test can step past the poll interval and the expiry without waiting. */
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs).toISOString(), newId: systemClock.newId };
  let setup: OidcSetup;
  let approver: string;

  before(async () => {
    setup = await startOidcSetup(
      { ...(await database.environment()), BRANDGEN_DEVICE_CODE_SECONDS: '600', BRANDGEN_DEVICE_POLL_SECONDS: '5' },
      { clock },
    );
    approver = await setup.provider.signAccessToken({
      oid: 'user-a',
      tid: TEST_TENANT_ID,
      aud: TEST_CLIENT_ID,
      groups: [MEMBERS_GROUP],
      name: 'Ada',
    });
  });
  after(async () => {
    await setup?.close();
  });

  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

  async function startDevice(): Promise<any> {
    const response = await fetch(
      `${setup.app.baseUrl}/api/auth/device/code`,
      form({ client_id: 'figma-plugin', client_name: 'Figma plugin' }),
    );
    assert.equal(response.status, 200);
    return response.json();
  }

  async function poll(deviceCode: string): Promise<{ status: number; body: any }> {
    const response = await fetch(
      `${setup.app.baseUrl}/api/auth/device/token`,
      form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }),
    );
    return { status: response.status, body: await response.json() };
  }

  function decide(userCode: string, approve: boolean) {
    return fetch(`${setup.app.baseUrl}/api/auth/device/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${approver}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user_code: userCode, approve }),
    });
  }

  test('device sign-in end to end: pending, slow_down, approval, one API token, single use', async () => {
    const device = await startDevice();
    assert.match(device.user_code, /^[B-Z]{4}-[B-Z]{4}$/);
    assert.equal(device.verification_uri, `${setup.app.baseUrl}/device`);
    assert.equal(device.verification_uri_complete, `${setup.app.baseUrl}/device?user_code=${device.user_code}`);
    assert.deepEqual([device.expires_in, device.interval], [600, 5]);

    assert.deepEqual((await poll(device.device_code)).body.error, 'authorization_pending');
    const tooSoon = await poll(device.device_code);
    assert.equal(tooSoon.status, 400);
    assert.equal(tooSoon.body.error, 'slow_down');
    offsetMs += 6_000;
    assert.equal((await poll(device.device_code)).body.error, 'slow_down', 'after slow_down the interval grew to 10 seconds');
    offsetMs += 16_000; // each slow_down adds 5 seconds: now 15
    assert.equal((await poll(device.device_code)).body.error, 'authorization_pending');

    const lookup = await fetch(`${setup.app.baseUrl}/api/auth/device?user_code=${device.user_code.toLowerCase().replace('-', '')}`, {
      headers: { authorization: `Bearer ${approver}` },
    });
    assert.deepEqual(await lookup.json(), { user_code: device.user_code, client_name: 'Figma plugin' });
    assert.equal((await decide(device.user_code, true)).status, 204);
    assert.equal((await decide(device.user_code, true)).status, 404, 'a user code is used once');

    offsetMs += 16_000;
    const granted = await poll(device.device_code);
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    assert.equal(granted.body.token_type, 'Bearer');
    const me = (await (
      await fetch(`${setup.app.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${granted.body.access_token}` } })
    ).json()) as any;
    assert.equal(me.user.id, 'user-a');
    assert.equal(me.user.via, 'api_token');
    offsetMs += 16_000;
    assert.equal((await poll(device.device_code)).body.error, 'invalid_grant', 'the device code is used once');
    const tokens = (await (
      await fetch(`${setup.app.baseUrl}/api/tokens`, { headers: { authorization: `Bearer ${approver}` } })
    ).json()) as any;
    assert.deepEqual(
      tokens.tokens.map((token: any) => token.name),
      ['Device sign-in: Figma plugin'],
      'the token is listed and revocable',
    );
  });

  test('a declined device gets access_denied; an old code gets expired_token; bad requests are named', async () => {
    const declined = await startDevice();
    assert.equal((await decide(declined.user_code, false)).status, 204);
    offsetMs += 6_000;
    assert.equal((await poll(declined.device_code)).body.error, 'access_denied');

    const stale = await startDevice();
    offsetMs += 601_000;
    assert.equal((await poll(stale.device_code)).body.error, 'expired_token');
    const late = await decide(stale.user_code, true);
    assert.equal(late.status, 404);
    assert.match(((await late.json()) as any).error.message, /not valid or has expired/);

    const wrongGrant = await fetch(`${setup.app.baseUrl}/api/auth/device/token`, form({ grant_type: 'password', device_code: 'x' }));
    assert.equal(((await wrongGrant.json()) as any).error, 'unsupported_grant_type');
    assert.equal((await poll('made-up')).body.error, 'invalid_grant');
    const badCode = await decide('ABC', true);
    assert.equal(badCode.status, 400);
    const unauthenticated = await fetch(`${setup.app.baseUrl}/api/auth/device/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_code: declined.user_code, approve: true }),
    });
    assert.equal(unauthenticated.status, 401, 'only a signed-in member approves');
  });
});
