/**
 * The layering lint (`npm run lint:layers`, part of `npm test`). The layers, top to bottom:
 *
 *   cli/ (and bench/)  ->  services/<x>/  ->  knobs/, lib/<x>/  ->  model/, proto/
 *
 * A layer may import from the layers below it, never from those above; services talk to one
 * another only over gRPC (lib/grpc/clients). test/ may import anything, but it is cruised too
 * so that a cycle through a test helper is still caught.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment:
        'A cycle makes load order decide which module sees the other half-initialised (undefined ' +
        'exports under CommonJS) and means neither side can be understood or tested alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'model-and-proto-stand-alone',
      comment:
        'model/ (the RL library) and proto/ (the contracts and their generated types) are the ' +
        'bottom layer: everything else builds on them, so they may not know about anything above.',
      severity: 'error',
      from: { path: '^(model|proto)/' },
      to: { path: '^(knobs|lib|services|cli|bench)/' },
    },
    {
      name: 'libraries-below-services',
      comment:
        'knobs/ and lib/ are shared by the services and the CLI; importing a service or the CLI ' +
        'from there would pull a service into every other one, which is what they exist to prevent.',
      severity: 'error',
      from: { path: '^(knobs|lib)/' },
      to: { path: '^(services|cli)/' },
    },
    {
      name: 'services-apart',
      comment:
        'Services run as separate processes and talk only over gRPC (lib/grpc/clients); a direct ' +
        'import of another service would work in one process and break when they are split. What ' +
        'two services share belongs in lib/ or knobs/.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'cli-composes-services-by-their-entries',
      comment:
        'cli/ is the composition root: it may start a service (services/<x>/start-<x>.ts, the ' +
        "trainer included). Any other import reaches into a service's internals, which then cannot " +
        'change without the CLI; what the CLI and a service share (e.g. lib/postgres/server-control.ts) ' +
        'belongs in a library.',
      severity: 'error',
      from: { path: '^cli/' },
      to: {
        path: '^services/',
        pathNot: '^services/[^/]+/start-[^/]+\\.ts$',
      },
    },
    {
      name: 'cli-reaches-the-store-only-offline',
      comment:
        'The CLI is a client of its own API: the services open, use and close the metadata store ' +
        '(their start functions take where it is). The one exception is `report` without --api, ' +
        'which reads a store directly (cli/report/offline-report.ts).',
      severity: 'error',
      from: { path: '^cli/', pathNot: '^cli/report/offline-report\\.ts$' },
      to: { path: '^lib/store/' },
    },
  ],
  options: {
    // Only the project's own modules matter for layering; not following node_modules keeps
    // the run to a few seconds.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    // Type-only imports count: a type from another layer couples the code just as much.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
