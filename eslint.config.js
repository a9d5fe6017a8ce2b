import js from '@eslint/js'
import pluginQuery from '@tanstack/eslint-plugin-query'
import { defineConfig, globalIgnores } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { readdirSync } from 'node:fs'

export default defineConfig([
  globalIgnores(['dist', 'dist-*', 'public', 'playwright-report', 'test-results*', '.reports']),
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Node's loader and Vite's native config loader need the file a relative import names.
      'no-restricted-syntax': ['error', ...namedFiles()],
    },
  },
  {
    // React's and React Query's rules where React is: the server, src/lib and the simulation
    // have none (the import boundaries below keep it so), and the hooks rules compile every file
    // they see, a fifth of the lint's time.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/server/**', 'src/lib/**', 'src/mocks/**'],
    extends: [reactHooks.configs.flat.recommended, pluginQuery.configs['flat/recommended']],
  },
  {
    // A promise nobody awaits or catches ends the whole server when it rejects: in server code
    // `void promise` does not count as handling it.
    files: ['src/server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  ...importBoundaries(),
])

/** A relative import or re-export names its file, extension and all: `./dates.ts`, not `./dates`. */
function namedFiles() {
  const relative = '[source.value=/^\\./]:not([source.value=/\\.(ts|tsx|css|json|svg)$/])'
  const message =
    'Name the file: a relative import ends in .ts or .tsx (or the asset’s own extension).'
  return [
    'ImportDeclaration',
    'ExportNamedDeclaration',
    'ExportAllDeclaration',
    'ImportExpression',
  ].map((node) => ({ selector: `${node}${relative}`, message }))
}

/**
 * The house style's one-way imports, enforced: lib, api and components come first; features use
 * them and never each other; app wires features together; browser code never reaches Node-only
 * modules; the server uses only pure shared modules (src/lib and the Codat schemas in
 * src/api/*schemas*.ts). Tests and test rigs may reach the simulation.
 */
function importBoundaries() {
  const nodeOnly = [
    {
      group: ['**/server/*', 'node:*'],
      message: 'Node-only code must stay out of the browser bundle.',
    },
    {
      group: ['**/mocks/http', '**/mocks/http.ts'],
      message: 'The loopback simulation server is Node-only.',
    },
  ]
  const above = (layers, why) => ({
    group: layers.flatMap((layer) => [`**/${layer}`, `**/${layer}/*`]),
    message: why,
  })
  const rule = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })
  const tests = ['**/*.test.{ts,tsx}', '**/test-*.ts', 'src/server/testing/**']
  const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
  const server = [
    above(
      ['features', 'components', 'app', 'mocks', 'test'],
      'The server imports only pure shared modules.',
    ),
    {
      group: ['**/api/*', '!**/api/*schemas*', '!**/api/*schemas*.ts'],
      message: 'The server may use the Codat schemas in src/api, nothing else there.',
    },
    { group: ['react', 'react-dom', '@tanstack/*'], message: 'The server has no React.' },
    { group: ['**/testing/*'], message: 'src/server/testing is for tests only.' },
  ]
  return [
    {
      files: ['src/lib/**/*.ts'],
      ignores: tests,
      rules: rule([
        ...nodeOnly,
        above(
          ['api', 'components', 'features', 'app', 'mocks'],
          'src/lib is pure: it imports only src/lib.',
        ),
        {
          group: ['react', 'react-dom', '@tanstack/*'],
          message: 'src/lib is pure: no React, no fetching.',
        },
      ]),
    },
    {
      files: ['src/api/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}'],
      ignores: tests,
      rules: rule([
        ...nodeOnly,
        above(['features', 'app', 'mocks'], 'Shared code comes before features and the app.'),
      ]),
    },
    ...features.map((feature) => ({
      files: [`src/features/${feature}/**/*.{ts,tsx}`],
      ignores: tests,
      rules: rule([
        ...nodeOnly,
        above(['app', 'mocks'], 'Features come before the app and never use the simulation.'),
        {
          group: features
            .filter((other) => other !== feature)
            .flatMap((other) => [
              `../${other}`,
              `../${other}/*`,
              `**/features/${other}`,
              `**/features/${other}/*`,
            ]),
          message: `Features never import each other: move what ${feature} shares to src/lib or src/components.`,
        },
      ]),
    })),
    {
      files: ['src/app/**/*.{ts,tsx}', 'src/main.tsx', 'src/mocks/**/*.{ts,tsx}'],
      ignores: [...tests, 'src/mocks/http.ts', 'src/mocks/sim-cli.ts'],
      rules: rule(nodeOnly),
    },
    {
      files: ['src/server/**/*.ts'],
      ignores: tests,
      rules: rule(server),
    },
    ...serverFolders(tests, server),
  ]
}

/**
 * The server's folders, each a concern, in one direction: http/ is the plumbing every route uses
 * and knows no concern; store/ keeps the fleet and knows no HTTP; config/ and auth/ know neither
 * Codat nor the fleet. The files at the top of src/server (console.ts, proxy.ts, the routes
 * table, the hosts) put the folders together.
 */
function serverFolders(tests, server) {
  const folders = (names) => names.flatMap((name) => [`../${name}/*`, `**/server/${name}/*`])
  const only = (folder, banned, why, typesFrom = []) => ({
    files: [`src/server/${folder}/**/*.ts`],
    ignores: tests,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...server,
            { group: folders(banned), message: why },
            ...(typesFrom.length > 0
              ? [
                  {
                    group: folders(typesFrom),
                    message: `${why} Types only.`,
                    allowTypeImports: true,
                  },
                ]
              : []),
            {
              group: ['../*.ts'],
              message: `${why} The top of src/server puts the folders together.`,
            },
          ],
        },
      ],
    },
  })
  const concerns = ['alerts', 'codat', 'fleet', 'webhooks', 'metrics', 'dev', 'store']
  return [
    only('http', concerns, 'http/ is the plumbing every route uses.', ['auth', 'config']),
    only(
      'store',
      [...concerns.filter((f) => f !== 'store'), 'http', 'auth', 'config'],
      'store/ knows no HTTP, Codat or fleet logic.',
    ),
    only('config', concerns, 'config/ reads settings only.'),
    only('auth', concerns, 'auth/ signs people in and knows nothing of Codat or the fleet.'),
  ]
}
