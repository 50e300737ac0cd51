// Jest loads global setup outside its module system (no ts-jest, no moduleNameMapper), so the
// TypeScript testbed code is loaded through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { default: setup } = await tsImport('./testbed-setup.ts', import.meta.url);
  await setup();
}
