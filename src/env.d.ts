// Build-time constants defined in vite.config.ts.

/** True when the simulated Codat runs in the browser (demo build, or `npm run dev` without a key). */
declare const __DEMO__: boolean
