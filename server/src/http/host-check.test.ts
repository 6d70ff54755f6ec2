import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostnameOf, hostPolicy } from './host-check.ts';

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
