import { InvalidValue } from '../../src/runtime/errors.js';
import {
  formatReference,
  parseDigestReference,
  parseImageReference,
  parseRepository,
} from '../../src/image/reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image references', () => {
  test.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['org/app:1.2', { registry: 'docker.io', repository: 'org/app', tag: '1.2' }],
    ['ghcr.io/org/app', { registry: 'ghcr.io', repository: 'org/app' }],
    ['127.0.0.1:5000/app:latest', { registry: '127.0.0.1:5000', repository: 'app', tag: 'latest' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    [
      `ghcr.io/org/app:v1@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'org/app', tag: 'v1', digest: DIGEST },
    ],
    [`ghcr.io/org/sub/app@${DIGEST}`, { registry: 'ghcr.io', repository: 'org/sub/app', digest: DIGEST }],
    ['index.docker.io/library/busybox', { registry: 'docker.io', repository: 'library/busybox' }],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });

  test.each([
    ['Org/App', /invalid path component/],
    ['ghcr.io/org/app:', /invalid tag/],
    ['ghcr.io/org/app@sha256:abc', /malformed digest/],
    ['ghcr.io/', /invalid path component/],
    ['', /no repository name/],
    ['ghcr.io/org//app', /invalid path component/],
    [`a/${'b'.repeat(300)}`, /longer than 255/],
  ])('rejects %j', (text, message) => {
    expect(() => parseImageReference(text)).toThrow(InvalidValue);
    expect(() => parseImageReference(text)).toThrow(message);
  });

  test('digest references must carry a digest; repositories must not carry tags', () => {
    expect(parseDigestReference(`ghcr.io/org/app@${DIGEST}`).digest).toBe(DIGEST);
    expect(() => parseDigestReference('ghcr.io/org/app:1')).toThrow(/not pinned by digest/);
    expect(() => parseRepository('ghcr.io/org/app:1')).toThrow(/includes a tag or digest/);
  });

  test('formatReference round-trips canonical references', () => {
    const text = `ghcr.io/org/app:v1@${DIGEST}`;
    expect(formatReference(parseImageReference(text))).toBe(text);
  });
});
