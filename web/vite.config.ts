import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

export default defineConfig({
  // Vite 8 compiles TSX with Oxc; the automatic runtime means components never import React just for JSX.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  // @brandgen/client is bundled from its TypeScript sources (its package's `brandgen-source` export).
  resolve: {
    conditions: ['brandgen-source', ...defaultClientConditions],
    // wouter imports the pre-React-18 shim of useSyncExternalStore; React 19 has the hook itself.
    alias: [
      {
        find: /^use-sync-external-store\/shim(?:\/index\.js)?$/,
        replacement: fileURLToPath(new URL('src/app/use-sync-external-store.ts', import.meta.url)),
      },
    ],
  },
  // Brotli and gzip copies beside each text file, made once here at maximum effort; the server sends the one a browser
  // accepts (@fastify/static's preCompressed) instead of compressing the bundle on every request.
  plugins: [
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      include: /\.(?:html|js|css|svg|json|webmanifest)$/,
      skipIfLargerOrEqual: true,
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every browser the build targets but Safari 16 preloads modules itself; there the polyfill (0.2 kB gzip of every
    // first page's script) would only save a round trip, and without it the modules still load, as imports.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        advancedChunks: {
          groups: [
            {
              name: 'framework',
              test: /node_modules[\\/](?:react|react-dom|scheduler|@tanstack[\\/]query-core|@tanstack[\\/]react-query|openapi-fetch|wouter|regexparam|use-sync-external-store)[\\/]/,
            },
          ],
        },
      },
      onwarn(warning, defaultHandler) {
        // TanStack Query marks its modules "use client" for React Server Components; a client-only SPA has no
        // use for the directive, and the warning it causes per module would bury real warnings.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        defaultHandler(warning);
      },
    },
  },
  server: {
    // The API server runs separately in development; proxying keeps the SPA same-origin, as it is in production.
    proxy: { '/api': { target: 'http://127.0.0.1:8080' } },
  },
});
