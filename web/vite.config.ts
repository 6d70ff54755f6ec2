import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  // Vite 8 compiles TSX with Oxc; the automatic runtime means components never import React just for JSX.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  // @brandgen/client is bundled from its TypeScript sources (its package's `brandgen-source` export).
  resolve: { conditions: ['brandgen-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
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
