import { bypasses, describeProxy, proxyFor } from '../../src/runtime/proxy.js';

const url = (text: string) => new URL(text);

describe('which proxy a request takes', () => {
  test.each([
    // [target, env, expected proxy or undefined]
    ['https://ghcr.io/v2/', { HTTPS_PROXY: 'http://proxy:3128' }, 'http://proxy:3128/'],
    ['https://ghcr.io/v2/', { https_proxy: 'http://lower:3128' }, 'http://lower:3128/'],
    ['http://registry.local/v2/', { HTTPS_PROXY: 'http://proxy:3128' }, undefined],
    ['http://registry.local/v2/', { HTTP_PROXY: 'proxy.corp:8080' }, 'http://proxy.corp:8080/'],
    ['https://ghcr.io/', {}, undefined],
    ['https://ghcr.io/', { HTTPS_PROXY: '' }, undefined],
    // Loopback is not special: NO_PROXY decides, unlike @actions/http-client.
    ['http://127.0.0.1:5000/v2/', { HTTP_PROXY: 'http://proxy:3128' }, 'http://proxy:3128/'],
  ])('%s with %j → %s', (target, env, expected) => {
    expect(proxyFor(url(target), env)?.href).toBe(expected);
  });

  test.each([
    ['https://ghcr.io/', 'ghcr.io', true],
    ['https://pkg.ghcr.io/', 'ghcr.io', true],
    ['https://pkg.ghcr.io/', '.ghcr.io', true],
    ['https://pkg.ghcr.io/', '*.ghcr.io', true],
    ['https://notghcr.io/', 'ghcr.io', false],
    ['https://ghcr.io/', 'example.com, ghcr.io', true],
    ['https://ghcr.io/', 'example.com ghcr.io', true],
    ['https://ghcr.io/', '*', true],
    ['http://registry.local:5000/', 'registry.local:5000', true],
    ['http://registry.local:5001/', 'registry.local:5000', false],
    ['https://ghcr.io/', 'ghcr.io:443', true],
    ['http://127.0.0.1:9/', '127.0.0.1', true],
    ['https://ghcr.io/', '', false],
  ])('%s with NO_PROXY=%j bypasses: %s', (target, noProxy, expected) => {
    expect(bypasses(url(target), noProxy)).toBe(expected);
  });

  test('NO_PROXY wins over HTTPS_PROXY', () => {
    expect(
      proxyFor(url('https://ghcr.io/'), { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'ghcr.io' }),
    ).toBeUndefined();
  });

  test('a proxy is described without its credentials', () => {
    const proxy = proxyFor(url('https://ghcr.io/'), { HTTPS_PROXY: 'http://user:s3cret@proxy:3128' });
    expect(proxy && describeProxy(proxy)).toBe('http://proxy:3128');
  });
});
