// ESLint for the UI (TypeScript, React hooks) and the Node scripts and end-to-end tests.
// `npm run lint`; ./scripts/test runs it.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['ui/dist/', 'target/', 'node_modules/', 'tests/e2e/artifacts/'] },
  {
    files: ['ui/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended, reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    // The functions these pass to `browser.execute` run inside the app's webview.
    files: ['tests/e2e/**/*.mjs', 'scripts/bench-ui.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
