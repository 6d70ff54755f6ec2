import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { PLAIN_PAGE_STYLE } from './plain-page.ts';
import { contentSecurityPolicyDirectives } from './security-headers.ts';

test('the policy loads everything from this origin, images also from data:, blob: and the signed-link origin', () => {
  const directives = contentSecurityPolicyDirectives({ publicUrl: undefined, imageOrigin: 'https://acct.blob.core.windows.net' });
  assert.deepEqual(directives['script-src'], ["'self'"]);
  assert.deepEqual(directives['frame-ancestors'], ["'none'"]);
  assert.deepEqual(directives['img-src'], ["'self'", 'data:', 'blob:', 'https://acct.blob.core.windows.net']);
  assert.equal(directives['upgrade-insecure-requests'], undefined, 'plain http is not upgraded');
  assert.deepEqual(contentSecurityPolicyDirectives({ publicUrl: undefined, imageOrigin: undefined })['img-src'], [
    "'self'",
    'data:',
    'blob:',
  ]);
});

test("the plain pages' style is admitted by its hash, not by 'unsafe-inline'", () => {
  const styles = contentSecurityPolicyDirectives({ publicUrl: 'https://brandgen.example.com', imageOrigin: undefined })['style-src']!;
  assert.ok(styles.includes(`'sha256-${createHash('sha256').update(PLAIN_PAGE_STYLE).digest('base64')}'`));
  assert.ok(!styles.includes("'unsafe-inline'"));
});
