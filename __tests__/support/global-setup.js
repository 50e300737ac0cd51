import { tsImport } from 'tsx/esm/api';

/**
 * Jest loads global hooks through Node's own loader, which cannot resolve the TypeScript sources'
 * `./x.js` imports to `./x.ts` (the moduleNameMapper only applies inside test files); tsx can.
 */
export default async function globalSetup() {
  const { default: setup } = await tsImport('./global-setup.ts', import.meta.url);
  await setup();
}
