import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { allTags, imageLabels } from '../../docker/tags.js';
import { DockerCli, DockerUnavailable } from '../../docker/docker-cli.js';
import { checkImagePolicy, type PolicyFinding } from '../../image/policy.js';
import { repositoryName } from '../../image/reference.js';
import { spawnRunner } from '../../runtime/command-runner.js';
import { ActionFailure, ConfigurationError, describe, FailureWithOutputs } from '../../runtime/errors.js';
import type { ActionContext } from '../../runtime/run-action.js';
import { evaluateGate } from '../../scan/gate.js';
import { writeCombinedReport } from '../../scan/combined-report.js';
import {
  applyIgnoreRules,
  findIgnoreFile,
  parseIgnoreFile,
  type IgnoreRule,
} from '../../scan/ignore-rules.js';
import { mergeReports, type ScanReport } from '../../scan/report.js';
import { toSarif } from '../../scan/sarif.js';
import { scanSummary } from '../../scan/summary-table.js';
import { unpackImage } from '../../image/unpack-image.js';
import { buildImage, saveImage, testImage } from './build-step.js';
import type { BuildAndScanInputs } from './inputs.js';
import type { BuildAndScanOutputs } from './types.js';
import { pushImage } from './push-step.js';
import { stageArchive } from '../../image/push-archive.js';
import { resolveTrivy, scanImage, startConfigScan } from './scan-step.js';

/**
 * The pipeline behind `run`: build → test in the image → scan → gate → image policy → push by digest. Nothing is pushed unless the
 * tests, the gate and an enforced policy all passed; a failed gate still gives every output.
 */
export async function pipeline(
  inputs: BuildAndScanInputs,
  context: ActionContext,
): Promise<BuildAndScanOutputs> {
  const { logger } = context;
  const now = new Date();
  const dockerfile = inputs.dockerfile ?? join(inputs.context, 'Dockerfile');
  const rules = await preflight(inputs, dockerfile);
  const repo = repositoryName(inputs.image);
  const tags = allTags(inputs.tags, inputs.github);
  const base = inputs.github.tempDir ?? tmpdir();
  mkdirSync(base, { recursive: true });
  const outDir = mkdtempSync(join(base, 'prodline-build-and-scan-'));
  const work = mkdtempSync(join(base, 'prodline-work-'));
  const runner = spawnRunner;
  const docker = new DockerCli(inputs.dockerPath ?? 'docker', runner, {});
  // The Dockerfile scan starts ahead, beside the build; a step that fails first stops it, or the process
  // would wait for a Trivy whose result nobody reads.
  const ahead = new AbortController();
  try {
    const trivy = resolveTrivy(inputs, runner, logger);
    const configScan = inputs.scanners.includes('misconfig')
      ? startConfigScan(trivy, dockerfile, work, inputs.scanTimeoutMs, ahead.signal)
      : undefined;
    // Settled either way: a build failure must not leave an unhandled rejection behind.
    void trivy.catch(() => undefined);
    void configScan?.catch(() => undefined);

    const labels = imageLabels(inputs.github, repo, now, inputs.labels);
    const image = await buildImage(
      inputs,
      docker,
      dockerfile,
      tags.map((tag) => `${repo}:${tag}`),
      labels,
      work,
      logger,
    ).catch((error: unknown) => {
      throw error instanceof DockerUnavailable
        ? new ActionFailure(
            `Docker is not usable: ${error.message}. Is the Docker engine running, and is docker-path right?`,
          )
        : error;
    });
    logger.info(`built ${image.id} in ${seconds(now)}`);
    // The tests run beside the save and the scan (they cannot change the image), and the layers are
    // compressed while Trivy works: only the upload waits for the gate. Nothing leaves the machine before
    // the tests, the gate and the policy have all passed.
    const testing = inputs.testCommand
      ? testImage(docker, image, inputs.testCommand, logger)
      : Promise.resolve();
    void testing.catch(() => undefined);
    const tar = await saveImage(docker, image, work);
    const scanStarted = new Date();
    const scanning = scanImage(inputs, await trivy, tar, work, now, logger);
    void scanning.catch(() => undefined);
    const archive = await unpackImage(runner, tar, work);
    const policy =
      inputs.policy === 'off'
        ? []
        : checkImagePolicy(archive.config, {
            maxLayers: inputs.maxLayers,
            knownSecrets: Object.values(inputs.secrets),
          });
    const staging = inputs.push ? stageArchive(archive, work) : undefined;
    void staging?.catch(() => undefined);

    // A failed test wins over the scan's result, but the scan is let finish first so no Trivy process
    // outlives the step.
    const [tested] = await Promise.allSettled([testing, scanning]);
    if (tested.status === 'rejected') throw tested.reason;
    const imageScan = await scanning;
    const reports: ScanReport[] = [imageScan.report];
    if (configScan) reports.push(await configScan);
    const reportFile = join(outDir, 'trivy-report.json');
    writeCombinedReport(reportFile, imageScan.raw, configScan ? join(work, 'trivy-config.json') : undefined);
    logger.info(`scanned in ${seconds(scanStarted)}`);
    const merged = mergeReports(reports);
    const ignored = applyIgnoreRules(merged.findings, rules, now);
    const gate = evaluateGate(ignored.kept, {
      threshold: inputs.severityThreshold,
      ignoreUnfixed: inputs.ignoreUnfixed,
      reportSeverities: inputs.reportSeverities,
    });
    const dockerfileInRepo = relative(process.cwd(), dockerfile) || basename(dockerfile);
    const sarifFile = join(outDir, 'trivy.sarif');
    writeFileSync(sarifFile, toSarif(gate.reported, { dockerfile: dockerfileInRepo, image: repo }));
    for (const finding of gate.reported.filter((f) => f.kind === 'misconfiguration'))
      logger.warning(`${finding.id} ${finding.title}${finding.resolution ? `: ${finding.resolution}` : ''}`, {
        file: dockerfileInRepo,
        startLine: finding.line,
        title: `Dockerfile ${finding.severity}`,
      });
    for (const finding of policy)
      (finding.severity === 'error' && inputs.policy === 'enforce' ? logger.error : logger.warning).call(
        logger,
        `image policy ${finding.rule}: ${finding.message}`,
      );
    for (const rule of ignored.expired)
      logger.warning(
        `the ignore entry ${rule.id} expired on ${rule.expiresAt?.toISOString().slice(0, 10)} and no longer hides anything`,
      );

    const blockers = whyNotPushed(gate.passed, inputs, policy);
    let pushed: { digest: string; tags: string[] } | undefined;
    if (staging && blockers.length === 0) {
      pushed = await pushImage(inputs, await staging, tags, runner);
      logger.info(`pushed ${repo}@${pushed.digest}`);
    }
    const reference = pushed ? `${repo}@${pushed.digest}` : undefined;
    context.summary.append(
      scanSummary({
        image: repo,
        gate,
        threshold: inputs.severityThreshold,
        policy,
        policyMode: inputs.policy,
        ignoredCount: ignored.ignored.length,
        expiredIgnores: ignored.expired,
        pushed: reference ? { reference, tags } : undefined,
        notPushed: reference ? undefined : blockers.length > 0 ? blockers.join('; ') : 'push is false.',
      }),
    );
    const outputs: BuildAndScanOutputs = {
      image: reference,
      digest: pushed?.digest,
      tags,
      'report-file': reportFile,
      'sarif-file': sarifFile,
      critical: gate.counts.CRITICAL,
      high: gate.counts.HIGH,
      medium: gate.counts.MEDIUM,
      low: gate.counts.LOW,
      unknown: gate.counts.UNKNOWN,
      fixable: gate.fixable,
      gate: gate.passed ? 'passed' : 'failed',
      'policy-findings': policy,
    };
    if (blockers.length > 0) throw new FailureWithOutputs(`${blockers.join('; ')}`, outputs);
    return outputs;
  } finally {
    ahead.abort();
    rmSync(work, { recursive: true, force: true });
  }
}

