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
    extends: [
      js.configs.recommended,
      tseslint.configs.recommendedTypeChecked,
      reactHooks.configs.flat.recommended,
      pluginQuery.configs['flat/recommended'],
    ],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
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
    { group: ['**/mocks/http'], message: 'The loopback simulation server is Node-only.' },
  ]
  const above = (layers, why) => ({
    group: layers.flatMap((layer) => [`**/${layer}`, `**/${layer}/*`]),
    message: why,
  })
  const rule = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })
  const tests = ['**/*.test.{ts,tsx}', '**/test-*.ts']
  const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
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
      rules: rule([
        above(
          ['features', 'components', 'app', 'mocks', 'test'],
          'The server imports only pure shared modules.',
        ),
        {
          group: ['**/api/*', '!**/api/*schemas*', '!**/api/*schemas*.ts'],
          message: 'The server may use the Codat schemas in src/api, nothing else there.',
        },
        { group: ['react', 'react-dom', '@tanstack/*'], message: 'The server has no React.' },
      ]),
    },
  ]
}
