import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { rawRequest, type RawResponse } from './support/raw-request.ts';
import { startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

function assertRefused(response: RawResponse, what: string): void {
  assert.equal(response.status, 421, what);
  const body = JSON.parse(response.body.toString()) as { error: Record<string, unknown> };
  assert.deepEqual(Object.keys(body), ['error'], what);
  assert.equal(body.error.code, 'unknown_host', what);
  assert.match(String(body.error.message), /BRANDGEN_ALLOWED_HOSTS/, what);
}

describe('DNS rebinding without sign-in', () => {
  let app: TestBrandgen;
  let port: string;
  before(async () => {
    app = await startTestBrandgen({ BRANDGEN_ALLOWED_HOSTS: 'brandgen.lan, 192.168.1.20', BRANDGEN_METRICS_TOKEN: METRICS_TOKEN });
    port = new URL(app.baseUrl).port;
  });
  after(async () => {
    await app?.close();
  });

  const tokenNames = async () =>
    ((await (await fetch(`${app.baseUrl}/api/tokens`)).json()) as { tokens: Array<{ name: string }> }).tokens.map((token) => token.name);

  test('a page whose name rebinds to this machine gets 421 and changes nothing', async () => {
    const foreign = { host: `rebind.attacker.example:${port}` };
    const created = await rawRequest(`${app.baseUrl}/api/tokens`, {
      method: 'POST',
      headers: { ...foreign, 'content-type': 'application/json', origin: `http://rebind.attacker.example:${port}` },
      body: JSON.stringify({ name: 'stolen' }),
    });
    assertRefused(created, 'creating an API token');
    assert.deepEqual(await tokenNames(), [], 'no token was created');
    assertRefused(await rawRequest(`${app.baseUrl}/api/jobs`, { headers: foreign }), 'reading jobs');
    assertRefused(await rawRequest(`${app.baseUrl}/`, { headers: foreign }), 'the web app');
    assertRefused(
      await rawRequest(`${app.baseUrl}/api/tokens`, {
        method: 'OPTIONS',
        headers: { ...foreign, origin: 'http://rebind.attacker.example', 'access-control-request-method': 'POST' },
      }),
      'a preflight',
    );
    assertRefused(await rawRequest(`${app.baseUrl}/metrics`, { headers: foreign }), 'an anonymous scrape');
    assertRefused(
      await rawRequest(`${app.baseUrl}/api/jobs`, { headers: { host: `${port}.0.0.127.nip.io` } }),
      'a name for a loopback address',
    );
  });

  test('loopback names and addresses, and the allowed hosts, are served', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST.:${port}`,
      `[::1]:${port}`,
      '127.0.0.2',
      `brandgen.lan:${port}`,
      'Brandgen.LAN',
      '192.168.1.20',
    ]) {
      const response = await rawRequest(`${app.baseUrl}/api/jobs`, { headers: { host } });
      assert.equal(response.status, 200, host);
    }
  });

  test('probes answer whatever the Host, and a scrape with the metrics token too', async () => {
    const foreign = { host: '10.1.2.3:8080' };
    assert.equal((await rawRequest(`${app.baseUrl}/api/health`, { headers: foreign })).status, 200);
    assert.equal((await rawRequest(`${app.baseUrl}/api/ready`, { headers: foreign })).status, 200);
    const scrape = await rawRequest(`${app.baseUrl}/metrics`, { headers: { ...foreign, authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(scrape.status, 200);
    assert.match(scrape.body.toString(), /brandgen_jobs/);
    // Without sign-in, an anonymous scrape on this machine is served as before; a wrong token is not.
    assert.equal((await rawRequest(`${app.baseUrl}/metrics`)).status, 200);
    assert.equal((await rawRequest(`${app.baseUrl}/metrics`, { headers: { authorization: 'Bearer not-the-metrics-token' } })).status, 401);
  });
});

describe('DNS rebinding with sign-in', () => {
  let setup: OidcSetup;
  before(async () => {
    setup = await startOidcSetup({ BRANDGEN_ALLOWED_HOSTS: 'brandgen-api.internal' });
  });
  after(async () => {
    await setup?.close();
  });

  test("only the public URL's host and the allowed hosts are served", async () => {
    const { port } = new URL(setup.app.baseUrl);
    assert.equal((await rawRequest(`${setup.app.baseUrl}/api/auth/me`)).status, 401, 'the public host reaches authentication');
    assert.equal((await rawRequest(`${setup.app.baseUrl}/api/auth/me`, { headers: { host: 'brandgen-api.internal' } })).status, 401);
    assertRefused(
      await rawRequest(`${setup.app.baseUrl}/api/auth/me`, { headers: { host: `localhost:${port}` } }),
      'another name for this machine',
    );
    assertRefused(await rawRequest(`${setup.app.baseUrl}/auth/sign-in`, { headers: { host: 'rebind.attacker.example' } }), 'sign-in');
    assertRefused(
      await rawRequest(`${setup.app.baseUrl}/api/auth/device/code`, {
        method: 'POST',
        headers: { host: 'rebind.attacker.example', 'content-type': 'application/json' },
        body: '{}',
      }),
      'a device code',
    );
  });
});
