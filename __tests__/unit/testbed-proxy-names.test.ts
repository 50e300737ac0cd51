import { byName, missingHostNames, TESTBED_HOST_NAMES } from '../../scripts/testbed/host-names.js';
import { proxiedHosts, proxyAddress } from '../support/proxy.js';

describe('testbed host names', () => {
  const names = Object.values(TESTBED_HOST_NAMES);

  test('only names mapped to 127.0.0.1 count; comments and other addresses do not', () => {
    const hosts = [
      '127.0.0.1 localhost',
      '127.0.0.1 registry.prodline.test # prodline testbed',
      '# 127.0.0.1 sigstore.prodline.test',
      '10.0.0.5 oidc.prodline.test',
      '127.0.0.1\tSLACK.prodline.test github.prodline.test',
    ].join('\n');
    expect(missingHostNames(hosts, names)).toEqual(['sigstore.prodline.test', 'oidc.prodline.test']);
    expect(
      missingHostNames(`${hosts}\n127.0.0.1 sigstore.prodline.test oidc.prodline.test\n`, names),
    ).toEqual([]);
  });

  test.each([
    ['127.0.0.1:5000', 'registry.prodline.test', 'registry.prodline.test:5000'],
    ['http://127.0.0.1:8080', 'sigstore.prodline.test', 'http://sigstore.prodline.test:8080'],
    ['http://127.0.0.1:8080/api/', 'slack.prodline.test', 'http://slack.prodline.test:8080/api/'],
    [
      'http://127.0.0.1:9/_apis/idtoken?api-version=2.0',
      'oidc.prodline.test',
      'http://oidc.prodline.test:9/_apis/idtoken?api-version=2.0',
    ],
  ])('byName(%s, %s) is %s', (address, name, expected) => {
    expect(byName(address, name)).toBe(expected);
  });
});

describe('tinyproxy log reading', () => {
  test('a host counts as proxied only once tinyproxy connected to it, not for a refused request line', () => {
    const log = [
      'CONNECT   Dec 01 21:01:42.600 [8393]: Request (file descriptor 5): GET http://refused.prodline.test:1/ HTTP/1.1',
      'CONNECT   Dec 01 21:01:42.841 [8393]: Request (file descriptor 5): CONNECT Registry.prodline.test:443 HTTP/1.1',
      'CONNECT   Dec 01 21:01:42.856 [8393]: Established connection to host "Registry.prodline.test" using file descriptor 6.',
    ].join('\n');
    expect([...proxiedHosts(log)]).toEqual(['registry.prodline.test']);
  });

  test('a proxy is named by host:port, without its credentials', () => {
    expect(proxyAddress('http://user:s3cret@127.0.0.1:3128')).toBe('127.0.0.1:3128');
  });
});
