// Bundles the `brandgen` command into one file, the one an installed copy runs. Resolving and loading the command's
// sixty-odd ES modules one by one was a third of its start, which every `brandgen generate` pays before its job starts.
// The operator commands (serve, worker, backup, …) stay outside: they load the compiled server on demand, as before.
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const serverFolder = path.resolve(import.meta.dirname, '..');
const sourceFolder = path.join(serverFolder, 'src');
const compiledFolder = path.join(serverFolder, 'dist');
export const COMMAND_LINE_BUNDLE = path.join(compiledFolder, 'cli', 'brandgen-bundle.js');

/** A relative dynamic import of the server's own modules points at its compiled file (`tsc` writes them first). */
const compiledServerOnDemand: Plugin = {
  name: 'compiled-server-on-demand',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\//, namespace: 'file' }, (arguments_) => {
      if (arguments_.kind !== 'dynamic-import') return undefined;
      const source = path.resolve(arguments_.resolveDir, arguments_.path);
      const compiled = path.join(compiledFolder, path.relative(sourceFolder, source)).replace(/\.ts$/, '.js');
      const fromBundle = path.relative(path.dirname(COMMAND_LINE_BUNDLE), compiled).split(path.sep).join('/');
      return { path: fromBundle.startsWith('.') ? fromBundle : `./${fromBundle}`, external: true };
    });
  },
};

await build({
  entryPoints: [path.join(sourceFolder, 'cli', 'brandgen.ts')],
  outfile: COMMAND_LINE_BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [compiledServerOnDemand],
  // Bundled CommonJS dependencies (commander, cli-progress) still call require for Node's own modules.
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);",
  },
});
