import assert from 'node:assert/strict';
import { test } from 'node:test';
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import { clearSessionCookies, setSessionCookies } from './session-cookies.ts';

async function cookiesSetBy(secure: boolean, clear = false): Promise<string[]> {
  const server = Fastify();
  await server.register(fastifyCookie);
  server.get('/', async (_request, reply) => {
    if (clear) clearSessionCookies(reply, secure);
    else setSessionCookies(reply, { sessionToken: 'session-value', csrfToken: 'csrf-value', maxAgeSeconds: 3600, secure });
    return 'ok';
  });
  const response = await server.inject({ url: '/' });
  await server.close();
  const header = response.headers['set-cookie'];
  return Array.isArray(header) ? header : [String(header)];
}

test('behind TLS the session cookie is HttpOnly, Secure and SameSite=Lax; the CSRF cookie is readable by the page', async () => {
  const [session, csrf] = await cookiesSetBy(true);
  assert.match(session!, /^brandgen_session=session-value;/);
  for (const flag of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/', 'Max-Age=3600']) assert.ok(session!.includes(flag), flag);
  assert.match(csrf!, /^brandgen_csrf=csrf-value;/);
  assert.ok(csrf!.includes('Secure'));
  assert.ok(!csrf!.includes('HttpOnly'), 'the web app reads it to send X-CSRF-Token');
});

test('on plain http (a laptop) the cookies are not Secure, and sign-out expires both', async () => {
  const [session] = await cookiesSetBy(false);
  assert.ok(!session!.includes('Secure'));
  const cleared = await cookiesSetBy(false, true);
  assert.equal(cleared.length, 2);
  for (const cookie of cleared) assert.match(cookie, /Expires=Thu, 01 Jan 1970/);
});
