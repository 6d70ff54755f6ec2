import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { rawRequest, type RawResponse } from './support/raw-request.ts';
import { freePort } from './support/server-process.ts';
import { startBrandgenWithWebApp, type BrandgenWithWebApp } from './support/test-web-directory.ts';

/** The policy's directives by name. */
function policyOf(response: RawResponse): Map<string, string[]> {
  const header = response.headers['content-security-policy'];
  assert.equal(typeof header, 'string', 'a Content-Security-Policy header');
  return new Map(
    (header as string)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function assertProtected(response: RawResponse, what: string): void {
  assert.equal(response.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(response.headers['x-frame-options'], 'DENY', `${what}: not framed`);
  assert.equal(response.headers['referrer-policy'], 'no-referrer', `${what}: referrer policy`);
  const policy = policyOf(response);
  assert.deepEqual(policy.get('frame-ancestors'), ["'none'"], `${what}: frame-ancestors`);
  assert.deepEqual(policy.get('script-src'), ["'self'"], `${what}: scripts from this origin only`);
  assert.deepEqual(policy.get('default-src'), ["'self'"], `${what}: default-src`);
}

describe('security headers without sign-in (plain http)', () => {
  let served: BrandgenWithWebApp;
  before(async () => (served = await startBrandgenWithWebApp()));
  after(() => served?.close());

  test('every kind of answer carries them: JSON, errors, the web app, its assets, the device page and the API docs', async () => {
    const answers: Array<[string, RawResponse]> = [
      ['JSON', await rawRequest(`${served.app.baseUrl}/api/models`)],
      ['a 404', await rawRequest(`${served.app.baseUrl}/api/nothing-here`)],
      [
        'a validation error',
        await rawRequest(`${served.app.baseUrl}/api/generate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      ],
      ['the web app', await rawRequest(`${served.app.baseUrl}/`)],
      ['a web asset', await rawRequest(`${served.app.baseUrl}${served.web.script.urlPath}`)],
      ['the device approval page', await rawRequest(`${served.app.baseUrl}/device?user_code=ABCD-EFGH`)],
      ['the API docs', await rawRequest(`${served.app.baseUrl}/api/docs/`)],
      ['a refused Host', await rawRequest(`${served.app.baseUrl}/api/models`, { headers: { host: 'rebind.attacker.example' } })],
    ];
    for (const [what, response] of answers) assertProtected(response, what);
    assert.equal(answers[6]![1].status, 200);
  });

  test('on plain http there is no HSTS and nothing is upgraded to https', async () => {
    const response = await rawRequest(`${served.app.baseUrl}/`);
    assert.equal(response.headers['strict-transport-security'], undefined);
    assert.equal(policyOf(response).has('upgrade-insecure-requests'), false);
    assert.deepEqual(policyOf(response).get('img-src'), ["'self'", 'data:', 'blob:']);
  });
});

describe('security headers with sign-in on an https public URL', () => {
  let setup: OidcSetup;
  before(async () => {
    // Brandgen itself speaks http here; the public URL (a TLS proxy in front) decides HSTS.
    const port = await freePort();
    setup = await startOidcSetup({ PORT: String(port), BRANDGEN_PUBLIC_URL: `https://127.0.0.1:${port}` });
  });
  after(async () => {
    await setup?.close();
  });

  test('HSTS and upgrade-insecure-requests are sent', async () => {
    const response = await rawRequest(`${setup.app.baseUrl}/api/health`);
    assert.match(String(response.headers['strict-transport-security']), /^max-age=31536000$/);
    assert.equal(policyOf(response).has('upgrade-insecure-requests'), true);
    assertProtected(response, 'health');
  });

  test("a server-rendered page's inline style is admitted by the policy's hash", async () => {
    const page = await rawRequest(`${setup.app.baseUrl}/auth/callback?error=access_denied`);
    assert.equal(page.status, 400);
    const style = /<style>([^<]*)<\/style>/.exec(page.body.toString())?.[1];
    assert.ok(style, 'the page has its style');
    const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    assert.ok(policyOf(page).get('style-src')?.includes(hash), `style-src admits ${hash}`);
  });
});
