import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { getProxyUrl } from '@actions/http-client';
import { startGitHubApi, type GitHubStandIn } from '../../scripts/testbed/stand-ins/github-api.js';
import { startSlack, type SlackStandIn } from '../../scripts/testbed/stand-ins/slack.js';
import { byName } from '../../scripts/testbed/host-names.js';
import { curl, ProxyLog } from '../support/proxy.js';
import { describeWithServices } from '../support/services.js';

// The proxy suite's ground: the testbed's tinyproxies, the service names and the certificates, proven
// with curl (a client independent of prodline), so this passes whatever state prodline's HTTP layer is in.
describeWithServices(
  [
    'PROXY_URL',
    'PROXY_LOG',
    'PROXY_AUTH_URL',
    'PROXY_AUTH_ADDRESS',
    'PROXY_AUTH_PASSWORD',
    'PROXY_AUTH_LOG',
    'PROXY_REFUSING_URL',
    'PROXY_REFUSING_LOG',
    'PROXY_NAME_REGISTRY',
    'PROXY_NAME_SIGSTORE',
    'PROXY_NAME_OIDC',
    'PROXY_NAME_SLACK',
    'PROXY_NAME_GITHUB',
    'REGISTRY_TLS_BY_NAME',
    'REGISTRY_CA',
    'SIGSTORE_FULCIO_URL_BY_NAME',
    'SIGSTORE_REKOR_URL_BY_NAME',
    'SIGSTORE_TSA_URL_BY_NAME',
    'ACTIONS_ID_TOKEN_REQUEST_URL_BY_NAME',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  ],
  'testbed proxy service and names',
  (env) => {
    const open = new ProxyLog(env.PROXY_LOG);
    const auth = new ProxyLog(env.PROXY_AUTH_LOG);
    const refusing = new ProxyLog(env.PROXY_REFUSING_LOG);
    const names = [
      env.PROXY_NAME_REGISTRY,
      env.PROXY_NAME_SIGSTORE,
      env.PROXY_NAME_OIDC,
      env.PROXY_NAME_SLACK,
      env.PROXY_NAME_GITHUB,
    ];
    const registryV2 = `https://${env.REGISTRY_TLS_BY_NAME}/v2/`;
    let slack: SlackStandIn;
    let github: GitHubStandIn;
    let slackByName = '';
    let githubByName = '';

    beforeAll(async () => {
      [slack, github] = await Promise.all([startSlack({ token: 'xoxb-proxy-test' }), startGitHubApi()]);
      slackByName = byName(slack.url, env.PROXY_NAME_SLACK);
      githubByName = byName(github.url, env.PROXY_NAME_GITHUB);
    });
    afterAll(async () => {
      await Promise.all([slack?.close(), github?.close()]);
    });

    test('every service name resolves to 127.0.0.1 (and only there)', async () => {
      for (const name of names) {
        const addresses = await lookup(name, { all: true });
        expect({ name, addresses: addresses.map((a) => a.address) }).toEqual({
          name,
          addresses: ['127.0.0.1'],
        });
      }
    });

    test('@actions/http-client does not take the names for loopback: it would send them to the proxy', () => {
      const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
      process.env.HTTPS_PROXY = env.PROXY_URL;
      delete process.env.NO_PROXY;
      try {
        for (const name of names) expect(getProxyUrl(`https://${name}:443/`)).toBe(`${env.PROXY_URL}/`);
        // …while 127.0.0.1 always bypasses it, which is why the suite needs the names.
        expect(getProxyUrl('https://127.0.0.1:443/')).toBe('');
      } finally {
        for (const [key, value] of Object.entries(saved))
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
      }
    });

    test('without a proxy, every stand-in answers by name (TLS registry verified against its CA)', async () => {
      const registry = await curl(registryV2, { ca: env.REGISTRY_CA });
      expect(registry).toMatchObject({ exitCode: 0, status: 401 });
      for (const url of [
        env.SIGSTORE_FULCIO_URL_BY_NAME,
        env.SIGSTORE_REKOR_URL_BY_NAME,
        env.SIGSTORE_TSA_URL_BY_NAME,
      ])
        expect({ url, ...(await curl(url)) }).toMatchObject({ url, exitCode: 0, status: 404 });
      const token = await curl(`${env.ACTIONS_ID_TOKEN_REQUEST_URL_BY_NAME}&audience=sigstore`, {
        headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
      });
      expect(token.status).toBe(200);
      expect(JSON.parse(token.body)).toHaveProperty('value');
      const slackAnswer = await curl(`${slackByName}/api/chat.postMessage`, { method: 'POST' });
      expect(slackAnswer.status).toBe(200);
      expect(slack.requests.at(-1)?.route).toBe('chat.postMessage');
      const before = github.requests.length;
      await curl(`${githubByName}/repos/acme/web/deployments`);
      expect(github.requests.length).toBe(before + 1);
    });

    test('the open proxy tunnels TLS (CONNECT to an ephemeral port) and forwards plain HTTP; its log names each host', async () => {
      const mark = open.mark();
      const registry = await curl(registryV2, { proxy: env.PROXY_URL, ca: env.REGISTRY_CA });
      expect(registry).toMatchObject({ exitCode: 0, status: 401, connectStatus: 200 });
      expect((await curl(env.SIGSTORE_FULCIO_URL_BY_NAME, { proxy: env.PROXY_URL })).status).toBe(404);
      const token = await curl(`${env.ACTIONS_ID_TOKEN_REQUEST_URL_BY_NAME}&audience=sigstore`, {
        proxy: env.PROXY_URL,
        headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
      });
      expect(token.status).toBe(200);
      expect(
        (await curl(`${slackByName}/api/chat.postMessage`, { proxy: env.PROXY_URL, method: 'POST' })).status,
      ).toBe(200);
      const seen = await open.waitForHosts(
        mark,
        names.filter((n) => n !== env.PROXY_NAME_GITHUB),
      );
      expect(seen.has(env.PROXY_NAME_GITHUB)).toBe(false);
    });

    test('the authenticating proxy answers 407 without credentials and tunnels with them; its log never holds the password', async () => {
      const mark = auth.mark();
      const without = await curl(registryV2, {
        proxy: `http://${env.PROXY_AUTH_ADDRESS}`,
        ca: env.REGISTRY_CA,
      });
      expect(without.connectStatus).toBe(407);
      expect(without.status).not.toBe(401);
      const wrong = await curl(env.SIGSTORE_FULCIO_URL_BY_NAME, {
        proxy: env.PROXY_AUTH_URL.replace(env.PROXY_AUTH_PASSWORD, `${env.PROXY_AUTH_PASSWORD}-wrong`),
      });
      expect([401, 407]).toContain(wrong.status);
      expect(auth.hostsSince(mark).size).toBe(0);
      const withCredentials = await curl(registryV2, { proxy: env.PROXY_AUTH_URL, ca: env.REGISTRY_CA });
      expect(withCredentials).toMatchObject({ exitCode: 0, status: 401, connectStatus: 200 });
      await auth.waitForHosts(mark, [env.PROXY_NAME_REGISTRY]);
      expect(readFileSync(env.PROXY_AUTH_LOG, 'utf8')).not.toContain(env.PROXY_AUTH_PASSWORD);
    });

    test("the refusing proxy refuses with tinyproxy's own 403, for CONNECT and plain HTTP alike, and connects to nothing", async () => {
      const mark = refusing.mark();
      const tunnel = await curl(registryV2, { proxy: env.PROXY_REFUSING_URL, ca: env.REGISTRY_CA });
      expect(tunnel.connectStatus).toBe(403);
      expect(tunnel.exitCode).not.toBe(0);
      const plain = await curl(env.SIGSTORE_FULCIO_URL_BY_NAME, { proxy: env.PROXY_REFUSING_URL });
      expect(plain.status).toBe(403);
      expect(plain.body).toMatch(/tinyproxy/i);
      expect(refusing.since(mark)).toMatch(/Unauthorized connection from "127\.0\.0\.1"/);
      expect(refusing.hostsSince(mark).size).toBe(0);
    });
  },
);
