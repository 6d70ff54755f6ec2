/**
 * Stands in for the `use-sync-external-store` shim that wouter imports (see vite.config.ts): the shim exists for
 * React before 18, and React 19 has the hook built in, so the app ships React's own instead of the shim's code.
 */
export { useSyncExternalStore } from 'react';
