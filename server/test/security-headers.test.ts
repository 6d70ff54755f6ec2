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

/** What every answer carries, page or API. */
function assertShared(response: RawResponse, what: string): void {
  assert.equal(response.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(response.headers['x-frame-options'], 'DENY', `${what}: not framed`);
  assert.equal(response.headers['referrer-policy'], 'no-referrer', `${what}: referrer policy`);
  assert.equal(response.headers['cross-origin-resource-policy'], 'same-origin', `${what}: not read by other sites`);
  assert.deepEqual(policyOf(response).get('frame-ancestors'), ["'none'"], `${what}: frame-ancestors`);
}

/** A page of the web app (or any answer outside the API): everything from this origin only. */
function assertProtectedPage(response: RawResponse, what: string): void {
  assertShared(response, what);
  const policy = policyOf(response);
  assert.deepEqual(policy.get('script-src'), ["'self'"], `${what}: scripts from this origin only`);
  assert.deepEqual(policy.get('default-src'), ["'self'"], `${what}: default-src`);
  assert.equal(response.headers['cross-origin-opener-policy'], 'same-origin', `${what}: opener policy`);
}

/** An API answer is never a page: it may load nothing at all, and carries none of the headers that only steer pages. */
function assertProtectedApi(response: RawResponse, what: string): void {
  assertShared(response, what);
  assert.deepEqual([...policyOf(response).keys()].sort(), ['default-src', 'frame-ancestors'], `${what}: policy`);
  assert.deepEqual(policyOf(response).get('default-src'), ["'none'"], `${what}: loads nothing`);
  for (const pageOnly of ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-xss-protection']) {
    assert.equal(response.headers[pageOnly], undefined, `${what}: no ${pageOnly}`);
  }
}

describe('security headers without sign-in (plain http)', () => {
  let served: BrandgenWithWebApp;
  before(async () => (served = await startBrandgenWithWebApp()));
  after(() => served?.close());

  test('every kind of answer carries them: JSON and errors the API set, the web app, its assets, the device page and the API docs the page set', async () => {
    const api: Array<[string, RawResponse]> = [
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
      ['a refused Host', await rawRequest(`${served.app.baseUrl}/api/models`, { headers: { host: 'rebind.attacker.example' } })],
    ];
    const pages: Array<[string, RawResponse]> = [
      ['the web app', await rawRequest(`${served.app.baseUrl}/`)],
      ['a web asset', await rawRequest(`${served.app.baseUrl}${served.web.script.urlPath}`)],
      ['a missing file', await rawRequest(`${served.app.baseUrl}/assets/gone.js`)],
      ['the device approval page', await rawRequest(`${served.app.baseUrl}/device?user_code=ABCD-EFGH`)],
      ['the API docs', await rawRequest(`${served.app.baseUrl}/api/docs/`)],
    ];
    for (const [what, response] of api) assertProtectedApi(response, what);
    for (const [what, response] of pages) assertProtectedPage(response, what);
    assert.equal(pages[4]![1].status, 200);
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

  test('HSTS on every answer, and pages upgrade insecure requests', async () => {
    const health = await rawRequest(`${setup.app.baseUrl}/api/health`);
    assert.match(String(health.headers['strict-transport-security']), /^max-age=31536000$/);
    assertProtectedApi(health, 'health');
    const page = await rawRequest(`${setup.app.baseUrl}/auth/signed-out`);
    assert.match(String(page.headers['strict-transport-security']), /^max-age=31536000$/);
    assert.equal(policyOf(page).has('upgrade-insecure-requests'), true);
    assertProtectedPage(page, 'a plain page');
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
