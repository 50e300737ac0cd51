import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { httpReady, waitFor } from '../process.js';
import type { ServiceContext, TestbedService } from '../service.js';

const execFileAsync = promisify(execFile);

/** How long Prometheus may take to land its first scrape (a fixed ~5 s discovery delay, then 1 s). */
const FIRST_SCRAPE_TIMEOUT_MS = 30_000;

/**
 * Debian's Prometheus (2.42) scraping the testbed's metrics exporter every second and sending alerts to
 * Debian's Alertmanager (0.25). Rule files dropped into `PROMETHEUS_RULES_DIR` load on `POST /-/reload`.
 * Ready once the first scrape of the exporter has landed (`up{job="exporter"} == 1`) and Prometheus
 * has discovered Alertmanager. Every wait is asynchronous, so other services start meanwhile.
 */
export const prometheusService: TestbedService = {
  name: 'prometheus',
  debianPackages: ['prometheus', 'prometheus-alertmanager'],
  async start(context) {
    const [exporterPort, alertmanagerPort, prometheusPort] = await distinctPorts(context, 3);
    const exporterUrl = `http://127.0.0.1:${exporterPort}`;
    const alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    const rulesDir = join(context.dir, 'rules');
    mkdirSync(rulesDir, { recursive: true });
    const promtool = findOnPath('promtool');
    const prometheusConfig = join(context.dir, 'prometheus.yml');
    writeFileSync(prometheusConfig, prometheusYaml(exporterPort, alertmanagerPort, rulesDir));
    const begin = Date.now();

    // Prometheus starts at once, next to the exporter, so its discovery delay overlaps the others' start.
    const [, exporter] = await Promise.all([
      checkPromtool(promtool, prometheusConfig),
      context.standIn<{ url: string }>('metrics-exporter', 'scripts/testbed/stand-ins/metrics-exporter.ts', [
        '--port',
        String(exporterPort),
      ]),
      startAlertmanager(context, alertmanagerPort),
      startPrometheus(context, prometheusPort, prometheusConfig),
    ]);
    if (exporter.url !== exporterUrl)
      throw new Error(`metrics exporter listens on ${exporter.url}, expected ${exporterUrl}`);
    context.log(`exporter, Alertmanager and Prometheus up after ${Date.now() - begin} ms`);

    const logFile = join(context.dir, 'prometheus.log');
    await waitFor(
      `Prometheus's first scrape of the exporter (up{job="exporter"} == 1)`,
      () => firstScrapeDone(prometheusUrl),
      FIRST_SCRAPE_TIMEOUT_MS,
      logFile,
    );
    await waitFor(
      `Prometheus to discover Alertmanager at ${alertmanagerUrl}`,
      () => alertmanagerDiscovered(prometheusUrl),
      FIRST_SCRAPE_TIMEOUT_MS,
      logFile,
    );
    context.log(`first scrape landed after ${Date.now() - begin} ms`);
    return {
      PROMETHEUS_URL: prometheusUrl,
      ALERTMANAGER_URL: alertmanagerUrl,
      METRICS_EXPORTER_URL: exporterUrl,
      PROMETHEUS_RULES_DIR: rulesDir,
      PROMTOOL_PATH: promtool,
    };
  },
};

/** The Prometheus config: 1 s scrapes and rule evaluation, alerts to the local Alertmanager. */
export function prometheusYaml(exporterPort: number, alertmanagerPort: number, rulesDir: string): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'alerting:',
    '  alertmanagers:',
    `    - static_configs: [{targets: ['127.0.0.1:${alertmanagerPort}']}]`,
    'rule_files:',
    `  - ${JSON.stringify(join(rulesDir, '*.yml'))}`,
    `  - ${JSON.stringify(join(rulesDir, '*.yaml'))}`,
    'scrape_configs:',
    '  - job_name: exporter',
    `    static_configs: [{targets: ['127.0.0.1:${exporterPort}']}]`,
    '',
  ].join('\n');
}

/** Alertmanager config: everything to a receiver that sends nothing; short waits so alerts list fast. */
const ALERTMANAGER_YAML = [
  'route:',
  '  receiver: blackhole',
  "  group_by: ['alertname', 'service']",
  '  group_wait: 1s',
  '  group_interval: 1s',
  '  repeat_interval: 1h',
  'receivers:',
  '  - name: blackhole',
  '',
].join('\n');

async function startAlertmanager(context: ServiceContext, port: number): Promise<void> {
  const config = join(context.dir, 'alertmanager.yml');
  writeFileSync(config, ALERTMANAGER_YAML);
  const url = `http://127.0.0.1:${port}`;
  const { logFile } = context.daemon('alertmanager', 'prometheus-alertmanager', [
    `--config.file=${config}`,
    `--storage.path=${join(context.dir, 'alertmanager-data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--web.external-url=${url}`,
    // Empty: no cluster gossip, which would listen on 0.0.0.0 and hold start-up for 5 s.
    '--cluster.listen-address=',
  ]);
  await waitFor(
    `Alertmanager on ${url}`,
    () => httpReady(`${url}/-/ready`, (s) => s === 200),
    15_000,
    logFile,
  );
}

async function startPrometheus(context: ServiceContext, port: number, config: string): Promise<void> {
  const url = `http://127.0.0.1:${port}`;
  const { logFile } = context.daemon('prometheus', 'prometheus', [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(context.dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // Lifecycle endpoints give POST /-/reload, which rule files dropped in later rely on.
    '--web.enable-lifecycle',
    `--web.external-url=${url}`,
  ]);
  await waitFor(`Prometheus on ${url}`, () => httpReady(`${url}/-/ready`, (s) => s === 200), 15_000, logFile);
}

/** `promtool` must run (rule tests use it) and must accept the config we wrote. */
async function checkPromtool(promtool: string, config: string): Promise<void> {
  try {
    await execFileAsync(promtool, ['check', 'config', config], { timeout: 15_000 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool check config ${config} failed: ${String(error)}\n${stdout}${stderr}`, {
      cause: error,
    });
  }
}

async function firstScrapeDone(prometheusUrl: string): Promise<true | undefined> {
  const query = encodeURIComponent('up{job="exporter"} == 1');
  const response = await httpReady(`${prometheusUrl}/api/v1/query?query=${query}`, (s) => s === 200);
  const body = (await response?.json()) as { data?: { result?: unknown[] } } | undefined;
  return (body?.data?.result?.length ?? 0) > 0 ? true : undefined;
}

async function alertmanagerDiscovered(prometheusUrl: string): Promise<true | undefined> {
  const response = await httpReady(`${prometheusUrl}/api/v1/alertmanagers`, (s) => s === 200);
  const body = (await response?.json()) as { data?: { activeAlertmanagers?: unknown[] } } | undefined;
  return (body?.data?.activeAlertmanagers?.length ?? 0) > 0 ? true : undefined;
}

/** Free ports, all different (the kernel may hand the same one out twice once it is released). */
async function distinctPorts(context: ServiceContext, count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await context.freePort());
  return [...ports];
}

function findOnPath(command: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not in this directory */
    }
  }
  throw new Error(`${command} is not on PATH; it comes with the Debian package 'prometheus'`);
}
