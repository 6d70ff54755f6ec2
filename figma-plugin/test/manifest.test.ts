import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { manifestFor, withServer } from '../scripts/plugin-files.ts';

const built = new URL('../dist/manifest.json', import.meta.url);

/** The fields Figma documents for a plugin manifest (developers.figma.com, "Plugin manifest"), as Brandgen sets them. */
function checkManifest(manifest: Record<string, any>, server: string): void {
  assert.deepEqual(Object.keys(manifest).sort(), ['api', 'documentAccess', 'editorType', 'id', 'main', 'name', 'networkAccess', 'ui']);
  assert.equal(manifest.name, 'Brandgen');
  assert.equal(typeof manifest.id, 'string');
  assert.ok(manifest.id.length > 0);
  assert.equal(manifest.api, '1.0.0');
  assert.deepEqual(manifest.editorType, ['figma']);
  assert.equal(manifest.documentAccess, 'dynamic-page');
  assert.equal(manifest.main, 'code.js');
  assert.equal(manifest.ui, 'ui.html');
  assert.deepEqual(Object.keys(manifest.networkAccess).sort(), ['allowedDomains', 'devAllowedDomains', 'reasoning']);
  assert.deepEqual(manifest.networkAccess.allowedDomains, [server]);
  assert.deepEqual(manifest.networkAccess.devAllowedDomains, ['http://localhost:8080', 'http://127.0.0.1:8080']);
  assert.match(manifest.networkAccess.reasoning, new RegExp(server.replace(/[.:/]/g, '\\$&')));
}

test('the manifest has the documented fields and allows only the named server', () => {
  checkManifest(manifestFor('https://brandgen.example.com'), 'https://brandgen.example.com');
  assert.equal(manifestFor('https://brandgen.example.com', '1234567890').id, '1234567890', 'the id Figma assigns on publishing');
});

test(
  'the built manifest and ui.html agree on the server, and ui.html is self-contained',
  { skip: !process.env.CI && !existsSync(built) ? 'figma-plugin/dist is not built' : undefined },
  () => {
    const manifest = JSON.parse(readFileSync(built, 'utf8'));
    const server = manifest.networkAccess.allowedDomains[0];
    checkManifest(manifest, server);
    const html = readFileSync(new URL('../dist/ui.html', import.meta.url), 'utf8');
    assert.ok(html.includes(`{"server":"${server}"}`));
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+stylesheet/, 'no external script or stylesheet');
    assert.match(html, /--navy:\s*#1f3a5f/, "the web app's design tokens are inlined");
    assert.ok(existsSync(new URL('../dist/code.js', import.meta.url)));
  },
);

test('the server address goes into ui.html as inert JSON', () => {
  const html = '<script id="brandgen-config" type="application/json">{"server":"http://localhost:8080"}</script>';
  assert.equal(
    withServer(html, 'https://a.example'),
    '<script id="brandgen-config" type="application/json">{"server":"https://a.example"}</script>',
  );
  assert.ok(!withServer(html, 'https://a.example/</script><script>alert(1)').includes('</script><script>'));
  assert.throws(() => withServer('<p>no config</p>', 'https://a.example'), /brandgen-config/);
});
