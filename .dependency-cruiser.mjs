/**
 * dependency-cruiser: no import cycles in server/, client/src/ and bench/, type-only imports
 * included (tsPreCompilationDeps), so that every module can be read, tested and moved on its own;
 * and nothing but server/index.ts imports server/app.ts (the app passes its contexts down).
 * Run by `npm run check` (`npm run check:cycles`); test/unit/import-cycles.test.ts proves it fails.
 */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle (type-only imports count): take the shared part out into a module both use.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'app-is-wired-not-imported',
      severity: 'error',
      comment: 'createApp hands each router what it needs; only server/index.ts (and tests) import app.ts.',
      from: { path: '^(server|bench|client)/', pathNot: '^server/index[.]ts$' },
      to: { path: '^server/app[.]ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
