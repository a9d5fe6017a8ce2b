import js from '@eslint/js'
import pluginQuery from '@tanstack/eslint-plugin-query'
import { defineConfig, globalIgnores } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

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
    // Browser code never reaches Node-only modules: the proxy and the loopback simulation server.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/server/**', 'src/mocks/http.ts', 'src/mocks/sim-cli.ts', '**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/*', 'node:*'],
              message: 'Node-only code must stay out of the browser bundle.',
            },
            { group: ['**/mocks/http'], message: 'The loopback simulation server is Node-only.' },
          ],
        },
      ],
    },
  },
])
