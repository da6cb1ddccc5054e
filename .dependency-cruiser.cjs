/**
 * Import rules of Trellis's layers (ARCHITECTURE.md): npm test runs
 * `depcruise src` with this file and fails on any violation.
 *
 *   core   pure domain: imports nothing outside core (no node:*, no adapters)
 *   git    the git adapter: imports core only
 *   facts  reads facts through the git adapter: core, git
 *   apply  carries out plans: core, git
 *   app    use cases: core, git, facts, apply (the only caller of apply)
 *   cli    front end: app and core (never git, facts or apply directly)
 *   github the GitHub adapter (Octokit): core only; called by app (and facts) only
 *   action front end (the GitHub Action): app and core, like cli
 *   demo   front end (`trellis demo`): app and core; it drives the CLI through a runner it is given
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle: break it by moving the shared part down a layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'core imports nothing outside core: no adapters, no node built-ins that do I/O.',
      from: { path: '^src/core/' },
      to: { pathNot: '^src/core/', dependencyTypesNot: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'core'] },
    },
    {
      name: 'core-no-io',
      severity: 'error',
      comment: 'core may not spawn processes or touch the file system.',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(child_process|fs|fs/promises|net|http|https|os|worker_threads)$' },
    },
    {
      name: 'github-adapter-imports-core-only',
      severity: 'error',
      comment: 'src/github is an adapter: it talks to the GitHub API and imports nothing of Trellis but core.',
      from: { path: '^src/github/' },
      to: { path: '^src/', pathNot: '^src/(core|github)/' },
    },
    {
      name: 'only-app-calls-github',
      severity: 'error',
      comment: 'The GitHub API is reached through a use case (src/app/, or src/facts/ for reads), never by a front end.',
      from: { path: '^src/', pathNot: '^src/(app|facts|github)/' },
      to: { path: '^src/github/' },
    },
    {
      name: 'git-adapter-below-facts',
      severity: 'error',
      from: { path: '^src/git/' },
      to: { path: '^src/(facts|apply|app|cli|action|site)/' },
    },
    {
      name: 'facts-read-only',
      severity: 'error',
      from: { path: '^src/facts/' },
      to: { path: '^src/(apply|app|cli|action|site)/' },
    },
    {
      name: 'apply-only-carries-out',
      severity: 'error',
      from: { path: '^src/apply/' },
      to: { path: '^src/(facts|app|cli|action|site)/' },
    },
    {
      name: 'only-app-calls-apply',
      severity: 'error',
      comment: 'Plans are carried out through a use case (src/app/), never directly by a front end.',
      from: { path: '^src/', pathNot: '^src/(app|apply)/' },
      to: { path: '^src/apply/' },
    },
    {
      name: 'app-below-front-ends',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(cli|action|site|demo)/' },
    },
    {
      name: 'front-ends-call-use-cases',
      severity: 'error',
      comment: 'A front end parses input, calls a use case and renders its result: no git, github, facts or apply.',
      from: { path: '^src/(cli|action|site)/' },
      to: { path: '^src/(git|github|facts|apply)/' },
    },
    {
      name: 'demo-is-a-front-end',
      severity: 'error',
      comment: 'src/demo runs use cases and the CLI it is handed: it imports app and core only (not the CLI itself, which imports it).',
      from: { path: '^src/demo/' },
      to: { path: '^src/(git|github|facts|apply|cli|action|site)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '\\.test\\.ts$' },
  },
};
