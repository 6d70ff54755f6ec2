/**
 * Builds the plugin into dist/: code.js (the main thread, one script), ui.html (one self-contained file: the UI bundle
 * and the web app's design tokens inlined) and manifest.json. BRANDGEN_PUBLIC_URL names the Brandgen server the plugin
 * talks to (allowedDomains and the address baked into the UI); without it, the local development server.
 */
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { manifestFor, withServer } from './plugin-files.ts';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);
const server = (process.env.BRANDGEN_PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, '');

async function bundle(entry: string, target: string): Promise<string> {
  const result = await build({
    entryPoints: [new URL(entry, root).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    target,
    minify: true,
    conditions: ['brandgen-source'],
    legalComments: 'none',
  });
  return result.outputFiles[0]!.text;
}

/** The web app's custom properties (its `:root` block), so the plugin wears the same colours and radii. */
async function designTokens(): Promise<string> {
  const css = await readFile(new URL('../web/src/styles.css', root), 'utf8');
  const block = /:root\s*\{[^}]*\}/.exec(css);
  if (!block) throw new Error('web/src/styles.css has no :root block of design tokens');
  return block[0];
}

// Figma's main thread runs an older JavaScript engine in places; es2017 keeps the bundle safe there.
const code = await bundle('src/code.ts', 'es2017');
const script = await bundle('src/ui/app.ts', 'es2022');
const template = await readFile(new URL('src/ui/ui.html', root), 'utf8');
const tokens = await designTokens();
const html = template
  .replace('/* BRANDGEN_TOKENS */', () => tokens)
  .replace('/* BRANDGEN_SCRIPT */', () => script.replace(/<\/(script)/gi, '<\\/$1'));
await mkdir(dist, { recursive: true });
await writeFile(new URL('code.js', dist), code);
await writeFile(new URL('ui.html', dist), withServer(html, server));
await writeFile(new URL('manifest.json', dist), `${JSON.stringify(manifestFor(server, process.env.BRANDGEN_FIGMA_PLUGIN_ID), null, 2)}\n`);
console.log(`Built figma-plugin/dist for ${server}`);
