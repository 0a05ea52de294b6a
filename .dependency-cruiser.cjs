/**
 * The boundaries between the workspace's packages, checked by `pnpm lint` (depcruise).
 * Paths are the files' real paths: `@monimmo/x` resolves to packages/x/src through the workspace link.
 */
const CONTRACT_MUST_NOT_LOAD = ['core', 'db', 'queue', 'storage', 'ai', 'connectors'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and hides which module owns what.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-stays-light',
      severity: 'error',
      comment: 'Clients (the web app, third parties) import the contract: it may not pull the server side in.',
      from: { path: '^packages/contract/' },
      to: { path: `^packages/(${CONTRACT_MUST_NOT_LOAD.join('|')})/` },
    },
    {
      name: 'no-relative-import-across-packages',
      severity: 'error',
      comment: "Another package's src/ or test/ is reached through its name and exports, never by a relative path.",
      from: { path: '^(packages|apps)/([^/]+)/' },
      to: { dependencyTypes: ['local'], path: '^(packages|apps)/[^/]+/(src|test)/', pathNot: '^$1/$2/' },
    },
    {
      name: 'web-imports-router-type-only',
      severity: 'error',
      comment: "The web bundle takes the contract's router as a type; at run time only its light subpaths (lists, schemas).",
      from: { path: '^apps/web/src/' },
      to: { path: '^packages/contract/src/(index|router|trpc|openapi|rest-operations|context)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-never-loads-server-code',
      severity: 'error',
      comment: 'The browser gets the app, never the server: no core, db, queue, storage, AI, connectors or API host.',
      from: { path: '^apps/web/src/' },
      to: { path: `^(packages/(${CONTRACT_MUST_NOT_LOAD.join('|')})|apps/(api|worker))/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The deliberately bad fixture that shows these rules failing is cruised on its own, by its test.
    exclude: { path: '(^|/)(node_modules|dist|coverage)/|^apps/api/test/fixtures/boundaries/' },
    // Type-only imports count: a type from db in the contract still ties the two together.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
