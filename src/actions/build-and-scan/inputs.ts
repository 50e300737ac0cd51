import { commandWords } from '../../docker/command-words.js';
import { parseRepository, type ImageReference } from '../../image/reference.js';
import { ConfigurationError } from '../../runtime/errors.js';
import { describe } from '../../runtime/input-reader.js';
import { readGitHubContext, type GitHubContext } from '../../runtime/github-context.js';
import type { InputReader } from '../../runtime/input-reader.js';
import { parseSeverity, parseSeverityList, type Severity } from '../../scan/severity.js';
import {
  parseKeyValue,
  parsePolicyMode,
  parseTrivyVersion,
  readRegistryCredentials,
  readSecretKeyValues,
  type PolicyMode,
} from '../shared-inputs.js';

export const SCANNERS = ['vuln', 'secret', 'misconfig'] as const;
export type Scanner = (typeof SCANNERS)[number];

/** Everything build-and-scan needs, validated; names follow action.yml. */
export interface BuildAndScanInputs {
  /** Build context directory. */
  context: string;
  /** Dockerfile path; undefined means `<context>/Dockerfile`. */
  dockerfile?: string;
  /** Repository the image is tagged and pushed as (no tag, no digest). */
  image: ImageReference;
  /** Explicit tags; generated ones (commit SHA, branch, semver) are added at run time. */
  tags: string[];
  /** Build arguments `KEY=value` (never for secrets: they leak into the image history). */
  buildArgs: Record<string, string>;
  /** BuildKit secrets `id=value` (masked; mounted at build time, never stored in a layer). */
  secrets: Record<string, string>;
  /** Extra OCI labels `key=value`; the standard ones (source, revision, created, title) are filled in. */
  labels: Record<string, string>;
  platforms: string[];
  target?: string;
  cacheFrom: string[];
  cacheTo: string[];
  push: boolean;
  /** Command run inside the built image (`docker run --rm --network none`) before scanning, as words. */
  testCommand?: string[];
  /** Network for RUN steps during the build (`docker build --network`). */
  buildNetwork?: string;
  /** PEM file of a CA trusted for the registry (besides the system and Docker certs.d ones). */
  registryCa?: string;
  /** Docker CLI to use; found on PATH when undefined. */
  dockerPath?: string;
  /** Trivy binary to use; found on PATH or installed (pinned, checksummed) when undefined. */
  trivyPath?: string;
  trivyVersion: string;
  /** Trivy DB mirrors, tried in order on 429/5xx. */
  dbRepositories: string[];
  scanners: Scanner[];
  /** `.trivyignore` or `.trivyignore.yaml` file. */
  ignoreFile?: string;
  /** Findings at or above this severity fail the gate. */
  severityThreshold: Severity;
  ignoreUnfixed: boolean;
  /** Severities shown in the report, SARIF and summary (independent of the gate). */
  reportSeverities: Severity[];
  policy: PolicyMode;
  maxLayers: number;
  scanTimeoutMs: number;
  username?: string;
  password?: string;
  github: GitHubContext;
  /** The runner's environment that the action needs, read here so nothing else touches process.env. */
  runtime: {
    /** PATH, to find `trivy` and `docker`. */
    path?: string;
    /** The Docker client config directory a login step wrote into. */
    dockerConfigDir: string;
    /** True when the GitHub Actions cache service is reachable (the Trivy DB is cached there). */
    actionsCache: boolean;
  };
}

const TAG = /^[\w][\w.-]{0,127}$/;

/** Reads and validates every build-and-scan input before any docker, trivy or registry call. */
export function parseInputs(read: InputReader): BuildAndScanInputs {
  const github = readGitHubContext(read);
  const inputs: BuildAndScanInputs = {
    context: read.requiredString('context'),
    dockerfile: read.string('dockerfile'),
    image: read.requiredCustom('image', parseRepository, 'a repository such as ghcr.io/org/app'),
    tags: read.list('tags').map((tag) => {
      if (!TAG.test(tag))
        throw new ConfigurationError(
          'tags',
          `${describe(tag)} is not a valid image tag`,
          'tags of letters, digits, _ . - (up to 128, not starting with . or -)',
        );
      return tag;
    }),
    buildArgs: parseKeyValue('build-args', read.multiline('build-args')),
    secrets: readSecretKeyValues(read, 'secrets'),
    labels: parseKeyValue('labels', read.multiline('labels')),
    platforms: read.list('platforms'),
    target: read.string('target'),
    cacheFrom: read.multiline('cache-from'),
    cacheTo: read.multiline('cache-to'),
    push: read.boolean('push'),
    testCommand: read.custom('test-command', commandWords),
    buildNetwork: read.string('build-network'),
    registryCa: read.string('registry-ca'),
    dockerPath: read.string('docker-path'),
    trivyPath: read.string('trivy-path'),
    trivyVersion: read.requiredCustom('trivy-version', parseTrivyVersion, 'a Trivy version such as 0.56.2'),
    dbRepositories: read.list('db-repository'),
    scanners: read.list('scanners').map((scanner) => {
      if (!(SCANNERS as readonly string[]).includes(scanner)) {
        throw new ConfigurationError(
          'scanners',
          `"${scanner}" is not a Trivy scanner prodline runs`,
          `a list of ${SCANNERS.join(', ')}`,
        );
      }
      return scanner as Scanner;
    }),
    ignoreFile: read.string('ignore-file'),
    severityThreshold: read.requiredCustom('severity-threshold', parseSeverity, 'a severity such as HIGH'),
    ignoreUnfixed: read.boolean('ignore-unfixed'),
    reportSeverities: read.requiredCustom(
      'report-severities',
      parseSeverityList,
      'a list such as CRITICAL,HIGH,MEDIUM',
    ),
    policy: read.requiredCustom('policy', parsePolicyMode, 'enforce, warn or off'),
    maxLayers: read.integer('max-layers', { min: 1, max: 127 }),
    scanTimeoutMs: read.duration('scan-timeout', { min: 10_000, max: 6 * 3_600_000 }),
    ...readRegistryCredentials(read),
    github,
    runtime: {
      path: read.env('PATH'),
      dockerConfigDir: read.env('DOCKER_CONFIG') ?? `${read.env('HOME') ?? '/root'}/.docker`,
      actionsCache: github.actionsCache === true,
    },
  };
  if (inputs.scanners.length === 0)
    throw new ConfigurationError('scanners', 'the list is empty', `a list of ${SCANNERS.join(', ')}`);
  if (inputs.testCommand && inputs.testCommand.length === 0)
    throw new ConfigurationError('test-command', 'the command has no words', 'a command such as npm test');
  if (inputs.dbRepositories.length === 0)
    throw new ConfigurationError(
      'db-repository',
      'the list is empty',
      'one or more OCI repositories holding the Trivy DB',
    );
  return inputs;
}
