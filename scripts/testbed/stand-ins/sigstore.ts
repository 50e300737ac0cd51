/**
 * The testbed's Sigstore: Fulcio, Rekor and a timestamp authority from `@sigstore/mock`, served over plain
 * HTTP on 127.0.0.1 (one port each, so every base URL looks like a real instance's), and a stand-in for
 * the GitHub Actions OIDC token endpoint whose tokens this Fulcio accepts.
 *
 *   stand-ins/sigstore.ts --ready-file F --dir D --repository owner/name
 *   env PRODLINE_OIDC_REQUEST_TOKEN: the bearer token the token endpoint demands
 *
 * Writes `D/trusted-root.json`, then `F` (a SigstoreStandIn as JSON) once everything listens.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initializeCA, initializeCTLog, initializeTLog, type HandlerFn } from '@sigstore/mock';
import { answerTokenRequest, githubOidc } from './github-oidc.js';
import { canonicalRekorHandler, githubFulcioHandler, toBuffer, wholeSecondTsa } from './sigstore-handlers.js';
import { trustedRootJson } from './sigstore-trusted-root.js';

/** What the stand-in writes to its ready file. */
export interface SigstoreStandIn {
  fulcioUrl: string;
  rekorUrl: string;
  tsaUrl: string;
  /** The Actions token endpoint URL, with `?api-version=2.0` (clients append `&audience=…`). */
  tokenUrl: string;
  /** Path of the trusted root JSON file. */
  trustedRoot: string;
  /** The certificate SAN a token from the endpoint yields: `https://github.com/<job_workflow_ref>`. */
  identity: string;
  repository: string;
}

type Routes = Record<string, HandlerFn>;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'ready-file': { type: 'string' },
      dir: { type: 'string' },
      repository: { type: 'string' },
    },
  });
  const readyFile = values['ready-file'];
  const dir = values.dir;
  const repository = values.repository;
  const requestToken = process.env.PRODLINE_OIDC_REQUEST_TOKEN;
  if (!readyFile || !dir || !repository || !/^[\w.-]+\/[\w.-]+$/.test(repository) || !requestToken)
    throw new Error(
      'usage: sigstore.ts --ready-file F --dir D --repository owner/name (with PRODLINE_OIDC_REQUEST_TOKEN set)',
    );

  // Whole seconds: Rekor's integrated times are seconds, and must not fall before the trust period.
  const since = new Date(Math.floor(Date.now() / 1000) * 1000);
  const oidc = githubOidc({
    repository,
    workflowPath: '.github/workflows/release.yml',
    ref: 'refs/heads/main',
  });
  const fulcioRoutes: Routes = {};
  const rekorRoutes: Routes = {};
  const tsaRoutes: Routes = {};
  // Listen first: Rekor signs its checkpoints with its host as origin, which verifiers match to the URL.
  const [fulcioUrl, rekorUrl, tsaUrl, tokenBase] = await Promise.all([
    listen('fulcio', (request, response) => serveHandlers(fulcioRoutes, request, response)),
    listen('rekor', (request, response) => serveHandlers(rekorRoutes, request, response)),
    listen('tsa', (request, response) => serveHandlers(tsaRoutes, request, response)),
    listen('oidc', (request, response) => {
      const { status, body } = answerTokenRequest(request, oidc, requestToken, repository.split('/')[0]);
      reply(response, status, JSON.stringify(body), 'application/json');
    }),
  ]);

  const newKeyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ctlog = await initializeCTLog(newKeyPair());
  const ca = await initializeCA(newKeyPair(), ctlog);
  const tlog = await initializeTLog(rekorUrl, newKeyPair());
  const tsa = await wholeSecondTsa(newKeyPair());
  fulcioRoutes['/api/v2/signingCert'] = githubFulcioHandler(ca, oidc);
  rekorRoutes['/api/v1/log/entries'] = canonicalRekorHandler(tlog);
  tsaRoutes['/api/v1/timestamp'] = tsa.handler;

  const trustedRoot = join(dir, 'trusted-root.json');
  const root = trustedRootJson({
    since,
    fulcioUrl,
    caRoot: toBuffer(ca.rootCertificate),
    ctlogKey: ctlog.publicKey,
    rekorUrl,
    tlogKey: tlog.publicKey,
    tsaUrl,
    tsaChain: [tsa.signingCertificate, tsa.rootCertificate],
  });
  writeFileSync(trustedRoot, `${JSON.stringify(root, null, 2)}\n`);

  const ready: SigstoreStandIn = {
    fulcioUrl,
    rekorUrl,
    tsaUrl,
    tokenUrl: `${tokenBase}${oidc.tokenPath}?api-version=2.0`,
    trustedRoot,
    identity: oidc.identity,
    repository,
  };
  writeFileSync(readyFile, JSON.stringify(ready));
  console.log(`sigstore stand-in ready: ${JSON.stringify({ ...ready, tokenUrl: tokenBase })}`);
}

/** Starts an HTTP server on an ephemeral 127.0.0.1 port; resolves with its base URL (no trailing slash). */
function listen(
  name: string,
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<string> {
  const server: Server = createServer((request, response) => {
    response.on('finish', () =>
      console.log(`${name}: ${request.method} ${request.url} ${response.statusCode}`),
    );
    try {
      handle(request, response);
    } catch (error) {
      fail(response, error);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

/** Routes `POST <path>` to a mock handler, the way `@sigstore/mock` registers them with nock. */
function serveHandlers(routes: Routes, request: IncomingMessage, response: ServerResponse): void {
  const handler = routes[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
  if (!handler)
    return reply(response, 404, JSON.stringify({ code: 404, message: 'not found' }), 'application/json');
  if (request.method !== 'POST') return reply(response, 405, 'method not allowed', 'text/plain');
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    handler(Buffer.concat(chunks).toString('utf8')).then(
      ({ statusCode, response: body, contentType }) =>
        reply(
          response,
          statusCode,
          typeof body === 'string' ? body : toBuffer(body),
          contentType ?? 'text/plain',
        ),
      (error: unknown) => fail(response, error),
    );
  });
}

function reply(response: ServerResponse, status: number, body: string | Buffer, contentType: string): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function fail(response: ServerResponse, error: unknown): void {
  console.error(error);
  if (!response.headersSent)
    reply(response, 500, JSON.stringify({ code: 500, message: String(error) }), 'application/json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
