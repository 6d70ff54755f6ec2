#!/usr/bin/env node
// The `brandgen` command. In a checkout it runs the TypeScript sources (Node 24 strips the types), reading the
// workspace client from its sources too, so `npx brandgen` works right after `npm ci`; an installed copy without
// sources runs the compiled command bundled into one file (scripts/bundle-command-line.ts), which starts faster.
import { existsSync } from 'node:fs';
import { enableCompileCache, registerHooks } from 'node:module';

// V8 keeps the compiled command in Node's cache folder, so each later run skips parsing and compiling it again.
enableCompileCache?.();

const source = new URL('../src/cli/brandgen.ts', import.meta.url);
if (existsSync(source)) {
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      nextResolve(specifier, { ...context, conditions: [...context.conditions, 'brandgen-source'] }),
  });
  await import(source.href);
} else {
  await import(new URL('../dist/cli/brandgen-bundle.js', import.meta.url).href);
}
