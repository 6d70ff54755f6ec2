import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemClock, type Clock } from '../../server/src/services/clock.ts';
import { MEMBERS_GROUP, startOidcSetup, type OidcSetup } from '../../server/test/support/oidc-brandgen.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from '../../server/test/support/test-identity-provider.ts';
import { BrandgenApiError, createBrandgenClient, DEVICE_CODE_GRANT, unwrap, type DeviceSignInPrompt } from '../src/index.ts';
import { startFakeDeviceEndpoint } from './support/fake-device-endpoint.ts';

describe('deviceSignIn against Brandgen’s device flow (oidc mode, test identity provider)', () => {
  // The server counts poll intervals and expiry by its clock seam; the client's waits move that clock instead of waiting.
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs).toISOString(), newId: systemClock.newId };
  let setup: OidcSetup;
  let approver: string;

  before(async () => {
    setup = await startOidcSetup(
      { BRANDGEN_DEVICE_CODE_SECONDS: '600', BRANDGEN_DEVICE_POLL_SECONDS: '5' },
      { clock, retentionSweepIntervalMs: 0 },
    );
    approver = await setup.provider.signAccessToken({
      oid: 'user-a',
      tid: TEST_TENANT_ID,
      aud: TEST_CLIENT_ID,
      groups: [MEMBERS_GROUP],
      name: 'Ada',
    });
  });
  after(() => setup?.close());

  const decide = (userCode: string, approve: boolean) =>
    createBrandgenClient({ baseUrl: setup.app.baseUrl, token: approver }).api.POST('/api/auth/device/approve', {
      body: { user_code: userCode, approve },
    });

  it('shows the code, polls until the person approves, and returns a token the API accepts', async () => {
    const client = createBrandgenClient({ baseUrl: setup.app.baseUrl });
    const prompts: DeviceSignInPrompt[] = [];
    const waits: number[] = [];
    const result = await client.deviceSignIn({
      clientName: 'Brandgen client test',
      onPrompt: (prompt) => {
        prompts.push(prompt);
      },
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
        offsetMs += milliseconds;
        // The person approves while the device waits for its second poll.
        if (waits.length === 2) await decide(prompts[0]!.userCode, true);
      },
    });
    assert.equal(prompts.length, 1);
    assert.match(prompts[0]!.userCode, /^[B-Z]{4}-[B-Z]{4}$/);
    assert.equal(prompts[0]!.verificationUri, `${setup.app.baseUrl}/device`);
    assert.equal(prompts[0]!.verificationUriComplete, `${setup.app.baseUrl}/device?user_code=${prompts[0]!.userCode}`);
    assert.equal(prompts[0]!.expiresInSeconds, 600);
    assert.deepEqual(waits, [5000, 5000], 'one pending answer, then the token, at the server’s interval');
    const signedIn = createBrandgenClient({ baseUrl: setup.app.baseUrl, token: result.accessToken });
    const me = await unwrap(signedIn.api.GET('/api/auth/me'));
    assert.equal(me.user.id, 'user-a');
    assert.equal(me.user.via, 'api_token');
  });

  it('fails with access_denied when the person declines', async () => {
    const client = createBrandgenClient({ baseUrl: setup.app.baseUrl });
    await assert.rejects(
      client.deviceSignIn({
        onPrompt: async (prompt) => {
          await decide(prompt.userCode, false);
        },
        sleep: async (milliseconds) => {
          offsetMs += milliseconds;
        },
      }),
      (error: unknown) => error instanceof BrandgenApiError && error.code === 'access_denied' && /declined/.test(error.message),
    );
  });

  it('fails with expired_token when the server says the code expired (the device slept past it)', async () => {
    const client = createBrandgenClient({ baseUrl: setup.app.baseUrl });
    await assert.rejects(
      client.deviceSignIn({
        onPrompt: () => {},
        sleep: async () => {
          offsetMs += 601_000;
        },
      }),
      (error: unknown) =>
        error instanceof BrandgenApiError && error.code === 'expired_token' && /Start the sign-in again/.test(error.message),
    );
  });
});

describe('deviceSignIn against a scripted RFC 8628 endpoint', () => {
  it('sends form-encoded requests and adds five seconds to the interval at every slow_down', async () => {
    const endpoint = await startFakeDeviceEndpoint({
      expiresIn: 600,
      interval: 5,
      answers: ['authorization_pending', 'slow_down', 'slow_down', 'token'],
    });
    try {
      const waits: number[] = [];
      const client = createBrandgenClient({ baseUrl: endpoint.baseUrl });
      const result = await client.deviceSignIn({ clientName: 'CLI', onPrompt: () => {}, sleep: async (ms) => void waits.push(ms) });
      assert.deepEqual(result, { accessToken: 'bgt_from_fake', tokenType: 'Bearer' });
      assert.deepEqual(waits, [5000, 5000, 10_000, 15_000]);
      assert.deepEqual(endpoint.requests[0], {
        path: '/api/auth/device/code',
        contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
        form: { client_name: 'CLI' },
      });
      for (const poll of endpoint.tokenPolls()) {
        assert.equal(poll.contentType, 'application/x-www-form-urlencoded;charset=UTF-8');
        assert.deepEqual(poll.form, { grant_type: DEVICE_CODE_GRANT, device_code: 'device-code-1' });
      }
      assert.equal(endpoint.tokenPolls().length, 4);
    } finally {
      await endpoint.close();
    }
  });

  it('gives up by itself once the code’s lifetime is over, without polling past it', async () => {
    const endpoint = await startFakeDeviceEndpoint({ expiresIn: 12, interval: 5, answers: [] });
    try {
      let now = 1_000_000;
      const client = createBrandgenClient({ baseUrl: endpoint.baseUrl });
      await assert.rejects(client.deviceSignIn({ onPrompt: () => {}, now: () => now, sleep: async (ms) => void (now += ms) }), {
        name: 'BrandgenApiError',
        code: 'expired_token',
      });
      assert.equal(endpoint.tokenPolls().length, 2, 'polls at 5 s and 10 s; a third at 15 s would be past the 12 s lifetime');
    } finally {
      await endpoint.close();
    }
  });
});
