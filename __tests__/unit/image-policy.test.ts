import { checkImagePolicy } from '../../src/image/policy.js';
import type { ImageConfig } from '../../src/image/image-config.js';

const good: ImageConfig = {
  config: {
    User: '1000',
    Env: ['PATH=/bin', 'TOKEN_FILE=/run/secrets/t'],
    Healthcheck: { Test: ['CMD', 'true'] },
  },
  history: [{ created_by: '/bin/sh -c #(nop) COPY dir:abc in / ' }],
  rootfs: { diff_ids: ['sha256:a', 'sha256:b'] },
};
const options = { maxLayers: 30, knownSecrets: ['s3cr3t-value'] };

describe('image policy', () => {
  test('a well-made image has no findings', () => {
    expect(checkImagePolicy(good, options)).toEqual([]);
  });

  test.each([
    ['no USER', { config: { ...good.config, User: '' } }, 'non-root-user'],
    ['USER root', { config: { ...good.config, User: 'root' } }, 'non-root-user'],
    ['USER 0:0', { config: { ...good.config, User: '0:0' } }, 'non-root-user'],
    ['secret-looking ENV name', { config: { ...good.config, Env: ['DB_PASSWORD=hunter2'] } }, 'secret-env'],
    [
      'token-shaped ENV value',
      { config: { ...good.config, Env: [`X=ghp_${'a'.repeat(36)}`] } },
      'secret-env',
    ],
    ['a BuildKit secret in ENV', { config: { ...good.config, Env: ['X=s3cr3t-value'] } }, 'secret-env'],
    [
      'a build arg in history',
      { history: [{ created_by: '|1 NPM_TOKEN=abc123 /bin/sh -c npm ci' }] },
      'secret-in-history',
    ],
    [
      'a known secret in history',
      { history: [{ created_by: 'RUN echo s3cr3t-value > /x' }] },
      'secret-in-history',
    ],
    [
      'ENV in history',
      { history: [{ created_by: '/bin/sh -c #(nop)  ENV API_KEY=abc' }] },
      'secret-in-history',
    ],
  ])('%s', (_name, change, rule) => {
    const findings = checkImagePolicy({ ...good, ...change } as ImageConfig, options);
    expect(findings.map((f) => `${f.rule} ${f.severity}`)).toEqual([`${rule} error`]);
    expect(JSON.stringify(findings)).not.toMatch(/hunter2|s3cr3t-value|abc123|ghp_a/);
  });

  test('no HEALTHCHECK and too many layers are warnings', () => {
    const findings = checkImagePolicy(
      {
        ...good,
        config: { ...good.config, Healthcheck: null },
        rootfs: { diff_ids: Array(31).fill('sha256:x') },
      },
      options,
    );
    expect(findings.map((f) => `${f.rule} ${f.severity}`)).toEqual([
      'healthcheck warning',
      'max-layers warning',
    ]);
  });

  test('a config with every field missing is judged, not crashed on', () => {
    expect(checkImagePolicy({}, options).map((f) => f.rule)).toEqual(['non-root-user', 'healthcheck']);
  });
});
