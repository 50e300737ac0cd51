import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/*
 * The layering of src/ (DESIGN.md, "Source layout"), enforced rather than kept by habit. Each rule is a
 * restricted-import pattern plus the same test for dynamic `import()`, which no-restricted-imports does
 * not see and which prodline uses for on-demand SDKs. __tests__/contract/layering.test.ts shows each fires.
 */
const DOMAIN_FOLDERS = [
  'image',
  'docker',
  'scan',
  'sign',
  'kube',
  'deploy',
  'analysis',
  'notify',
  'evidence',
];
const layer = (regex, message) => ({ regex, message });
/** Relative imports that climb into src/actions/ (from any depth of a domain folder). */
const ACTIONS_FOLDER = layer(
  '^(\\.\\./)+actions(/|$)',
  'Domain code must not import src/actions/: move what both need into the domain (or src/runtime/).',
);
/** Relative imports that climb out of src/ into scripts/ (the testbed, build and bench drivers). */
const SCRIPTS_FOLDER = layer(
  '^(\\.\\./)+scripts(/|$)',
  'Nothing in src/ imports scripts/: those are the testbed and build drivers, not shipped code.',
);
/** The GitHub Actions toolkit: only src/runtime/ talks to the runner. */
const TOOLKIT = layer(
  '^@actions/',
  'Only src/runtime/ imports @actions/*: take the value as an argument, or add a small seam in src/runtime/.',
);
const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
  'no-restricted-syntax': [
    'error',
    // esquery's regex literal ends at the first '/', escaped or not, so a slash is written as \x2F.
    ...patterns.map(({ regex, message }) => ({
      selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`,
      message,
    })),
  ],
});

export default tseslint.config(
  {
    ignores: [
      'actions/*/dist/**',
      'scripts/evidence/dist/**',
      'node_modules/**',
      '.testbed/**',
      '.cache/**',
      'build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  // Later blocks replace earlier ones' options for the same rule, so each block lists all that apply.
  { files: ['src/**/*.ts'], rules: restrict(SCRIPTS_FOLDER, TOOLKIT) },
  {
    files: DOMAIN_FOLDERS.map((folder) => `src/${folder}/**/*.ts`),
    rules: restrict(ACTIONS_FOLDER, SCRIPTS_FOLDER, TOOLKIT),
  },
  { files: ['src/runtime/**/*.ts'], rules: restrict(SCRIPTS_FOLDER) },
);
