import { tsImport } from 'tsx/esm/api';

/** Loads the TypeScript teardown through tsx, for the reason given in global-setup.js. */
export default async function globalTeardown() {
  const { default: teardown } = await tsImport('./global-teardown.ts', import.meta.url);
  await teardown();
}