function seconds(since: Date): string {
  return `${((Date.now() - since.getTime()) / 1000).toFixed(1)} s`;
}

/** Why the image must not be pushed (empty when it may), each reason written for the person on call. */
function whyNotPushed(gatePassed: boolean, inputs: BuildAndScanInputs, policy: PolicyFinding[]): string[] {
  const reasons: string[] = [];
  if (!gatePassed)
    reasons.push(
      `the scan gate failed: findings at or above ${inputs.severityThreshold} (see the job summary and report-file); upgrade the packages listed with a fix, or raise severity-threshold / add an expiring ignore entry with a reason`,
    );
  const errors = policy.filter((finding) => finding.severity === 'error');
  if (inputs.policy === 'enforce' && errors.length > 0)
    reasons.push(
      `the image policy failed (${errors.map((e) => e.rule).join(', ')}); fix the Dockerfile, or set policy: warn while you do`,
    );
  return reasons;
}

/** Checks every file input before any docker call, so a typo fails in a fraction of a second. */
async function preflight(inputs: BuildAndScanInputs, dockerfile: string): Promise<IgnoreRule[]> {
  if (!existsSync(inputs.context) || !statSync(inputs.context).isDirectory())
    throw new ConfigurationError(
      'context',
      `the directory ${describe(inputs.context)} does not exist`,
      'the build context directory',
    );
  if (!existsSync(dockerfile))
    throw new ConfigurationError(
      'dockerfile',
      `there is no Dockerfile at ${describe(dockerfile)}`,
      'the path of an existing Dockerfile (default: <context>/Dockerfile)',
    );
  if (inputs.registryCa && !existsSync(inputs.registryCa))
    throw new ConfigurationError(
      'registry-ca',
      `there is no file at ${describe(inputs.registryCa)}`,
      'the path of a PEM CA certificate',
    );
  const ignoreFile = findIgnoreFile(inputs.context, inputs.ignoreFile);
  if (!ignoreFile) return [];
  if (!existsSync(ignoreFile))
    throw new ConfigurationError(
      'ignore-file',
      `there is no file at ${describe(ignoreFile)}`,
      'a .trivyignore or .trivyignore.yaml file',
    );
  try {
    return await parseIgnoreFile(ignoreFile, readFileSync(ignoreFile, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(
      'ignore-file',
      error instanceof Error ? error.message : String(error),
      'a .trivyignore (ID per line, optional exp:YYYY-MM-DD) or .trivyignore.yaml',
    );
  }
}
