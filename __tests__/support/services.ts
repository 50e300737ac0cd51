/** Set by the global setup when Jest started the testbed (and so must stop it). */
export const TESTBED_STARTED_BY_JEST = 'PRODLINE_TESTBED_STARTED_BY_JEST';

/** In CI (or with PRODLINE_REQUIRE_SERVICES=1) a missing service fails the run instead of skipping. */
export function servicesRequired(): boolean {
  return process.env.CI === 'true' || process.env.PRODLINE_REQUIRE_SERVICES === '1';
}

/** The testbed env values for these keys, or undefined when any is missing. */
export function serviceEnv<K extends string>(...keys: K[]): Record<K, string> | undefined {
  const values = {} as Record<K, string>;
  for (const key of keys) {
    const value = process.env[key];
    if (!value) return undefined;
    values[key] = value;
  }
  return values;
}

/**
 * A describe block that needs testbed services. When they are missing it fails loudly in CI and is
 * skipped locally with a message saying how to start them.
 */
export function describeWithServices<K extends string>(
  keys: K[],
  name: string,
  body: (env: Record<K, string>) => void,
): void {
  const env = serviceEnv(...keys);
  if (env) {
    describe(name, () => body(env));
    return;
  }
  const missing = keys.filter((key) => !process.env[key]).join(', ');
  if (servicesRequired()) {
    describe(name, () => {
      test('needs testbed services', () => {
        throw new Error(`testbed services missing (${missing}); the testbed must start in CI`);
      });
    });
  } else {
    console.warn(
      `skipping "${name}": testbed services missing (${missing}); start them with: npm run testbed -- start`,
    );
    describe.skip(name, () => body({} as Record<K, string>));
  }
}
