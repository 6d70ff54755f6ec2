import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostGate, hostnameOf, hostPolicy } from './host-check.ts';

test('the Host header is read as a lower-case name without port, IPv6 in brackets', () => {
  assert.equal(hostnameOf('LocalHost:8080'), 'localhost');
  assert.equal(hostnameOf('127.0.0.1:41234'), '127.0.0.1');
  assert.equal(hostnameOf('[::1]:8080'), '[::1]');
  assert.equal(hostnameOf('brandgen.example.com.'), 'brandgen.example.com');
  for (const bad of [undefined, '', 'a b', 'user@127.0.0.1', '127.0.0.1/x', 'evil.example\\@127.0.0.1']) {
    assert.equal(hostnameOf(bad), undefined, String(bad));
  }
});

test('none mode answers loopback names and addresses, and the allowed hosts', () => {
  const allows = hostPolicy({ mode: 'none', publicUrl: undefined, allowedHosts: ['brandgen.lan', '[fe80::1]'] });
  for (const name of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'brandgen.lan', '[fe80::1]']) assert.ok(allows(name), name);
  for (const name of ['rebind.attacker.example', '0.0.0.0', '192.168.1.20', 'localhost.attacker.example', '127.0.0.1.nip.io']) {
    assert.ok(!allows(name), name);
  }
});

test("oidc mode answers the public URL's host and the allowed hosts only", () => {
  const allows = hostPolicy({ mode: 'oidc', publicUrl: 'https://Brandgen.Example.com', allowedHosts: ['brandgen-api.internal'] });
  assert.ok(allows('brandgen.example.com'));
  assert.ok(allows('brandgen-api.internal'));
  for (const name of ['localhost', '127.0.0.1', 'rebind.attacker.example']) assert.ok(!allows(name), name);
});

test('the gate takes a Host value by the policy and remembers only what it accepted, and only a few', () => {
  const asked: string[] = [];
  const accepts = hostGate((hostname) => {
    asked.push(hostname);
    return hostname === 'localhost';
  });
  assert.ok(accepts('localhost:8080'));
  assert.ok(accepts('localhost:8080'));
  assert.deepEqual(asked, ['localhost'], 'an accepted value is parsed once');
  assert.ok(!accepts('evil.example'));
  assert.ok(!accepts('evil.example'));
  assert.deepEqual(asked.slice(1), ['evil.example', 'evil.example'], 'a refused value is asked about every time');
  assert.ok(!accepts(undefined));
  for (let port = 1; port <= 40; port += 1) assert.ok(accepts(`localhost:${port}`));
  asked.length = 0;
  for (let port = 1; port <= 40; port += 1) accepts(`localhost:${port}`);
  assert.ok(asked.length >= 40 - 32, 'values past the few remembered are parsed again');
});
