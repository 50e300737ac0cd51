import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInputs } from '../../src/actions/sign-image/inputs.js';
import { run } from '../../src/actions/sign-image/run.js';
import { RegistryClient } from '../../src/image/registry/client.js';
import { listReferrers } from '../../src/image/registry/referrers.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { MemorySummary } from '../../src/runtime/summary.js';
import { flakyProxy, type FlakyProxy } from '../support/flaky-proxy.js';
import { readerFor } from '../support/reader.js';
import { describeWithServices } from '../support/services.js';
import { pushSyntheticImage, uniqueRepository } from '../support/synthetic-image.js';

describeWithServices(
  [
    'REGISTRY_AUTH',
    'REGISTRY_USER',
    'REGISTRY_PASSWORD',
    'SIGSTORE_FULCIO_URL',
    'SIGSTORE_REKOR_URL',
    'SIGSTORE_TSA_URL',
    'SIGSTORE_TRUSTED_ROOT',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  ],
  'sign-image under injected outages',
  (env) => {
    let temp: string;
    const proxies: FlakyProxy[] = [];
    beforeAll(() => {
      temp = mkdtempSync(join(tmpdir(), 'prodline-resilience-'));
    });
    afterEach(async () => {
      await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
    });
    afterAll(() => rmSync(temp, { recursive: true, force: true }));

    const proxy = async (
      target: string,
      failures: number,
      matches?: (method: string, path: string) => boolean,
    ) => {
      const started = await flakyProxy(target, failures, matches);
      proxies.push(started);
      return started;
    };

    async function sign(options: {
      /** Sign this image again instead of pushing a new one. */
      existing?: { repository: string; digest: string };
      format?: string;
      mode?: string;
      registry?: string;
      fulcio?: string;
      rekor?: string;
      tsa?: string;
      tokenUrl?: string;
      timeout?: string;
    }) {
      const login = { username: env.REGISTRY_USER, password: env.REGISTRY_PASSWORD };
      const repository = options.existing?.repository ?? uniqueRepository('flaky');
      const client = new RegistryClient({ registry: env.REGISTRY_AUTH, credentials: login, push: true });
      const digest = options.existing?.digest ?? (await pushSyntheticImage(client, repository));
      const { read } = readerFor(
        {
          mode: options.mode ?? 'sign',
          image: `${options.registry ?? env.REGISTRY_AUTH}/${repository}@${digest}`,
          format: options.format ?? 'both',
          ...(options.mode === 'verify' ? { 'certificate-identity-regexp': '^https://github.com/' } : {}),
          'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com',
          'fulcio-url': options.fulcio ?? env.SIGSTORE_FULCIO_URL,
          'rekor-url': options.rekor ?? env.SIGSTORE_REKOR_URL,
          ...(options.tsa ? { 'tsa-url': options.tsa } : {}),
          'trusted-root': env.SIGSTORE_TRUSTED_ROOT,
          'resolve-tag': 'false',
          'attest-provenance': 'false',
          'push-provenance': 'false',
          timeout: options.timeout ?? '60s',
          ...login,
        },
        {
          ACTIONS_ID_TOKEN_REQUEST_URL: options.tokenUrl ?? env.ACTIONS_ID_TOKEN_REQUEST_URL,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
          RUNNER_TEMP: temp,
        },
      );
      const logger = new MemoryLogger();
      const started = Date.now();
      try {
        const outputs = await run(parseInputs(read), { logger, summary: new MemorySummary() });
        return { outputs, logger, ms: Date.now() - started, repository, digest, client };
      } catch (error) {
        return { error: error as Error, logger, ms: Date.now() - started, repository, digest, client };
      }
    }

    test('503s from the registry, Fulcio, Rekor, the TSA and the OIDC endpoint are retried, and signing succeeds', async () => {
      const registry = await proxy(`http://${env.REGISTRY_AUTH}`, 3);
      const fulcio = await proxy(env.SIGSTORE_FULCIO_URL, 2);
      const rekor = await proxy(env.SIGSTORE_REKOR_URL, 2);
      const tsa = await proxy(env.SIGSTORE_TSA_URL, 2);
      const tokenUrl = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL);
      const oidc = await proxy(tokenUrl.origin, 2);
      const result = await sign({
        registry: registry.host,
        fulcio: fulcio.url,
        rekor: rekor.url,
        tsa: tsa.url,
        tokenUrl: `${oidc.url}${tokenUrl.pathname}${tokenUrl.search}`,
      });
      expect(result.error).toBeUndefined();
      expect(result.outputs?.verified).toBe(true);
      for (const flaky of [registry, fulcio, rekor, tsa, oidc]) {
        expect(flaky.failed).toBeGreaterThanOrEqual(2);
        expect(flaky.forwarded).toBeGreaterThan(0);
      }
      expect(result.logger.text()).toMatch(/registry: GET .* answered 503; retry 1/);
      expect(result.logger.text()).toMatch(/OIDC token endpoint: GET .* answered 503; retry 1/);
      expect(result.logger.text()).not.toContain(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    }, 60_000);

    test('a permanent Rekor outage fails within the time cap, saying what gave up', async () => {
      const rekor = await proxy(env.SIGSTORE_REKOR_URL, Infinity);
      const result = await sign({ rekor: rekor.url, timeout: '5s' });
      expect(result.error?.message).toMatch(/Rekor|time cap|TLOG/);
      expect(result.ms).toBeLessThan(6_500);
      expect(rekor.failed).toBeGreaterThan(1);
    }, 30_000);

    // @sigstore/sign retries each call 4 times (5 requests): a permanent outage costs at most that per
    // call made — one signature per format here ('both': classic and bundle) — never an open-ended loop.
    const SIGSTORE_ATTEMPTS_PER_CALL = 5;

    test('a permanent Rekor outage: the retries are counted and bounded, not only timed', async () => {
      const rekor = await proxy(env.SIGSTORE_REKOR_URL, Infinity);
      const result = await sign({ rekor: rekor.url, format: 'bundle', timeout: '30s' });
      expect(result.error?.message).toMatch(/Rekor|TLOG/);
      expect(rekor.forwarded).toBe(0);
      expect(rekor.failed).toBeGreaterThan(1);
      expect(rekor.failed).toBeLessThanOrEqual(SIGSTORE_ATTEMPTS_PER_CALL);
    }, 60_000);

    test.each([
      ['Fulcio', 'fulcio', /Fulcio|certificate authority|CA_CREATE_SIGNING_CERTIFICATE/],
      ['TSA', 'tsa', /TSA|timestamp/i],
    ] as const)(
      'a permanent %s outage fails with a message naming it, after a bounded number of tries',
      async (_name, service, named) => {
        const target = service === 'fulcio' ? env.SIGSTORE_FULCIO_URL : env.SIGSTORE_TSA_URL;
        const down = await proxy(target, Infinity);
        const result = await sign({ [service]: down.url, format: 'bundle', timeout: '30s' });
        expect(result.error?.message).toMatch(named);
        // Not mistaken for the other service, nor for a registry problem.
        expect(result.error?.message).not.toMatch(service === 'fulcio' ? /TSA|timestamp/i : /Fulcio/);
        expect(result.error?.message).not.toMatch(/registry/i);
        expect(down.failed).toBeGreaterThan(1);
        expect(down.failed).toBeLessThanOrEqual(SIGSTORE_ATTEMPTS_PER_CALL);
      },
      60_000,
    );

    test('a permanent registry outage fails within the time cap', async () => {
      const registry = await proxy(`http://${env.REGISTRY_AUTH}`, Infinity);
      const result = await sign({ registry: registry.host, timeout: '5s' });
      expect(result.error?.message).toMatch(/answered 503|time cap/);
      expect(result.ms).toBeLessThan(6_500);
    }, 30_000);

    test('a partial write (bundle stored, referrers tag not updated) is completed by the next run', async () => {
      // The tag-schema index update (PUT manifests/sha256-…) fails for the whole first run.
      const registry = await proxy(
        `http://${env.REGISTRY_AUTH}`,
        Infinity,
        (method, path) => method === 'PUT' && /\/manifests\/sha256-[0-9a-f]{64}$/.test(path),
      );
      const first = await sign({ registry: registry.host, format: 'bundle', timeout: '5s' });
      expect(first.error?.message).toMatch(/answered 503|time cap/);
      const existing = { repository: first.repository, digest: first.digest };
      expect(await listReferrers(first.client, existing.repository, existing.digest)).toEqual([]);
      const second = await sign({ existing, format: 'bundle' });
      expect(second.error).toBeUndefined();
      expect(second.outputs?.verified).toBe(true);
      expect(await listReferrers(first.client, existing.repository, existing.digest)).toHaveLength(1);
    }, 30_000);
  },
);
