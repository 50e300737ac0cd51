import type { ImageConfig } from './image-config.js';

/** One image policy finding. `error` findings block the push when the policy is enforced. */
export interface PolicyFinding {
  rule: 'non-root-user' | 'secret-env' | 'secret-in-history' | 'healthcheck' | 'max-layers';
  severity: 'error' | 'warning';
  message: string;
}

const SECRET_NAME = /(PASS(WORD|WD)?|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_?KEY|AUTH)/i;
/** Values that are secrets whatever their name: well-known token shapes and PEM private keys. */
const SECRET_VALUE =
  /(-----BEGIN [A-Z ]*PRIVATE KEY-----|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}|\bxox[abpr]-[A-Za-z0-9-]{10,}|\bglpat-[A-Za-z0-9_-]{20,}|\bnpm_[A-Za-z0-9]{36}\b|\bsk_live_[A-Za-z0-9]{16,})/;
/** Names of values that are not secrets even though they match SECRET_NAME. */
const HARMLESS_NAME = /(_FILE|_PATH|_DIR|_URL|_HOST|_PORT|_USER(NAME)?)$/i;

/** What the policy checks and what it knows of the build. */
export interface PolicyOptions {
  maxLayers: number;
  /** Values that must never be in the image (the BuildKit secrets given to the build). */
  knownSecrets: string[];
}

/**
 * Checks an image config against prodline's image policy: a non-root USER; no secret-looking ENV names
 * or values; no secrets in the layer history (build args are recorded there); a HEALTHCHECK (warning);
 * at most `maxLayers` layers (warning). Pure.
 */
export function checkImagePolicy(config: ImageConfig, options: PolicyOptions): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const user = (config.config?.User ?? '').trim();
  if (isRoot(user)) {
    findings.push({
      rule: 'non-root-user',
      severity: 'error',
      message: user
        ? `the image runs as ${JSON.stringify(user)}, which is root: add \`USER 10001\` (or a named non-root user) to the Dockerfile`
        : 'the image sets no USER, so it runs as root: add `USER 10001` (or a named non-root user) to the Dockerfile',
    });
  }
  for (const entry of config.config?.Env ?? []) {
    const equals = entry.indexOf('=');
    const name = equals >= 0 ? entry.slice(0, equals) : entry;
    const value = equals >= 0 ? entry.slice(equals + 1) : '';
    const known = options.knownSecrets.some((secret) => secret.length >= 4 && value.includes(secret));
    if (known || SECRET_VALUE.test(value) || (value && SECRET_NAME.test(name) && !HARMLESS_NAME.test(name))) {
      findings.push({
        rule: 'secret-env',
        severity: 'error',
        message: `ENV ${name} looks like a secret baked into the image (its value is not shown): pass it at run time (a Kubernetes Secret), not in the Dockerfile`,
      });
    }
  }
  for (const [index, step] of (config.history ?? []).entries()) {
    const reason = historySecret(step.created_by ?? '', options.knownSecrets);
    if (reason) {
      findings.push({
        rule: 'secret-in-history',
        severity: 'error',
        message: `layer history step ${index + 1} contains ${reason}: anyone who pulls the image can read it with docker history. Use the secrets input (RUN --mount=type=secret) instead of build args or ENV, and rotate the secret`,
      });
    }
  }
  const healthcheck = config.config?.Healthcheck?.Test ?? [];
  if (healthcheck.length === 0 || healthcheck[0] === 'NONE') {
    findings.push({
      rule: 'healthcheck',
      severity: 'warning',
      message:
        'the image has no HEALTHCHECK: add one so Docker (and humans) can tell a hung container from a healthy one',
    });
  }
  const layers = config.rootfs?.diff_ids?.length ?? 0;
  if (layers > options.maxLayers) {
    findings.push({
      rule: 'max-layers',
      severity: 'warning',
      message: `the image has ${layers} layers (more than ${options.maxLayers}): merge RUN steps or use a multi-stage build to keep it small and fast to pull`,
    });
  }
  return findings;
}

function isRoot(user: string): boolean {
  const name = user.split(':')[0];
  return name === '' || name === 'root' || name === '0';
}

/** Why a history step leaks a secret (never the secret itself), or undefined. */
function historySecret(createdBy: string, knownSecrets: string[]): string | undefined {
  if (knownSecrets.some((secret) => secret.length >= 4 && createdBy.includes(secret)))
    return 'the value of a build secret';
  if (SECRET_VALUE.test(createdBy)) return 'a value shaped like a token or private key';
  // Build args show as `|2 NAME=value OTHER=value /bin/sh -c …`; ENV as `ENV NAME=value`.
  for (const match of createdBy.matchAll(/(?:^\|\d+\s+|\s|ENV\s+)([A-Za-z_][A-Za-z0-9_]*)=(\S+)/g)) {
    if (SECRET_NAME.test(match[1]) && !HARMLESS_NAME.test(match[1]))
      return `the build argument or ENV ${match[1]}`;
  }
  return undefined;
}
