export const id = 834;
export const ids = [834];
export const modules = {

/***/ 7834:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pipeline: () => (/* binding */ pipeline)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/docker/tags.ts
const TAG_UNSAFE = /[^\w.-]+/g;
/** A git ref or name made into a valid image tag (`feature/x` → `feature-x`), at most 128 characters. */
function sanitiseTag(text) {
    const tag = text
        .replace(TAG_UNSAFE, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 128);
    return tag;
}
const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
/**
 * The tags generated from the run's context, as docker/metadata-action does by default: `sha-<7>` for
 * the commit, the branch name for a branch, and for a tag ref `1.2.3`, `1.2`, `1` (a pre-release gets
 * only its full version; a 0.x release no bare major).
 */
function generatedTags(github) {
    const tags = [];
    if (github.sha && /^[0-9a-f]{7,}$/.test(github.sha))
        tags.push(`sha-${github.sha.slice(0, 7)}`);
    const ref = github.ref ?? '';
    if (ref.startsWith('refs/heads/')) {
        const branch = sanitiseTag(ref.slice('refs/heads/'.length));
        if (branch)
            tags.push(branch);
    }
    else if (ref.startsWith('refs/tags/')) {
        const name = ref.slice('refs/tags/'.length);
        const semver = SEMVER.exec(name);
        if (semver) {
            const [, major, minor, patch, pre] = semver;
            tags.push(pre ? sanitiseTag(`${major}.${minor}.${patch}-${pre}`) : `${major}.${minor}.${patch}`);
            if (!pre) {
                tags.push(`${major}.${minor}`);
                if (major !== '0')
                    tags.push(major);
            }
        }
        else if (sanitiseTag(name)) {
            tags.push(sanitiseTag(name));
        }
    }
    return tags;
}
/** Explicit tags first, then generated ones, without duplicates. */
function allTags(explicit, github) {
    return [...new Set([...explicit, ...generatedTags(github)])];
}
/**
 * The standard OCI labels filled from the run (source, revision, created, title), then the user's
 * labels, which win.
 */
function imageLabels(github, repository, now, extra) {
    const labels = {
        'org.opencontainers.image.created': now.toISOString(),
        'org.opencontainers.image.title': (github.repository ?? repository).split('/').pop() ?? repository,
    };
    if (github.repository)
        labels['org.opencontainers.image.source'] = `${github.serverUrl}/${github.repository}`;
    if (github.sha)
        labels['org.opencontainers.image.revision'] = github.sha;
    return { ...labels, ...extra };
}

// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
;// CONCATENATED MODULE: ./src/docker/docker-cli.ts

/**
 * The docker CLI, by path. Every verb goes through `exec`, one small seam; output parsers are the pure
 * functions below.
 */
class DockerCli {
    binary;
    runner;
    env;
    constructor(binary, runner, 
    /** Variables docker runs with besides the inherited ones. */
    env) {
        this.binary = binary;
        this.runner = runner;
        this.env = env;
    }
    /** Runs `docker <args>` with extra environment. */
    exec(args, options = {}) {
        return this.runner.run(this.binary, args, {
            env: { ...this.env, ...options.env },
            onLine: options.onLine,
            timeoutMs: options.timeoutMs,
        });
    }
    /**
     * buildx when the plugin answers; otherwise the engine's built-in BuildKit for clients before 23.0
     * (which still have it), else the classic builder (newer clients without buildx fail with BuildKit).
     */
    async detectBuilder() {
        const [buildx, version] = await Promise.all([
            this.exec(['buildx', 'inspect']),
            this.exec(['version', '--format', '{{.Client.Version}}']),
        ]);
        const clientVersion = version.exitCode === 0 ? version.stdout.trim() : undefined;
        if (buildx.exitCode === 0) {
            return { kind: 'buildx', canExportCache: parseBuildxDriver(buildx.stdout) !== 'docker', clientVersion };
        }
        if (version.exitCode !== 0) {
            throw new DockerUnavailable(this.binary, version);
        }
        return {
            kind: hasBuiltInBuildKit(clientVersion) ? 'buildkit' : 'classic',
            canExportCache: false,
            clientVersion,
        };
    }
}
/** The docker CLI could not be run or could not reach an engine. */
class DockerUnavailable extends errors/* ActionFailure */.dR {
    binary;
    result;
    constructor(binary, result) {
        super(`${(0,errors/* shorten */.ml)(binary, 200)} version failed (exit ${result.exitCode}): ${(0,errors/* shorten */.ml)(result.stderr.trim().split('\n').slice(-3).join(' '), 500)}`);
        this.binary = binary;
        this.result = result;
    }
}
/** The driver line of `docker buildx inspect` (`Driver: docker-container`). */
function parseBuildxDriver(text) {
    return /^Driver:\s*(\S+)/m.exec(text)?.[1];
}
/** Docker clients before 23.0 build with BuildKit themselves when DOCKER_BUILDKIT=1; later ones need buildx. */
function hasBuiltInBuildKit(clientVersion) {
    const major = Number(/^(\d+)\./.exec(clientVersion ?? '')?.[1]);
    return Number.isFinite(major) && major > 0 && major < 23;
}

;// CONCATENATED MODULE: ./src/image/policy.ts
const SECRET_NAME = /(PASS(WORD|WD)?|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_?KEY|AUTH)/i;
/** Values that are secrets whatever their name: well-known token shapes and PEM private keys. */
const SECRET_VALUE = /(-----BEGIN [A-Z ]*PRIVATE KEY-----|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}|\bxox[abpr]-[A-Za-z0-9-]{10,}|\bglpat-[A-Za-z0-9_-]{20,}|\bnpm_[A-Za-z0-9]{36}\b|\bsk_live_[A-Za-z0-9]{16,})/;
/** Names of values that are not secrets even though they match SECRET_NAME. */
const HARMLESS_NAME = /(_FILE|_PATH|_DIR|_URL|_HOST|_PORT|_USER(NAME)?)$/i;
/**
 * Checks an image config against prodline's image policy: a non-root USER; no secret-looking ENV names
 * or values; no secrets in the layer history (build args are recorded there); a HEALTHCHECK (warning);
 * at most `maxLayers` layers (warning). Pure.
 */
function checkImagePolicy(config, options) {
    const findings = [];
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
            message: 'the image has no HEALTHCHECK: add one so Docker (and humans) can tell a hung container from a healthy one',
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
function isRoot(user) {
    const name = user.split(':')[0];
    return name === '' || name === 'root' || name === '0';
}
/** Why a history step leaks a secret (never the secret itself), or undefined. */
function historySecret(createdBy, knownSecrets) {
    if (knownSecrets.some((secret) => secret.length >= 4 && createdBy.includes(secret)))
        return 'the value of a build secret';
    if (SECRET_VALUE.test(createdBy))
        return 'a value shaped like a token or private key';
    // Build args show as `|2 NAME=value OTHER=value /bin/sh -c …`; ENV as `ENV NAME=value`.
    for (const match of createdBy.matchAll(/(?:^\|\d+\s+|\s|ENV\s+)([A-Za-z_][A-Za-z0-9_]*)=(\S+)/g)) {
        if (SECRET_NAME.test(match[1]) && !HARMLESS_NAME.test(match[1]))
            return `the build argument or ENV ${match[1]}`;
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/image/reference.ts
var image_reference = __webpack_require__(3564);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/runtime/command-runner.ts

/** Keeps at most this much of each stream: build logs can be huge; their tail is what people read. */
const MAX_KEPT = 8 * 1024 * 1024;
/**
 * The real runner: `child_process.spawn` without a shell. A missing binary resolves with exit 127, a
 * binary that cannot be started (not executable, a path too long) with 126.
 * Not `@actions/exec`: it cannot kill on a timeout (exit 124), rejects instead of answering 127 for a
 * missing binary, and keeps whole outputs in memory where build logs need a bounded tail.
 */
const spawnRunner = {
    run(file, args, options = {}) {
        return new Promise((resolve) => {
            // As a shell answers: 127 for a binary that is not there, 126 for one that cannot be started.
            const cannotStart = (error, stdout = '', stderr = '') => resolve({
                exitCode: error.code === 'ENOENT' ? 127 : 126,
                stdout,
                stderr: `${stderr}${error.message}`,
            });
            let child;
            try {
                child = (0,external_node_child_process_.spawn)(file, [...args], {
                    env: { ...process.env, ...options.env },
                    cwd: options.cwd,
                    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
                });
            }
            catch (error) {
                // Some failures are thrown at once rather than emitted (a path too long: ENAMETOOLONG).
                cannotStart(error);
                return;
            }
            let stdout = '';
            let stderr = '';
            let timedOut = false;
            const split = (stream) => {
                let partial = '';
                return (chunk) => {
                    const text = chunk.toString();
                    if (stream === 'stdout')
                        stdout = keepTail(stdout + text);
                    else
                        stderr = keepTail(stderr + text);
                    if (!options.onLine)
                        return;
                    const lines = (partial + text).split('\n');
                    partial = lines.pop() ?? '';
                    for (const line of lines)
                        options.onLine(line.replace(/\r$/, ''));
                };
            };
            child.stdout?.on('data', split('stdout'));
            child.stderr?.on('data', split('stderr'));
            if (options.input !== undefined)
                child.stdin?.end(options.input);
            const timer = options.timeoutMs === undefined
                ? undefined
                : setTimeout(() => {
                    timedOut = true;
                    child.kill('SIGKILL');
                }, options.timeoutMs);
            const abandon = () => child.kill('SIGKILL');
            if (options.signal?.aborted)
                abandon();
            options.signal?.addEventListener('abort', abandon, { once: true });
            const settled = () => {
                clearTimeout(timer);
                options.signal?.removeEventListener('abort', abandon);
            };
            child.once('error', (error) => {
                settled();
                cannotStart(error, stdout, stderr);
            });
            child.once('close', (code, signal) => {
                settled();
                resolve({ exitCode: timedOut ? 124 : (code ?? (signal ? 128 : 1)), stdout, stderr });
            });
        });
    },
};
function keepTail(text) {
    return text.length > MAX_KEPT ? text.slice(text.length - MAX_KEPT) : text;
}
/** The last `count` non-empty lines of some output, for error messages. */
function lastLines(text, count) {
    return text
        .split('\n')
        .map((line) => line.trimEnd())
        .filter(Boolean)
        .slice(-count)
        .join('\n');
}

// EXTERNAL MODULE: ./src/scan/severity.ts
var severity = __webpack_require__(4902);
;// CONCATENATED MODULE: ./src/scan/gate.ts

/** True for a vulnerability that has a fixed version. */
const isFixable = (finding) => finding.kind === 'vulnerability' && Boolean(finding.fixedVersion);
/**
 * Gates on parsed findings (never on Trivy's exit code): fails when any finding is at or above the
 * threshold. What is reported is chosen separately, so a team can see MEDIUM findings without failing
 * on them; a finding that fails the gate is always shown. Pure.
 */
function evaluateGate(findings, options) {
    const considered = options.ignoreUnfixed
        ? findings.filter((finding) => finding.kind !== 'vulnerability' || isFixable(finding))
        : findings;
    const counts = Object.fromEntries(severity/* SEVERITIES */.oC.map((severity) => [severity, 0]));
    for (const finding of considered)
        counts[finding.severity] += 1;
    const failing = considered.filter((finding) => (0,severity/* atOrAbove */.kU)(finding.severity, options.threshold));
    const reported = sortFindings(considered.filter((finding) => options.reportSeverities.includes(finding.severity) || failing.includes(finding)));
    return {
        passed: failing.length === 0,
        failing,
        reported,
        counts,
        fixable: considered.filter(isFixable).length,
    };
}
/** Most severe first; fixable before unfixed; then by id and package, so output is stable. */
function sortFindings(findings) {
    return [...findings].sort((a, b) => severity/* SEVERITIES */.oC.indexOf(a.severity) - severity/* SEVERITIES */.oC.indexOf(b.severity) ||
        Number(isFixable(b)) - Number(isFixable(a)) ||
        a.id.localeCompare(b.id) ||
        (a.packageName ?? '').localeCompare(b.packageName ?? ''));
}

;// CONCATENATED MODULE: ./src/scan/combined-report.ts

/**
 * Writes one Trivy-shaped JSON report: the image report with the Dockerfile scan's results appended, so
 * tools that read Trivy's format (and people) find everything in a single file.
 */
function writeCombinedReport(file, image, configFile) {
    const combined = { ...image };
    if (configFile) {
        const config = JSON.parse((0,external_node_fs_.readFileSync)(configFile, 'utf8'));
        const results = Array.isArray(combined.Results) ? combined.Results : [];
        combined.Results = [...results, ...(config.Results ?? [])];
    }
    (0,external_node_fs_.writeFileSync)(file, JSON.stringify(combined, null, 2));
}

;// CONCATENATED MODULE: ./src/scan/ignore-rules.ts


/** The names Trivy itself looks for in a build context, in the order it prefers them. */
const IGNORE_FILE_NAMES = ['.trivyignore.yaml', '.trivyignore.yml', '.trivyignore'];
/**
 * The ignore file to use: the one named, else the first of {@link IGNORE_FILE_NAMES} present in the build
 * context, else undefined. A named file is returned even when missing, so the caller can say so.
 */
function findIgnoreFile(contextDir, named) {
    return named ?? IGNORE_FILE_NAMES.map((name) => (0,external_node_path_.join)(contextDir, name)).find((file) => (0,external_node_fs_.existsSync)(file));
}
/**
 * Parses `.trivyignore` (one ID per line, `#` comments, optional `exp:YYYY-MM-DD`) or, when the name ends in
 * `.yaml`/`.yml`, `.trivyignore.yaml` (`vulnerabilities`, `secrets`, `misconfigurations`, `licenses` lists of
 * `{id, expired_at, purls, statement}`).
 */
async function parseIgnoreFile(name, text) {
    // The YAML parser is loaded only for YAML ignore files.
    if (/\.ya?ml$/i.test(name))
        return parseYamlIgnore((await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19))).parse(text));
    const rules = [];
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.replace(/#.*/, '').trim();
        if (!line)
            continue;
        const [id, ...options] = line.split(/\s+/);
        const exp = options.find((option) => option.startsWith('exp:'));
        rules.push({ id, expiresAt: exp ? parseExpiry(exp.slice(4), id) : undefined });
    }
    return rules;
}
function parseYamlIgnore(parsed) {
    const document = (parsed ?? {});
    const rules = [];
    for (const section of ['vulnerabilities', 'secrets', 'misconfigurations', 'licenses']) {
        const entries = document[section];
        if (!Array.isArray(entries))
            continue;
        for (const entry of entries) {
            if (typeof entry?.id !== 'string')
                continue;
            const expired = entry.expired_at;
            const purls = Array.isArray(entry.purls)
                ? entry.purls.filter((p) => typeof p === 'string')
                : [];
            rules.push({
                id: entry.id,
                expiresAt: expired instanceof Date
                    ? expired
                    : expired !== undefined
                        ? parseExpiry(String(expired), entry.id)
                        : undefined,
                packages: purls.length > 0 ? purls.map((purl) => purlName(purl)) : undefined,
                statement: typeof entry.statement === 'string' ? entry.statement : undefined,
            });
        }
    }
    return rules;
}
function parseExpiry(text, id) {
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59Z` : text);
    if (Number.isNaN(date.getTime()))
        throw new Error(`ignore entry ${id} has an expiry "${text}" that is not a date (YYYY-MM-DD)`);
    return date;
}
/** `pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64` → `zlib`. */
function purlName(purl) {
    const path = purl.replace(/^pkg:/, '').split(/[?#@]/)[0];
    return decodeURIComponent(path.split('/').pop() ?? path);
}
/** Applies ignore rules at `now`: an expired rule no longer hides anything and is reported. */
function applyIgnoreRules(findings, rules, now) {
    const active = rules.filter((rule) => !rule.expiresAt || rule.expiresAt.getTime() >= now.getTime());
    const expired = rules.filter((rule) => rule.expiresAt && rule.expiresAt.getTime() < now.getTime());
    const kept = [];
    const ignored = [];
    for (const finding of findings) {
        const hit = active.some((rule) => rule.id === finding.id && (!rule.packages || rule.packages.includes(finding.packageName ?? '')));
        (hit ? ignored : kept).push(finding);
    }
    return { kept, ignored, expired };
}

;// CONCATENATED MODULE: ./src/scan/report.ts

const asRecord = (value) => value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
const asArray = (value) => (Array.isArray(value) ? value : []);
const asString = (value) => typeof value === 'string' && value.length > 0 ? value : undefined;
const asNumber = (value) => typeof value === 'number' && Number.isFinite(value) ? value : undefined;
/** A severity Trivy wrote; anything unrecognised counts as UNKNOWN rather than being dropped. */
function normaliseSeverity(value) {
    const text = typeof value === 'string' ? value.toUpperCase() : '';
    return severity/* SEVERITIES */.oC.includes(text) ? text : 'UNKNOWN';
}
/**
 * Parses Trivy's JSON report (schema 2, any version seen so far): `Results` may be null or missing,
 * a result may lack `Vulnerabilities` / `Secrets` / `Misconfigurations`, and optional fields come and go
 * (`PkgIdentifier`, `VendorSeverity`, `CreatedAt`). Passed misconfiguration checks are dropped.
 */
function parseTrivyReport(text) {
    const root = asRecord(JSON.parse(text));
    if (!root)
        throw new Error('the Trivy report is not a JSON object');
    const metadata = asRecord(root.Metadata);
    const os = asRecord(metadata?.OS);
    const findings = [];
    for (const item of asArray(root.Results)) {
        const result = asRecord(item);
        if (!result)
            continue;
        const target = asString(result.Target) ?? asString(root.ArtifactName) ?? 'image';
        for (const v of asArray(result.Vulnerabilities).map(asRecord)) {
            if (!v)
                continue;
            findings.push({
                kind: 'vulnerability',
                id: asString(v.VulnerabilityID) ?? 'unknown',
                severity: normaliseSeverity(v.Severity),
                title: asString(v.Title) ?? asString(v.VulnerabilityID) ?? 'vulnerability',
                target,
                url: asString(v.PrimaryURL),
                packageName: asString(v.PkgName),
                installedVersion: asString(v.InstalledVersion),
                fixedVersion: asString(v.FixedVersion),
                description: asString(v.Description),
            });
        }
        for (const s of asArray(result.Secrets).map(asRecord)) {
            if (!s)
                continue;
            // The secret's matched text (`Match`, `Code`) is never copied: it would end up in the summary.
            findings.push({
                kind: 'secret',
                id: asString(s.RuleID) ?? 'secret',
                severity: normaliseSeverity(s.Severity),
                title: asString(s.Title) ?? 'secret',
                target,
                line: asNumber(s.StartLine),
            });
        }
        for (const m of asArray(result.Misconfigurations).map(asRecord)) {
            if (!m || (asString(m.Status) ?? 'FAIL') !== 'FAIL')
                continue;
            const cause = asRecord(m.CauseMetadata);
            findings.push({
                kind: 'misconfiguration',
                id: asString(m.ID) ?? asString(m.AVDID) ?? 'misconfiguration',
                severity: normaliseSeverity(m.Severity),
                title: asString(m.Title) ?? 'misconfiguration',
                target,
                url: asString(m.PrimaryURL),
                line: asNumber(cause?.StartLine),
                description: asString(m.Message) ?? asString(m.Description),
                resolution: asString(m.Resolution),
            });
        }
    }
    const osName = os ? [asString(os.Family), asString(os.Name)].filter(Boolean).join(' ') : undefined;
    return { artifact: asString(root.ArtifactName), os: osName || undefined, findings };
}
/** Findings from several reports (image scan, Dockerfile scan) as one. */
function mergeReports(reports) {
    return {
        artifact: reports.find((r) => r.artifact)?.artifact,
        os: reports.find((r) => r.os)?.os,
        findings: reports.flatMap((r) => r.findings),
    };
}

;// CONCATENATED MODULE: ./src/scan/sarif.ts

/** GitHub code scanning shows at most 5,000 results per run (by severity) and takes files up to 10 MB. */
const SARIF_LIMITS = { results: 5_000, bytes: 10 * 1024 * 1024, tags: 10 };
const LEVEL = {
    CRITICAL: 'error',
    HIGH: 'error',
    MEDIUM: 'warning',
    LOW: 'note',
    UNKNOWN: 'note',
};
/** GitHub maps `security-severity` to its own levels: ≥9 critical, ≥7 high, ≥4 medium, else low. */
const SECURITY_SEVERITY = {
    CRITICAL: '9.5',
    HIGH: '8.0',
    MEDIUM: '5.5',
    LOW: '2.0',
    UNKNOWN: '0.0',
};
/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per finding id with help text and a security severity,
 * one result per finding located on the Dockerfile (its line for misconfigurations). Within GitHub's
 * limits: the most severe results first, cut to the result limit and to the file size limit; how many
 * were cut is recorded in the run's properties.
 */
function toSarif(findings, options) {
    let kept = sortFindings(findings).slice(0, SARIF_LIMITS.results);
    for (;;) {
        const text = JSON.stringify(sarifDocument(kept, findings.length - kept.length, options));
        if (Buffer.byteLength(text) <= SARIF_LIMITS.bytes || kept.length === 0)
            return text;
        kept = kept.slice(0, Math.floor(kept.length * 0.8));
    }
}
function sarifDocument(findings, omitted, options) {
    const rules = new Map();
    for (const finding of findings) {
        const ruleId = ruleIdOf(finding);
        if (rules.has(ruleId))
            continue;
        const help = [
            finding.title,
            finding.description,
            finding.fixedVersion && finding.packageName
                ? `Fix: upgrade ${finding.packageName} to ${finding.fixedVersion}.`
                : undefined,
            finding.resolution ? `Fix: ${finding.resolution}` : undefined,
            finding.url ? `More: ${finding.url}` : undefined,
        ]
            .filter(Boolean)
            .join('\n\n');
        rules.set(ruleId, {
            id: ruleId,
            name: finding.kind,
            shortDescription: { text: truncate(finding.title, 1_000) },
            fullDescription: { text: truncate(finding.description ?? finding.title, 4_000) },
            ...(finding.url ? { helpUri: finding.url } : {}),
            help: { text: truncate(help, 8_000), markdown: truncate(help, 8_000) },
            defaultConfiguration: { level: LEVEL[finding.severity] },
            properties: {
                'security-severity': SECURITY_SEVERITY[finding.severity],
                precision: 'very-high',
                tags: ['security', finding.kind, finding.severity.toLowerCase()].slice(0, SARIF_LIMITS.tags),
            },
        });
    }
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'Trivy',
                        informationUri: 'https://github.com/aquasecurity/trivy',
                        ...(options.toolVersion ? { version: options.toolVersion } : {}),
                        rules: [...rules.values()],
                    },
                },
                results: findings.map((finding) => ({
                    ruleId: ruleIdOf(finding),
                    level: LEVEL[finding.severity],
                    message: { text: truncate(messageOf(finding, options.image), 2_000) },
                    locations: [
                        {
                            physicalLocation: {
                                artifactLocation: { uri: options.dockerfile, uriBaseId: '%SRCROOT%' },
                                region: { startLine: finding.kind === 'misconfiguration' && finding.line ? finding.line : 1 },
                            },
                        },
                    ],
                })),
                properties: { omittedResults: omitted },
            },
        ],
    };
}
function ruleIdOf(finding) {
    return finding.kind === 'vulnerability' ? finding.id : `${finding.kind}/${finding.id}`;
}
function messageOf(finding, image) {
    if (finding.kind === 'vulnerability') {
        const fix = finding.fixedVersion ? `fixed in ${finding.fixedVersion}` : 'no fix yet';
        return `${finding.severity} ${finding.id} in ${finding.packageName ?? '?'} ${finding.installedVersion ?? ''} (${fix}) in image ${image}: ${finding.title}`;
    }
    if (finding.kind === 'secret')
        return `${finding.severity} secret (${finding.title}) in ${finding.target}${finding.line ? ` line ${finding.line}` : ''} of image ${image}`;
    return `${finding.severity} ${finding.id}: ${finding.title}${finding.description ? ` — ${finding.description}` : ''}`;
}
function truncate(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

;// CONCATENATED MODULE: ./src/scan/summary-table.ts


/** How many finding rows the summary shows before pointing at the report. */
const SUMMARY_ROWS = 50;
/** Escapes text for a Markdown table cell. */
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
function findingRow(finding) {
    const id = finding.url ? `[${cell(finding.id)}](${finding.url})` : cell(finding.id);
    if (finding.kind === 'vulnerability') {
        const fix = finding.fixedVersion
            ? `${cell(finding.installedVersion ?? '?')} → **${cell(finding.fixedVersion)}**`
            : `${cell(finding.installedVersion ?? '?')} → no fix yet`;
        return `| ${finding.severity} | ${cell(finding.packageName ?? '?')} | ${fix} | ${id} | ${cell(finding.title)} |`;
    }
    const where = `${cell(finding.target)}${finding.line ? `:${finding.line}` : ''}`;
    return `| ${finding.severity} | ${finding.kind} in ${where} | — | ${id} | ${cell(finding.title)} |`;
}
/**
 * The job summary, written for whoever reads the run: the verdict first, counts by severity, then the
 * findings with a fix available (what to do today), the rest, the policy findings, and where the image went.
 */
function scanSummary(input) {
    const { gate } = input;
    const policyErrors = input.policy.filter((p) => p.severity === 'error');
    const blockedByPolicy = input.policyMode === 'enforce' && policyErrors.length > 0;
    const lines = [];
    const verdict = gate.passed
        ? `✅ Scan gate passed (nothing at or above ${input.threshold})`
        : `❌ Scan gate failed: ${gate.failing.length} finding(s) at or above ${input.threshold}`;
    lines.push(`## build-and-scan: ${cell(input.image)}`, '', verdict + (blockedByPolicy ? ' · ❌ image policy failed' : ''), '');
    if (input.pushed) {
        lines.push(`Pushed **\`${input.pushed.reference}\`**${input.pushed.tags.length ? ` with tags ${input.pushed.tags.map((t) => `\`${t}\``).join(', ')}` : ''}.`, '');
    }
    else if (input.notPushed) {
        lines.push(`Not pushed: ${input.notPushed}`, '');
    }
    lines.push(`| ${severity/* SEVERITIES */.oC.join(' | ')} | fixable |`, `|${' --- |'.repeat(severity/* SEVERITIES */.oC.length + 1)}`);
    lines.push(`| ${severity/* SEVERITIES */.oC.map((s) => String(gate.counts[s])).join(' | ')} | ${gate.fixable} |`, '');
    if (input.ignoredCount > 0)
        lines.push(`${input.ignoredCount} finding(s) hidden by the ignore file.`, '');
    for (const rule of input.expiredIgnores)
        lines.push(`⚠️ Ignore entry \`${cell(rule.id)}\` expired on ${rule.expiresAt?.toISOString().slice(0, 10)}: it applies no more. Fix the finding, or renew the entry with a reason.`, '');
    const fixable = gate.reported.filter(isFixable);
    const rest = gate.reported.filter((finding) => !isFixable(finding));
    const header = [
        '| severity | package / where | installed → fixed | ID | title |',
        '| --- | --- | --- | --- | --- |',
    ];
    let budget = SUMMARY_ROWS;
    const table = (title, findings) => {
        if (findings.length === 0)
            return;
        lines.push(`### ${title} (${findings.length})`, '', ...header);
        for (const finding of findings.slice(0, budget))
            lines.push(findingRow(finding));
        if (findings.length > budget)
            lines.push('', `…and ${findings.length - budget} more in the JSON report (output \`report-file\`).`);
        budget = Math.max(0, budget - findings.length);
        lines.push('');
    };
    table('Fix available: upgrade these', fixable);
    table('No fix available yet', rest);
    if (input.policyMode !== 'off') {
        lines.push(`### Image policy (${input.policyMode})`, '');
        if (input.policy.length === 0)
            lines.push('No findings: non-root user, no secrets in ENV or history, HEALTHCHECK present, layers within limit.');
        for (const finding of input.policy)
            lines.push(`- ${finding.severity === 'error' ? '❌' : '⚠️'} **${finding.rule}**: ${cell(finding.message)}`);
        lines.push('');
    }
    return lines.join('\n');
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/image/docker-archive.ts






/**
 * Reads an unpacked `docker save` directory through its `manifest.json`, which both the legacy layout
 * (`<id>.json`, `<id>/layer.tar`) and the OCI layout of newer engines (`blobs/sha256/…`) carry.
 */
function readDockerArchive(dir) {
    const manifest = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, 'manifest.json'), 'utf8'));
    if (!Array.isArray(manifest) || manifest.length !== 1)
        throw new Error(`the docker save archive in ${dir} holds ${manifest.length} images; expected one`);
    const [entry] = manifest;
    const configBytes = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, entry.Config));
    return {
        configBytes,
        config: JSON.parse(configBytes.toString('utf8')),
        layers: entry.Layers.map((layer) => (0,external_node_path_.join)(dir, layer)),
    };
}
/** `sha256:<hex>` of some bytes. */
function sha256(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
/** True when a file starts with the gzip magic bytes. */
function isGzip(file) {
    const fd = (0,external_node_fs_.openSync)(file, 'r');
    try {
        const head = Buffer.alloc(2);
        return (0,external_node_fs_.readSync)(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/**
 * The layer as a gzip blob: an already-compressed file as it is, otherwise compressed into `out` while
 * hashing (streamed: layers can be large). Node's gzip writes no timestamp, so the same layer gives
 * the same blob every time.
 */
async function gzipLayer(file, out) {
    if (isGzip(file))
        return { file, digest: await hashFile(file), size: (0,external_node_fs_.statSync)(file).size };
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const tap = new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            hash.update(chunk);
            size += chunk.length;
            callback(null, chunk);
        },
    });
    await (0,promises_.pipeline)((0,external_node_fs_.createReadStream)(file), (0,external_node_zlib_.createGzip)({ level: 6 }), tap, (0,external_node_fs_.createWriteStream)(out));
    return { file: out, digest: `sha256:${hash.digest('hex')}`, size };
}
async function hashFile(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
        hash.update(chunk);
    return `sha256:${hash.digest('hex')}`;
}

;// CONCATENATED MODULE: ./src/image/unpack-image.ts





/**
 * Unpacks a `docker save` tar into `<work>/image` and reads it: its config (for the image policy) and
 * its layers (for the push). `tar` is run rather than parsed here because the layers are large and the
 * runner's tar streams them straight to disk.
 */
async function unpackImage(runner, tar, work) {
    const dir = (0,external_node_path_.join)(work, 'image');
    (0,external_node_fs_.mkdirSync)(dir);
    const unpacked = await runner.run('tar', ['-x', '-f', tar, '-C', dir]);
    if (unpacked.exitCode !== 0)
        throw new errors/* ActionFailure */.dR(`unpacking the saved image failed: ${lastLines(unpacked.stderr, 5)}`);
    return readDockerArchive(dir);
}

;// CONCATENATED MODULE: ./src/docker/build-arguments.ts
/**
 * Turns a build spec into the docker CLI's arguments. Pure: the same spec gives the same command.
 * buildx loads the result into the engine (`--load`) so it can be tested and scanned before any push;
 * the classic builder has no secrets, platforms or cache export (rejected earlier by `builderProblem`).
 */
function buildCommand(spec) {
    const args = spec.builder === 'buildx' ? ['buildx', 'build', '--load'] : ['build'];
    args.push('--file', spec.dockerfile, '--iidfile', spec.iidFile);
    for (const name of spec.names)
        args.push('--tag', name);
    for (const [key, value] of Object.entries(spec.buildArgs))
        args.push('--build-arg', `${key}=${value}`);
    for (const [key, value] of Object.entries(spec.labels))
        args.push('--label', `${key}=${value}`);
    for (const [id, file] of Object.entries(spec.secretFiles))
        args.push('--secret', `id=${id},src=${file}`);
    if (spec.platforms.length > 0)
        args.push('--platform', spec.platforms.join(','));
    if (spec.target)
        args.push('--target', spec.target);
    if (spec.network)
        args.push('--network', spec.network);
    if (spec.builder === 'buildx') {
        for (const from of spec.cacheFrom)
            args.push('--cache-from', from);
        for (const to of spec.cacheTo)
            args.push('--cache-to', to);
    }
    else {
        // The engine's own builders only take images as cache sources.
        for (const from of spec.cacheFrom)
            args.push('--cache-from', from);
    }
    args.push(spec.context);
    const env = spec.builder === 'buildx' ? {} : { DOCKER_BUILDKIT: spec.builder === 'buildkit' ? '1' : '0' };
    return { args, env };
}
/**
 * Why this spec cannot be built with this builder, or undefined when it can. Checked before building so
 * a user learns at once that (say) BuildKit secrets need buildx, not after a long build.
 */
function builderProblem(spec) {
    if (spec.builder === 'buildx') {
        if (spec.platforms.length > 1)
            return 'several platforms give a multi-platform image that cannot be loaded into the engine to be tested and scanned before the push; build one platform per job (a matrix) for now';
        return undefined;
    }
    const needs = [];
    if (spec.platforms.length > 1)
        needs.push('several platforms');
    if (spec.cacheTo.length > 0)
        needs.push('cache-to');
    if (spec.builder === 'classic' && Object.keys(spec.secretFiles).length > 0)
        needs.push('secrets');
    if (needs.length === 0)
        return undefined;
    return `${needs.join(', ')} need${needs.length === 1 ? 's' : ''} docker buildx, which this docker CLI does not have (set up buildx with docker/setup-buildx-action, or point docker-path at a CLI that has it)`;
}
/**
 * When buildx runs on GitHub with a builder that can export caches, and the user set no cache, the
 * GitHub Actions cache is used (the engine's default `docker` driver cannot export one).
 */
function githubCacheDefaults(spec, builder, canExportCache, onGitHubWithCache) {
    if (builder !== 'buildx' || !canExportCache || !onGitHubWithCache)
        return spec;
    if (spec.cacheFrom.length > 0 || spec.cacheTo.length > 0)
        return spec;
    return { cacheFrom: ['type=gha'], cacheTo: ['type=gha,mode=max'] };
}

;// CONCATENATED MODULE: ./src/actions/build-and-scan/build-step.ts





/**
 * Builds the image with the CLI's best builder. BuildKit secrets go through files readable only by us,
 * removed as soon as the build ends; their values never reach a command line or a log.
 */
async function buildImage(inputs, docker, dockerfile, names, labels, work, logger) {
    const builder = await docker.detectBuilder();
    logger.info(`building with ${builder.kind === 'buildx' ? 'docker buildx' : builder.kind === 'buildkit' ? "the engine's BuildKit" : 'the classic builder'} (${docker.binary}${builder.clientVersion ? ` ${builder.clientVersion}` : ''})`);
    const secretsDir = (0,external_node_path_.join)(work, 'secrets');
    const secretFiles = {};
    const cache = githubCacheDefaults(inputs, builder.kind, builder.canExportCache, inputs.runtime.actionsCache);
    const spec = {
        builder: builder.kind,
        context: inputs.context,
        dockerfile,
        names,
        buildArgs: inputs.buildArgs,
        secretFiles,
        labels,
        platforms: inputs.platforms,
        target: inputs.target,
        cacheFrom: cache.cacheFrom,
        cacheTo: cache.cacheTo,
        network: inputs.buildNetwork,
        iidFile: (0,external_node_path_.join)(work, 'iid'),
    };
    const problem = builderProblem({ ...spec, secretFiles: inputs.secrets });
    if (problem)
        throw new errors/* ConfigurationError */.j1(inputInTrouble(inputs), problem, 'inputs this docker CLI can build');
    try {
        if (Object.keys(inputs.secrets).length > 0) {
            (0,external_node_fs_.mkdirSync)(secretsDir, { mode: 0o700 });
            for (const [id, value] of Object.entries(inputs.secrets)) {
                secretFiles[id] = (0,external_node_path_.join)(secretsDir, id);
                (0,external_node_fs_.writeFileSync)(secretFiles[id], value, { mode: 0o600 });
            }
        }
        const command = buildCommand(spec);
        const result = await docker.exec(command.args, { env: command.env, onLine: (line) => logger.info(line) });
        if (result.exitCode !== 0) {
            throw new errors/* ActionFailure */.dR(`docker build failed (exit ${result.exitCode}); nothing was scanned or pushed. Its last lines:\n${lastLines(`${result.stdout}\n${result.stderr}`, 20)}`);
        }
    }
    finally {
        (0,external_node_fs_.rmSync)(secretsDir, { recursive: true, force: true });
    }
    return { id: (0,external_node_fs_.readFileSync)(spec.iidFile, 'utf8').trim(), names };
}
function inputInTrouble(inputs) {
    if (inputs.platforms.length > 1)
        return 'platforms';
    if (inputs.cacheTo.length > 0)
        return 'cache-to';
    return 'secrets';
}
/** Runs the test command inside the image, without network; a failure stops everything. */
async function testImage(docker, image, words, logger) {
    logger.info(`testing inside the image: ${words.join(' ')}`);
    const result = await docker.exec(['run', '--rm', '--network', 'none', image.id, ...words], {
        onLine: (line) => logger.info(line),
    });
    if (result.exitCode !== 0) {
        throw new errors/* ActionFailure */.dR(`The tests inside the image failed (\`${words.join(' ')}\` exited ${result.exitCode}); the image was not pushed. Its last lines:\n${lastLines(`${result.stdout}\n${result.stderr}`, 30)}`);
    }
}
/** Saves the image to a tar: what Trivy scans and what is pushed. */
async function saveImage(docker, image, work) {
    const tar = (0,external_node_path_.join)(work, 'image.tar');
    const saved = await docker.exec(['save', '--output', tar, image.names[0] ?? image.id]);
    if (saved.exitCode !== 0)
        throw new errors/* ActionFailure */.dR(`docker save failed (exit ${saved.exitCode}): ${lastLines(saved.stderr, 5)}`);
    return tar;
}

// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/runtime/proxy.ts
/**
 * Which proxy a request goes through, by the conventions self-hosted runners behind a corporate proxy
 * use: `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http ones (either case), and `NO_PROXY` for the
 * hosts that bypass it. Unlike `@actions/http-client`, loopback hosts are not special: a proxy on the
 * same machine is a legitimate setup, and `NO_PROXY` says what bypasses it.
 */
/** The proxy URL to use for `target`, or undefined for a direct connection. */
function proxy_proxyFor(target, env) {
    const https = target.protocol === 'https:';
    const raw = https ? pick(env, 'https_proxy') : pick(env, 'http_proxy');
    if (!raw)
        return undefined;
    if (bypasses(target, pick(env, 'no_proxy') ?? ''))
        return undefined;
    try {
        // A proxy written without a scheme ("proxy.corp:3128") is an HTTP proxy, as curl reads it.
        return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    }
    catch {
        return undefined;
    }
}
/** The proxy as it may be written in a log: scheme, host and port, never its credentials. */
function describeProxy(proxy) {
    return `${proxy.protocol}//${proxy.host}`;
}
/**
 * NO_PROXY: a comma- or space-separated list of `*`, host names (matching the host and its
 * subdomains; a leading dot or `*.` means the same), IP addresses, and `host:port` entries.
 */
function bypasses(target, noProxy) {
    const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    for (const entry of noProxy.split(/[\s,]+/).filter(Boolean)) {
        if (entry === '*')
            return true;
        const match = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase().replace(/^\[|\]$/g, ''));
        const name = match[1].replace(/^\*?\./, '');
        if (match[2] && match[2] !== port)
            continue;
        if (host === name || host.endsWith(`.${name}`))
            return true;
    }
    return false;
}
function pick(env, lowerName) {
    const value = env[lowerName] ?? env[lowerName.toUpperCase()];
    return value && value.trim() !== '' ? value.trim() : undefined;
}

;// CONCATENATED MODULE: ./src/runtime/retry.ts

const systemClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
};
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };
/** One attempt only: for probes whose failure is itself the answer. */
const NO_RETRY = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
/** A point in time after which no new attempt starts: the overall time cap of an action's network work. */
class Deadline {
    totalMs;
    clock;
    at;
    constructor(totalMs, clock = systemClock) {
        this.totalMs = totalMs;
        this.clock = clock;
        this.at = clock.now() + totalMs;
    }
    /** Milliseconds left (0 when past). */
    remaining() {
        return Math.max(0, this.at - this.clock.now());
    }
    expired() {
        return this.remaining() === 0;
    }
}
/** The overall time cap ran out; says what was being attempted and the last error. */
class DeadlineExceeded extends errors/* ActionFailure */.dR {
    constructor(what, totalMs, cause) {
        super(`${what}: gave up after the overall time cap of ${Math.round(totalMs / 1000)}s` +
            (cause instanceof Error ? ` (last error: ${cause.message})` : ''));
        this.name = 'DeadlineExceeded';
    }
}
/**
 * A failed call, classified: may it be retried, and after how long does the other side ask. HTTP
 * layers, clients and SDK adapters throw these; anything else reaching the engine is not retried.
 */
class CallFailure extends errors/* ActionFailure */.dR {
    retryable;
    retryAfterMs;
    status;
    constructor(message, 
    /** 408, 429, 5xx and network errors are worth retrying; other answers are final. */
    retryable, 
    /** What the other side asked for (`Retry-After`), in milliseconds. */
    retryAfterMs, 
    /** The HTTP status, when there was an answer. */
    status) {
        super(message);
        this.retryable = retryable;
        this.retryAfterMs = retryAfterMs;
        this.status = status;
        this.name = 'CallFailure';
    }
}
/** HTTP status → worth retrying? 408 (timeout), 429 (rate limited) and 5xx are; other answers are final. */
function isRetryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/** `Retry-After` as seconds or an HTTP date → milliseconds (undefined when absent or unreadable). */
function parseRetryAfter(value, now = Date.now()) {
    if (value === null || value === undefined || value.trim() === '')
        return undefined;
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text))
        return Math.round(Number(text) * 1_000);
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** The wait before retry number `retry` (1-based): Retry-After when given, else backoff with jitter. */
function retryDelay(retry, policy, clock = systemClock, retryAfterMs) {
    if (retryAfterMs !== undefined)
        return retryAfterMs;
    const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
    // Half fixed, half random: spreads retries of concurrent jobs without ever waiting zero.
    return Math.round(exponential / 2 + (clock.random() * exponential) / 2);
}
/** The default classification: a CallFailure says for itself; anything else (a bug) is not retried. */
function classifyFailure(error) {
    if (error instanceof CallFailure)
        return { retryable: error.retryable, retryAfterMs: error.retryAfterMs };
    return { retryable: false };
}
/**
 * Runs `operation` until it succeeds, fails with a final error, runs out of attempts, or the next wait
 * would end past the time budget. Returns the value and the attempts it took. A classified failure is
 * rethrown with the attempt count and the reason for stopping appended to its message.
 */
async function withRetry(what, operation, options = {}) {
    const policy = options.policy ?? DEFAULT_RETRY;
    const clock = options.clock ?? systemClock;
    const classify = options.classify ?? classifyFailure;
    const budget = policy.budgetMs !== undefined ? new Deadline(policy.budgetMs, clock) : (options.deadline ?? undefined);
    const deadlines = [budget, options.deadline].filter((d) => d !== undefined);
    const remaining = () => Math.min(Infinity, ...deadlines.map((d) => d.remaining()));
    for (let attempt = 1;; attempt++) {
        const left = remaining();
        if (left === 0) {
            const cap = deadlines.find((d) => d.expired());
            throw new DeadlineExceeded(what, cap.totalMs);
        }
        try {
            const value = await operation({ number: attempt, remainingMs: left });
            return { value, attempts: attempt };
        }
        catch (error) {
            const verdict = classify(error);
            if (!verdict.retryable)
                throw annotate(error, attempt, 'not retried: the answer is final');
            if (attempt >= policy.attempts)
                throw policy.attempts === 1 ? error : annotate(error, attempt, 'no attempts left');
            const delay = retryDelay(attempt, policy, clock, verdict.retryAfterMs);
            if (delay >= remaining()) {
                const cap = deadlines.reduce((a, b) => (a.remaining() <= b.remaining() ? a : b));
                throw annotate(error, attempt, `the next try (in ${Math.ceil(delay / 1000)}s) would pass the ${Math.round(cap.totalMs / 1000)}s time limit`);
            }
            options.onRetry?.(error, delay, attempt);
            await clock.sleep(delay);
        }
    }
}
/** Appends the attempt count to a classified failure's message; other errors pass untouched. */
function annotate(error, attempts, why) {
    if (!(error instanceof CallFailure))
        return error;
    error.message = `${error.message} (after ${attempts} attempt${attempts === 1 ? '' : 's'}; ${why})`;
    return error;
}

;// CONCATENATED MODULE: ./src/runtime/http.ts




/** A network failure, a time-out or a refusing proxy: no answer from the service itself. */
class NetworkError extends CallFailure {
    proxy;
    connectFailed;
    constructor(message, retryable, 
    /** The proxy the request went through, when it did (for messages; no credentials). */
    proxy, 
    /** The connection never opened, so the service received nothing: safe to retry any request. */
    connectFailed = false) {
        super(message, retryable);
        this.proxy = proxy;
        this.connectFailed = connectFailed;
    }
}
/** An answer worth retrying (408, 429, 5xx), carried through the retry engine. */
class RetryableStatus extends CallFailure {
    response;
    constructor(message, response, retryAfterMs) {
        super(message, true, retryAfterMs, response.status);
        this.response = response;
    }
}
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/**
 * Sends a request, retrying network errors and 408/429/5xx answers (honouring `Retry-After`) when the
 * request is safe to repeat; other statuses are returned, for the caller knows what a 401 or 404 means.
 * A retryable status that is still failing when retries run out is returned too, so the caller words it.
 */
async function send(request, options = {}) {
    const what = `${request.method} ${describeUrl(new URL(request.url))}`;
    const idempotent = options.idempotent ?? IDEMPOTENT.has(request.method);
    try {
        const { value } = await withRetry(what, async ({ remainingMs }) => {
            const response = await exchange(request, {
                ...options,
                timeoutMs: Math.min(options.timeoutMs ?? 30_000, remainingMs),
            });
            if (isRetryableStatus(response.status))
                throw new RetryableStatus(`${what} answered ${response.status}`, response, parseRetryAfter(response.headers['retry-after']));
            return response;
        }, {
            policy: options.retry,
            deadline: options.deadline,
            clock: options.clock,
            classify: (error) => {
                const verdict = classifyFailure(error);
                // What the service never received or rejected unprocessed (429) is safe to send again, whatever the method.
                if (idempotent || !verdict.retryable)
                    return verdict;
                const unprocessed = (error instanceof NetworkError && error.connectFailed) ||
                    (error instanceof RetryableStatus && error.status === 429);
                return unprocessed ? verdict : { retryable: false };
            },
            onRetry: (error, delay, attempt) => options.onRetry?.(`${error.message}; retry ${attempt} in ${delay} ms`),
        });
        return value;
    }
    catch (error) {
        if (error instanceof RetryableStatus)
            return error.response;
        throw error;
    }
}
/** One exchange, no retry. Network errors become a NetworkError naming the host (and the proxy, if any). */
async function exchange(request, options = {}) {
    const url = new URL(request.url);
    const proxy = proxy_proxyFor(url, options.proxyEnv ?? process.env);
    const { request: undiciRequest } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
    const timeoutMs = Math.max(1, options.timeoutMs ?? 30_000);
    const headers = { ...(request.headers ?? {}) };
    const body = request.body;
    if (body !== undefined)
        headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : Buffer.isBuffer(body) ? body.length : body.size);
    try {
        const answer = await undiciRequest(url, {
            method: request.method,
            headers,
            body: body === undefined || typeof body === 'string' || Buffer.isBuffer(body)
                ? body
                : (0,external_node_fs_.createReadStream)(body.file),
            dispatcher: await dispatcherFor(proxy, options.ca),
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
            signal: AbortSignal.timeout(timeoutMs),
        });
        const bytes = Buffer.from(await answer.body.arrayBuffer());
        const flat = {};
        for (const [name, value] of Object.entries(answer.headers))
            if (value !== undefined)
                flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        return { status: answer.statusCode, headers: flat, body: bytes };
    }
    catch (error) {
        throw networkError(error, request.method, url, proxy, timeoutMs);
    }
}
/** True for errors that mean "this is not TLS" or "this certificate is not trusted": retrying won't help. */
function isTlsProblem(error) {
    const { code, message } = errorParts(error);
    return (/SSL|TLS|CERT|certificate|wrong version number|self.signed|EPROTO/i.test(`${code} ${message}`) &&
        code !== 'ECONNRESET');
}
/** `origin` + path: no query (upload URLs carry state tokens, token URLs carry scopes). */
function describeUrl(url) {
    return `${url.origin}${url.pathname}`;
}
function networkError(error, method, url, proxy, timeoutMs) {
    const { code, message } = errorParts(error);
    const where = `${method} ${describeUrl(url)}`;
    const via = proxy ? describeProxy(proxy) : undefined;
    if (via && /Proxy response \((\d+)\)/.test(message)) {
        const status = /Proxy response \((\d+)\)/.exec(message)?.[1];
        const why = status === '407'
            ? 'asked for credentials it was not given or refused them (407)'
            : `refused the connection (${status})`;
        return new NetworkError(`${where}: the proxy ${via} ${why}; check HTTPS_PROXY / HTTP_PROXY (credentials go in the URL) or add the host to NO_PROXY`, false, via);
    }
    const timedOut = /timeout|aborted/i.test(`${code} ${message}`);
    const detail = timedOut ? `no answer within ${timeoutMs} ms` : message || code;
    const through = via ? ` (through the proxy ${via})` : '';
    // TLS and certificate problems are configuration, not transient: retrying will not fix them.
    const connectFailed = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT/.test(code);
    return new NetworkError(`${where}${through}: ${detail}`, !isTlsProblem(error), via, connectFailed);
}
function errorParts(error) {
    if (typeof error !== 'object' || error === null)
        return { code: '', message: String(error) };
    const { code, message, cause } = error;
    // undici wraps the socket's error (ECONNREFUSED, certificate errors) as the cause of "fetch failed"-like errors.
    const inner = cause && typeof cause === 'object' ? errorParts(cause) : { code: '', message: '' };
    return {
        code: String(code ?? '') || inner.code,
        message: [typeof message === 'string' ? message : '', inner.message].filter(Boolean).join(': '),
    };
}
const dispatchers = new Map();
/** One connection pool per (proxy, CA set): keep-alive across a client's calls, distinct trust kept apart. */
function dispatcherFor(proxy, ca) {
    const key = `${proxy?.href ?? ''}\n${(ca ?? []).join('\n')}`;
    let dispatcher = dispatchers.get(key);
    if (!dispatcher) {
        dispatcher = (async () => {
            const { Agent, ProxyAgent } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
            const tls = ca && ca.length > 0 ? { ca: [...external_node_tls_.rootCertificates, ...ca] } : {};
            // undici reads user:password from the proxy URL and sends them as Proxy-Authorization.
            return proxy ? new ProxyAgent({ uri: proxy.href, requestTls: tls }) : new Agent({ connect: tls });
        })();
        dispatchers.set(key, dispatcher);
    }
    return dispatcher;
}
/**
 * A `fetch` for SDKs that take one (Octokit): the same proxy rules, CAs and error wording as `send`,
 * one request per call (retries stay with the caller's engine).
 */
function layerFetch(options = {}) {
    const layered = async (input, init) => {
        const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
        const proxy = proxyFor(url, options.proxyEnv ?? process.env);
        const { fetch: undiciFetch } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
        try {
            const dispatcher = await dispatcherFor(proxy, options.ca);
            return (await undiciFetch(url, { ...init, dispatcher }));
        }
        catch (error) {
            throw networkError(error, init?.method ?? 'GET', url, proxy, options.timeoutMs ?? 30_000);
        }
    };
    return layered;
}

;// CONCATENATED MODULE: ./src/image/registry/challenge.ts
/**
 * Parses `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` (or `Basic realm="…"`): one
 * challenge, quoted (with backslash escapes) or token parameter values. Other schemes are undefined.
 */
function parseChallenge(header) {
    const match = header ? /^\s*(\w+)\s*(.*)$/s.exec(header) : null;
    if (!match)
        return undefined;
    const scheme = match[1].toLowerCase();
    if (scheme !== 'basic' && scheme !== 'bearer')
        return undefined;
    const params = {};
    const param = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/g;
    for (let m = param.exec(match[2]); m; m = param.exec(match[2]))
        params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    const challenge = { scheme };
    for (const key of ['realm', 'service', 'scope'])
        if (params[key] !== undefined)
            challenge[key] = params[key];
    return challenge;
}
/** `Authorization: Basic …` for a user and password. */
function basicAuthorization(credentials) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

;// CONCATENATED MODULE: ./src/image/registry/digest.ts

/** `sha256:<hex>` of some bytes, as registries name blobs and manifests. */
function sha256Digest(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
/** The referrers tag schema's tag for a subject digest: `sha256:abc…` → `sha256-abc…`. */
function digestTag(digest) {
    return digest.replace(':', '-');
}

;// CONCATENATED MODULE: ./src/image/registry/media-types.ts
/** Media types the registry client sends and recognises. */
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
/**
 * Every manifest type, always sent in `Accept`: distribution answers an OCI manifest requested without
 * an OCI type with 404 MANIFEST_UNKNOWN, as if it did not exist.
 */
const MANIFEST_ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST].join(', ');

;// CONCATENATED MODULE: ./src/image/registry/client.ts






/** A registry call that cannot go on: refused, unreachable, or an answer that cannot be trusted. */
class RegistryError extends errors/* ActionFailure */.dR {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/**
 * The one OCI distribution client: manifests (always with OCI and Docker types in `Accept`), blobs
 * (file bodies streamed), digests checked on every GET by digest, and authentication as docker does it —
 * nothing sent until the registry challenges, then Basic or the bearer-token flow (GHCR, Docker Hub,
 * distribution's `auth.token`), one token per scope. Plain HTTP only for loopback registries that do not
 * speak TLS. Every request goes through the runtime's HTTP layer (proxies, CAs, retries).
 */
class RegistryClient {
    options;
    base;
    authorization;
    tokens = new Map();
    host;
    constructor(options) {
        this.options = options;
        this.host = options.registry === 'docker.io' ? 'registry-1.docker.io' : options.registry;
    }
    /** Where this client talks to, e.g. `https://ghcr.io`. */
    async baseUrl() {
        if (this.base)
            return this.base;
        const secure = `https://${this.host}`;
        try {
            await send({ method: 'GET', url: `${secure}/v2/` }, { ...this.options, retry: NO_RETRY });
            this.base = secure;
        }
        catch (error) {
            // Docker treats a loopback registry that does not speak TLS ("wrong version number") as plain HTTP.
            if (!isLoopback(this.host) || !isNotTls(error))
                throw this.unreachable(error);
            this.base = `http://${this.host}`;
        }
        return this.base;
    }
    /** A manifest by tag or digest; `undefined` when the registry has none (404). */
    async getManifest(repository, reference) {
        const response = await this.request(repository, {
            method: 'GET',
            path: `/manifests/${reference}`,
            headers: { accept: MANIFEST_ACCEPT },
        });
        if (response.status === 404)
            return undefined;
        this.expect(response, [200], `fetching the manifest ${repository}:${reference}`);
        const digest = sha256Digest(response.body);
        if (reference.startsWith('sha256:') && digest !== reference)
            throw new RegistryError(`the registry answered ${repository}@${reference} with content whose digest is ${digest}; refusing it`);
        return {
            digest,
            mediaType: (response.headers['content-type'] ?? '').split(';')[0],
            bytes: response.body,
        };
    }
    /** The digest the registry reports for a manifest (HEAD), or undefined when it has none. */
    async headManifest(repository, reference) {
        const response = await this.request(repository, {
            method: 'HEAD',
            path: `/manifests/${reference}`,
            headers: { accept: MANIFEST_ACCEPT },
        });
        if (response.status === 404)
            return undefined;
        this.expect(response, [200], `looking up the manifest ${repository}:${reference}`);
        return response.headers['docker-content-digest'];
    }
    /** Stores a manifest under a tag or its digest; returns its digest and the raw answer's headers. */
    async putManifest(repository, reference, bytes, mediaType) {
        const response = await this.request(repository, {
            method: 'PUT',
            path: `/manifests/${reference}`,
            headers: { 'content-type': mediaType },
            body: bytes,
        });
        this.expect(response, [200, 201], `storing the manifest ${repository}:${reference}`);
        return { digest: sha256Digest(bytes), headers: response.headers };
    }
    /** A blob's bytes, checked against its digest. */
    async getBlob(repository, digest) {
        const response = await this.request(repository, { method: 'GET', path: `/blobs/${digest}` });
        this.expect(response, [200], `fetching the blob ${repository}@${digest}`);
        if (sha256Digest(response.body) !== digest)
            throw new RegistryError(`the blob ${repository}@${digest} does not match its digest; refusing it`);
        return response.body;
    }
    /** Uploads bytes as a blob unless the registry has it already; returns its digest. */
    async putBlob(repository, data) {
        const digest = sha256Digest(data);
        await this.uploadBlob(repository, digest, data);
        return digest;
    }
    /**
     * Uploads a blob whose digest is known (a file is streamed) unless the registry has it already:
     * monolithic POST + PUT. Retrying the POST is safe: it only opens an upload session, and an abandoned
     * session holds nothing (registries expire them).
     */
    async uploadBlob(repository, digest, body) {
        const head = await this.request(repository, { method: 'HEAD', path: `/blobs/${digest}` });
        if (head.status === 200)
            return;
        const start = await this.request(repository, { method: 'POST', path: '/blobs/uploads/' }, true);
        this.expect(start, [202], `starting a blob upload to ${repository}`);
        const location = start.headers.location;
        if (!location)
            throw new RegistryError(`the registry started an upload to ${repository} without a Location`);
        // Location may be relative and already carries the upload state in its query.
        const url = new URL(location, await this.baseUrl());
        url.searchParams.set('digest', digest);
        const put = await this.request(repository, {
            method: 'PUT',
            url: url.toString(),
            headers: { 'content-type': 'application/octet-stream' },
            body,
        });
        this.expect(put, [201], `uploading the blob ${digest} to ${repository}`);
    }
    /**
     * A registry call with authentication: on 401 the challenge says how to authenticate (Basic, or a
     * bearer token from the realm it names), and the call is repeated once with it.
     */
    async request(repository, call, idempotent) {
        const url = call.url ?? `${await this.baseUrl()}/v2/${repository}${call.path ?? ''}`;
        const attempt = () => this.send({
            method: call.method,
            url,
            headers: { ...call.headers, ...(this.authorization ? { authorization: this.authorization } : {}) },
            body: call.body,
        }, idempotent);
        const first = await attempt();
        if (first.status !== 401)
            return first;
        await this.authenticate(repository, first);
        const second = await attempt();
        if (second.status === 401 && this.options.credentials)
            throw this.refused(second.status);
        return second;
    }
    /** Throws a RegistryError naming the operation when the status is not one of those expected. */
    expect(response, statuses, what) {
        if (statuses.includes(response.status))
            return;
        const detail = registryErrorDetail(response.body);
        const hint = response.status === 401 || response.status === 403
            ? ` (the credentials were refused or lack the needed rights: ${this.options.push ? 'push rights are needed to push or sign' : 'pull rights are needed'})`
            : '';
        throw new RegistryError(`${what} on ${this.options.registry}: the registry answered ${response.status}${detail ? ` ${detail}` : ''}${hint}`, response.status);
    }
    async send(request, idempotent) {
        try {
            return await send(request, { ...this.options, idempotent });
        }
        catch (error) {
            throw this.unreachable(error);
        }
    }
    async authenticate(repository, unauthorised) {
        const challenge = parseChallenge(unauthorised.headers['www-authenticate']);
        const credentials = this.options.credentials;
        if (challenge?.scheme === 'basic') {
            if (!credentials)
                throw this.noCredentials();
            this.authorization = basicAuthorization(credentials);
            return;
        }
        if (challenge?.scheme !== 'bearer' || !challenge.realm)
            throw new RegistryError(`${this.options.registry} refused the request (401) without saying how to authenticate`, 401);
        const scope = `repository:${repository}:${this.options.push ? 'pull,push' : 'pull'}`;
        const cached = this.tokens.get(scope);
        if (cached && `Bearer ${cached}` !== this.authorization) {
            this.authorization = `Bearer ${cached}`;
            return;
        }
        const realm = new URL(challenge.realm);
        if (challenge.service)
            realm.searchParams.set('service', challenge.service);
        realm.searchParams.set('scope', scope);
        const service = `${realm.origin}${realm.pathname}`;
        const response = await this.send({
            method: 'GET',
            url: realm.toString(),
            headers: credentials ? { authorization: basicAuthorization(credentials) } : {},
        });
        if (response.status === 401 || response.status === 403) {
            if (!credentials)
                throw this.noCredentials();
            throw this.refused(response.status, `The token service of ${this.options.registry} (${service}) refused the credentials given for ${repository}.`);
        }
        this.expect(response, [200], `getting a registry token from ${service}`);
        let token;
        try {
            const body = JSON.parse(response.body.toString('utf8'));
            token = body.token ?? body.access_token;
        }
        catch {
            token = undefined;
        }
        if (!token)
            throw new RegistryError(`the token service ${realm.origin} answered without a token`);
        this.tokens.set(scope, token);
        this.authorization = `Bearer ${token}`;
    }
    /** The credentials were refused: by the registry itself (Basic) or by its token service. */
    refused(status, detail = '') {
        const user = this.options.credentials?.username ?? '';
        return new RegistryError(`The registry ${this.options.registry} refused the credentials of user '${user}' (HTTP ${status}). Nothing was pushed. ${detail ? `${detail} ` : ''}` +
            `Check the username/password inputs, or that a login step (docker/login-action) ran for ${this.options.registry} and that the token may ${this.options.push ? 'push to' : 'read'} this repository.`, status);
    }
    noCredentials() {
        return new RegistryError(`${this.options.registry} needs a login and none was found: give the username and password inputs, or run a login step (docker/login-action) before this one`, 401);
    }
    unreachable(error) {
        if (!(error instanceof NetworkError))
            return error;
        const tls = /certificate|self.signed|unable to verify|CERT_/i.test(error.message)
            ? ` The registry's TLS certificate is not trusted: give its CA with the registry-ca input (if it uses a private CA, give its certificate file as registry-ca), or put it in <DOCKER_CONFIG>/certs.d/${this.options.registry}/ca.crt.`
            : '';
        const what = tls ? `TLS to the registry failed (${error.message})` : error.message;
        return new RegistryError(`Cannot reach the registry ${this.options.registry}: ${what}.${tls}`);
    }
}
function isLoopback(host) {
    return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
}
function isNotTls(error) {
    const text = error instanceof Error ? error.message : String(error);
    return /EPROTO|wrong version number|packet length too long|ECONNRESET|other side closed|http request to an https/i.test(text);
}
/** The `errors[0]` code and message of a distribution error body, shortened. */
function registryErrorDetail(body) {
    try {
        const parsed = JSON.parse(body.toString('utf8'));
        const first = parsed.errors?.[0];
        if (first)
            return `${first.code ?? ''} ${first.message ?? ''}`.trim().slice(0, 200);
    }
    catch {
        // not JSON: say nothing rather than dump a page of HTML
    }
    return '';
}

;// CONCATENATED MODULE: ./src/image/push-archive.ts



const DOCKER_MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_TYPE = 'application/vnd.docker.container.image.v1+json';
const LAYER_TYPE = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
// docker push's own default (max-concurrent-uploads).
const BLOB_UPLOADS_AT_ONCE = 5;
/**
 * Compresses and hashes the layers of an image saved with `docker save`: the local half of a push, which
 * build-and-scan runs while Trivy scans, so that only the upload waits for the gate.
 */
async function stageArchive(archive, workDir) {
    const layers = await Promise.all(archive.layers.map((layer, index) => gzipLayer(layer, (0,external_node_path_.join)(workDir, `layer-${index}.tar.gz`))));
    return {
        config: {
            digest: sha256(archive.configBytes),
            size: archive.configBytes.length,
            bytes: archive.configBytes,
        },
        layers,
    };
}
/**
 * Pushes a staged image (`stageArchive`) to `repository`: layers (gzip), config, then a Docker v2
 * manifest under each tag (or by digest alone when there is no tag). The digest is the one the registry
 * reports on a HEAD of the manifest, checked against the bytes sent: what was scanned is what was pushed.
 */
async function pushArchive(client, repository, { config, layers }, tags) {
    const unique = new Map([[config.digest, config.bytes]]);
    for (const layer of layers)
        unique.set(layer.digest, { file: layer.file, size: layer.size });
    // Blobs go up side by side (a few at a time, as docker push does); the manifest only once all are there.
    const queue = [...unique];
    const uploader = async () => {
        for (let next = queue.shift(); next; next = queue.shift())
            await client.uploadBlob(repository, ...next);
    };
    await Promise.all(Array.from({ length: Math.min(BLOB_UPLOADS_AT_ONCE, queue.length) }, uploader));
    const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: DOCKER_MANIFEST_TYPE,
        config: { mediaType: CONFIG_TYPE, size: config.size, digest: config.digest },
        layers: layers.map((layer) => ({ mediaType: LAYER_TYPE, size: layer.size, digest: layer.digest })),
    }));
    const expected = sha256(manifest);
    for (const reference of tags.length > 0 ? tags : [expected])
        await client.putManifest(repository, reference, manifest, DOCKER_MANIFEST_TYPE);
    const reported = await client.headManifest(repository, expected);
    if (reported === undefined)
        throw new RegistryError(`The pushed manifest ${repository}@${expected} cannot be found in the registry (HEAD answered 404).`);
    if (reported !== expected)
        throw new RegistryError(`The registry reports digest ${reported} for the manifest prodline pushed as ${expected}: the registry rewrote it, so the digest cannot be trusted.`);
    return { digest: reported, tags };
}

;// CONCATENATED MODULE: ./src/image/registry/docker-config.ts



/** The Docker config could not be used: the user's file, named, never a bug in prodline. */
class DockerConfigError extends errors/* ActionFailure */.dR {
}
/** The keys a login step may have written for a registry host (`ghcr.io`, `https://ghcr.io`, Docker Hub's URL). */
function hostKeys(host) {
    const keys = [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
    if (host === 'docker.io' || host === 'registry-1.docker.io' || host === 'index.docker.io')
        keys.push('https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io');
    return keys;
}
/**
 * Credentials for a registry from the Docker config a login step wrote (`$DOCKER_CONFIG/config.json` or
 * `~/.docker/config.json`), as docker itself resolves them: the credential helper configured for the
 * host (`credHelpers`), else the store (`credsStore`), each run as `docker-credential-<name> get`; then
 * the `auths` entry. Undefined when nothing is there for the host. A config that cannot be read or
 * parsed is reported naming the file (its content is never quoted: it holds credentials).
 */
async function dockerConfigCredentials(host, configDir, runner) {
    if (!configDir)
        return undefined;
    const file = (0,external_node_path_.join)(configDir, 'config.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return undefined;
    let config;
    try {
        config = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch (error) {
        const why = error instanceof SyntaxError ? 'is not valid JSON' : `cannot be read (${error.message})`;
        throw new DockerConfigError(`The Docker config ${file} ${why}. Fix or remove it (a login step such as docker/login-action writes it), or give the username and password inputs.`);
    }
    if (typeof config !== 'object' || config === null)
        throw new DockerConfigError(`The Docker config ${file} is not a JSON object. Fix or remove it.`);
    const keys = hostKeys(host);
    const helper = keys.map((key) => config.credHelpers?.[key]).find(Boolean) ?? config.credsStore;
    if (helper) {
        const fromHelper = await helperCredentials(helper, host, runner);
        if (fromHelper)
            return fromHelper;
    }
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        if (!keys.includes(key) || typeof entry !== 'object' || entry === null)
            continue;
        if (entry.auth) {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0)
                return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
        if (entry.username && entry.password)
            return { username: entry.username, password: entry.password };
        // An identity token is used as a refresh token with the `<token>` user, as docker does.
        if (entry.identitytoken)
            return { username: '<token>', password: entry.identitytoken };
    }
    return undefined;
}
async function helperCredentials(helper, host, runner) {
    const result = await runner.run(`docker-credential-${helper}`, ['get'], { input: host, timeoutMs: 30_000 });
    // "credentials not found" (exit 1) or a missing helper (127): docker then falls back to auths too.
    if (result.exitCode !== 0)
        return undefined;
    try {
        const answer = JSON.parse(result.stdout);
        if (answer.Username && answer.Secret)
            return { username: answer.Username, password: answer.Secret };
    }
    catch {
        // A helper that answers something else has nothing for us.
    }
    return undefined;
}
/**
 * Every CA docker itself would trust for a registry, plus the one given as an input: the `registry-ca`
 * file, `<config dir>/certs.d/<host>/*.crt` and `/etc/docker/certs.d/<host>/*.crt`, as PEM texts.
 */
function registryTrust(host, configDir, registryCaFile) {
    const pems = [];
    if (registryCaFile) {
        try {
            pems.push((0,external_node_fs_.readFileSync)(registryCaFile, 'utf8'));
        }
        catch (error) {
            throw new errors/* ActionFailure */.dR(`registry-ca: ${registryCaFile} could not be read (${error.message})`);
        }
    }
    const dirs = [...(configDir ? [(0,external_node_path_.join)(configDir, 'certs.d', host)] : []), (0,external_node_path_.join)('/etc/docker/certs.d', host)];
    for (const dir of dirs) {
        if (!(0,external_node_fs_.existsSync)(dir))
            continue;
        for (const name of (0,external_node_fs_.readdirSync)(dir))
            if (name.endsWith('.crt'))
                pems.push((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, name), 'utf8'));
    }
    return pems;
}

;// CONCATENATED MODULE: ./src/actions/build-and-scan/push-step.ts



/**
 * Pushes the saved image through prodline's registry client rather than `docker push`: the bytes pushed
 * are the bytes scanned, the digest is known exactly (and checked by a HEAD), and a private CA or the
 * username/password inputs work without changing the Docker engine's configuration or writing a login.
 */
async function pushImage(inputs, staged, tags, runner) {
    const credentials = inputs.username !== undefined && inputs.password !== undefined
        ? { username: inputs.username, password: inputs.password }
        : await dockerConfigCredentials(inputs.image.registry, inputs.runtime.dockerConfigDir, runner);
    const ca = registryTrust(inputs.image.registry, inputs.runtime.dockerConfigDir, inputs.registryCa);
    const client = new RegistryClient({ registry: inputs.image.registry, credentials, ca, push: true });
    return pushArchive(client, inputs.image.repository, staged, tags);
}

;// CONCATENATED MODULE: ./src/runtime/toolkit.ts
/**
 * The GitHub Actions toolkit packages that domain code needs, loaded on demand. Only `src/runtime/` may
 * import `@actions/*` (lint enforces it), so domain modules ask for them here; the dynamic import keeps
 * each package in its own bundle chunk, read only on the path that uses it.
 */
/** `@actions/cache`: the GitHub Actions cache (the Trivy DB between runs). */
function loadActionsCache() {
    return __webpack_require__.e(/* import() */ 131).then(__webpack_require__.bind(__webpack_require__, 7131));
}
/** `@actions/tool-cache`: downloads, extraction and the runner's tool cache (installing Trivy). */
function loadToolCache() {
    return __webpack_require__.e(/* import() */ 805).then(__webpack_require__.bind(__webpack_require__, 9805));
}

;// CONCATENATED MODULE: ./src/scan/db-cache.ts


/** The GitHub cache key of today's Trivy DB: one a day, as the DB itself is rebuilt about daily. */
function dbCacheKey(now) {
    return `prodline-trivy-db-${now.toISOString().slice(0, 10)}`;
}
/**
 * Restores the Trivy DB directory from the GitHub Actions cache (`@actions/cache`, loaded only on this path).
 * Returns the key restored, or undefined. A cache outage only costs a download, so it never fails the run.
 */
async function restoreDbCache(cacheDir, now, log) {
    try {
        const cache = await loadActionsCache();
        if (!cache.isFeatureAvailable())
            return undefined;
        return await cache.restoreCache([(0,external_node_path_.join)(cacheDir, 'db')], dbCacheKey(now), ['prodline-trivy-db-']);
    }
    catch (error) {
        log(`the Trivy DB cache could not be restored (${error instanceof Error ? error.message : String(error)}); the DB is downloaded`);
        return undefined;
    }
}
/** Saves the DB directory under today's key when it was not restored with exactly that key. */
async function saveDbCache(cacheDir, now, restoredKey, log) {
    if (restoredKey === dbCacheKey(now))
        return;
    try {
        const cache = await loadActionsCache();
        if (!cache.isFeatureAvailable())
            return;
        await cache.saveCache([(0,external_node_path_.join)(cacheDir, 'db')], dbCacheKey(now));
    }
    catch (error) {
        log(`the Trivy DB cache could not be saved (${error instanceof Error ? error.message : String(error)})`);
    }
}

;// CONCATENATED MODULE: ./src/scan/db-mirrors.ts







/** True when the cached DB is still fresh, so Trivy will not contact any repository. */
function cachedDbIsFresh(cacheDir, now) {
    const file = (0,external_node_path_.join)(cacheDir, 'db', 'metadata.json');
    if (!(0,external_node_fs_.existsSync)(file) || !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(cacheDir, 'db', 'trivy.db')))
        return false;
    try {
        const metadata = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        return metadata.NextUpdate !== undefined && new Date(metadata.NextUpdate).getTime() > now.getTime();
    }
    catch {
        return false;
    }
}
/**
 * The DB repositories in the order to use them: when the DB must be downloaded, each is probed (a HEAD of
 * its manifest) and those answering 429 or 5xx, or unreachable, are moved behind the others with a
 * warning. Probing ourselves does not depend on how a Trivy version words its errors. All failing is an
 * ActionFailure listing each answer.
 */
async function orderDbRepositories(repositories, needsDownload, probe, warn) {
    if (!needsDownload)
        return repositories;
    const answers = [];
    for (const [index, repository] of repositories.entries()) {
        const answer = await probe(repository);
        if (typeof answer === 'number' && answer >= 200 && answer < 300)
            return [repository, ...repositories.filter((_, i) => i !== index)];
        const what = typeof answer === 'number' ? `HTTP ${answer}` : answer.message;
        answers.push(`${repository}: ${what}`);
        const next = repositories[index + 1];
        warn(`the Trivy DB repository ${repository} is throttled or failing (${what})${next ? `; trying ${next}` : ''}`);
    }
    throw new errors/* ActionFailure */.dR(`No Trivy DB repository could be used (${answers.join('; ')}). Nothing was pushed. Retry later, or add a reachable mirror to db-repository.`);
}
/** Probes a DB repository (`host/path[:tag]`) with an anonymous HEAD of its manifest. */
async function probeDbRepository(repository) {
    try {
        const reference = (0,image_reference/* parseImageReference */.o_)(repository);
        // One try each: a failing mirror is itself the answer, and the next mirror is tried instead.
        const client = new RegistryClient({ registry: reference.registry, timeoutMs: 15_000, retry: NO_RETRY });
        const answer = await client.request(reference.repository, {
            method: 'HEAD',
            // Without a tag Trivy asks for its DB schema version, 2.
            path: `/manifests/${reference.tag ?? '2'}`,
            headers: { accept: MANIFEST_ACCEPT },
        });
        return answer.status;
    }
    catch (error) {
        return error instanceof Error ? error : new Error(String(error));
    }
}

;// CONCATENATED MODULE: ./src/scan/trivy-cli.ts


/** `trivy image` arguments for one DB repository. Pure. Severity and unfixed filters stay off: the gate decides. */
function imageScanArgs(spec) {
    return [
        'image',
        ...['--input', spec.input],
        ...['--format', 'json', '--output', spec.output],
        ...['--scanners', spec.scanners.join(',')],
        ...['--cache-dir', spec.cacheDir, '--db-repository', spec.dbRepository],
        ...['--ignorefile', spec.ignoreFile],
        ...['--timeout', `${Math.ceil(spec.timeoutMs / 1000)}s`],
        // Not --quiet: some builds then print nothing at all when they fail.
        '--no-progress',
    ];
}
/** `trivy config` arguments for the Dockerfile (built-in checks; no download, see TRIVY_ENV). Pure. */
function configScanArgs(spec) {
    return [
        'config',
        ...['--format', 'json', '--output', spec.output],
        ...['--cache-dir', spec.cacheDir],
        ...['--ignorefile', spec.ignoreFile],
        ...['--timeout', `${Math.ceil(spec.timeoutMs / 1000)}s`],
        // No progress flag: `trivy config` has none, and its log lines are kept for errors only.
        spec.dockerfile,
    ];
}
/**
 * Settings by environment rather than flags, because flag names changed across Trivy versions and an
 * unknown variable is ignored where an unknown flag is fatal: use the checks built into the binary
 * (`--skip-policy-update` before 0.53, `--skip-check-update` after) instead of downloading them.
 */
const TRIVY_ENV = {
    TRIVY_SKIP_POLICY_UPDATE: 'true',
    TRIVY_SKIP_CHECK_UPDATE: 'true',
};
/** True when Trivy failed to fetch its DB because the registry throttled (429) or failed (5xx). */
function isRetryableDbError(output) {
    return (/(db|database|OCI repository|artifact)/i.test(output) &&
        /(\b429\b|TOOMANYREQUESTS|too many requests|\b5\d\d\b|service unavailable|bad gateway|internal server error|gateway timeout)/i.test(output));
}
/** Trivy, by path. */
class TrivyCli {
    binary;
    runner;
    env;
    constructor(binary, runner, env) {
        this.binary = binary;
        this.runner = runner;
        this.env = env;
    }
    /** Runs `trivy <args>` with prodline's Trivy environment. */
    exec(args, timeoutMs, signal) {
        return this.runner.run(this.binary, args, { env: { ...this.env, ...TRIVY_ENV }, timeoutMs, signal });
    }
    /**
     * Scans the saved image, trying each DB repository in turn while the failure is a 429/5xx from the DB
     * registry; any other failure stops at once. Returns the repository that worked.
     */
    async scanImage(spec, dbRepositories, log) {
        let last;
        for (const [index, dbRepository] of dbRepositories.entries()) {
            // A little slack over Trivy's own timeout, so Trivy reports it (with its message) rather than us.
            last = await this.exec(imageScanArgs({ ...spec, dbRepository }), spec.timeoutMs + 30_000);
            if (last.exitCode === 0)
                return dbRepository;
            const output = `${last.stderr}\n${last.stdout}`;
            if (!isRetryableDbError(output) || index === dbRepositories.length - 1)
                break;
            log(`the Trivy DB repository ${dbRepository} is throttled or failing; trying ${dbRepositories[index + 1]}`);
        }
        throw scanFailure('trivy image', last, dbRepositories);
    }
    /** Scans the Dockerfile for misconfigurations. */
    async scanConfig(spec) {
        const result = await this.exec(configScanArgs(spec), spec.timeoutMs + 30_000, spec.signal);
        if (result.exitCode !== 0)
            throw scanFailure('trivy config', result, []);
    }
}
function scanFailure(what, result, repositories) {
    const tail = lastLines(`${result?.stderr ?? ''}\n${result?.stdout ?? ''}`, 15);
    const hint = result?.exitCode === 124
        ? 'The scan ran out of time: raise scan-timeout.'
        : isRetryableDbError(tail)
            ? `Every Trivy DB repository was throttled or failing (${repositories.join(', ')}): retry later or add a mirror to db-repository.`
            : 'The image was not pushed.';
    const lines = tail
        ? `Trivy's last lines:\n${tail}`
        : 'Trivy printed nothing (some builds stay silent on errors; a release build says why).';
    return new errors/* ActionFailure */.dR(`${what} failed (exit ${result?.exitCode ?? '?'}). ${hint} ${lines}`);
}

;// CONCATENATED MODULE: ./src/scan/trivy-install.ts





/** Where Trivy releases come from (a mirror with the same layout can be given). */
const TRIVY_RELEASES = 'https://github.com/aquasecurity/trivy/releases/download';
/** The release asset for this machine: `trivy_0.58.1_Linux-64bit.tar.gz`. */
function trivyAsset(version, platform, arch) {
    const os = { linux: 'Linux', darwin: 'macOS', freebsd: 'FreeBSD' }[platform];
    const cpu = { x64: '64bit', arm64: 'ARM64', arm: 'ARM', s390x: 's390x', ppc64: 'PPC64LE' }[arch];
    if (!os || !cpu)
        throw new errors/* ActionFailure */.dR(`No Trivy release exists for ${platform}/${arch}: install Trivy yourself and set trivy-path.`);
    return `trivy_${version}_${os}-${cpu}.tar.gz`;
}
/** The expected sha256 of `asset` in a release's `checksums.txt` (`<hex>  <name>` lines). */
function checksumFor(checksums, asset) {
    for (const line of checksums.split('\n')) {
        const [hex, name] = line.trim().split(/\s+/);
        if (name === asset && /^[0-9a-f]{64}$/.test(hex))
            return hex;
    }
    return undefined;
}
async function sha256File(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}
/**
 * Installs the pinned Trivy release with `@actions/tool-cache` (loaded only on this path): reuses the runner's
 * tool cache, else downloads the archive and the release's checksums file, refuses an archive whose
 * sha256 differs, extracts and caches it. Returns the binary's path.
 */
async function installTrivy(version, baseUrl = TRIVY_RELEASES, log = () => undefined) {
    const tc = await loadToolCache();
    const cached = tc.find('trivy', version);
    if (cached)
        return (0,external_node_path_.join)(cached, 'trivy');
    const asset = trivyAsset(version, process.platform, process.arch);
    const base = `${baseUrl.replace(/\/$/, '')}/v${version}`;
    log(`installing Trivy ${version} from ${base}/${asset}`);
    const [archive, sums] = await Promise.all([
        tc.downloadTool(`${base}/${asset}`),
        tc.downloadTool(`${base}/trivy_${version}_checksums.txt`),
    ]);
    const expected = checksumFor((0,external_node_fs_.readFileSync)(sums, 'utf8'), asset);
    if (!expected)
        throw new errors/* ActionFailure */.dR(`The checksums file of Trivy ${version} has no entry for ${asset}; refusing to install it.`);
    const actual = await sha256File(archive);
    if (actual !== expected)
        throw new errors/* ActionFailure */.dR(`The downloaded ${asset} has sha256 ${actual}, but the release says ${expected}: refusing to run it (a corrupted or tampered download).`);
    const dir = await tc.extractTar(archive);
    const cachedDir = await tc.cacheDir(dir, 'trivy', version);
    return (0,external_node_path_.join)(cachedDir, 'trivy');
}

;// CONCATENATED MODULE: ./src/scan/trivy-locate.ts



/** An executable file, or undefined. */
function executable(path) {
    try {
        (0,external_node_fs_.accessSync)(path, external_node_fs_.constants.X_OK);
        return path;
    }
    catch {
        return undefined;
    }
}
/** The first `name` on a PATH string, or undefined. */
function findOnPath(name, path) {
    for (const dir of (path ?? '').split(external_node_path_.delimiter).filter(Boolean)) {
        const found = executable((0,external_node_path_.join)(dir, name));
        if (found)
            return found;
    }
    return undefined;
}
/**
 * The Trivy to use without installing: the given path (which must exist), else `trivy` on PATH.
 * Undefined means it must be installed.
 */
function locateTrivy(given, path) {
    if (given) {
        const found = executable(given);
        if (!found)
            throw new errors/* ActionFailure */.dR(`trivy-path points at ${given}, which is not an executable file. Fix the path, or leave trivy-path empty to use the trivy on PATH or install the pinned version.`);
        return found;
    }
    return findOnPath('trivy', path);
}

;// CONCATENATED MODULE: ./src/actions/build-and-scan/scan-step.ts








/** Finds Trivy, or installs the pinned version (tool-cache is loaded only on that path). */
async function resolveTrivy(inputs, runner, logger) {
    const found = locateTrivy(inputs.trivyPath, inputs.runtime.path);
    const binary = found ?? (await installTrivy(inputs.trivyVersion, undefined, (line) => logger.info(line)));
    return new TrivyCli(binary, runner, {});
}
/**
 * Starts the Dockerfile misconfiguration scan. It needs only the Dockerfile, so it runs while the image
 * builds; its own cache directory keeps it off the image scan's lock.
 */
function startConfigScan(trivy, dockerfile, work, timeoutMs, signal) {
    const output = (0,external_node_path_.join)(work, 'trivy-config.json');
    const run = async () => {
        const cli = await trivy;
        await cli.scanConfig({
            dockerfile,
            output,
            cacheDir: (0,external_node_path_.join)(work, 'trivy-config-cache'),
            ignoreFile: emptyIgnoreFile(work),
            timeoutMs,
            signal,
        });
        return parseTrivyReport((0,external_node_fs_.readFileSync)(output, 'utf8'));
    };
    return run();
}
/** Scans the saved image (vulnerabilities and/or secrets), trying the DB mirrors in turn. */
async function scanImage(inputs, trivy, tar, work, now, logger) {
    const scanners = inputs.scanners.filter((scanner) => scanner !== 'misconfig');
    if (scanners.length === 0)
        return { report: { findings: [] }, raw: {} };
    // The DB outlives the run's work directory: the runner's temp dir holds it for the job's later steps.
    const cacheDir = (0,external_node_path_.join)(inputs.github.tempDir ?? work, 'prodline-trivy-cache');
    (0,external_node_fs_.mkdirSync)(cacheDir, { recursive: true });
    const restored = inputs.runtime.actionsCache
        ? await restoreDbCache(cacheDir, now, (l) => logger.info(l))
        : undefined;
    const output = (0,external_node_path_.join)(work, 'trivy-image.json');
    const repositories = await orderDbRepositories(inputs.dbRepositories, !cachedDbIsFresh(cacheDir, now), probeDbRepository, (line) => logger.warning(line));
    const used = await trivy.scanImage({
        input: tar,
        output,
        cacheDir,
        scanners,
        ignoreFile: emptyIgnoreFile(work),
        timeoutMs: inputs.scanTimeoutMs,
    }, repositories, (line) => logger.warning(line));
    logger.info(`scanned with the vulnerability DB from ${used}`);
    if (inputs.runtime.actionsCache)
        await saveDbCache(cacheDir, now, restored, (l) => logger.info(l));
    const text = (0,external_node_fs_.readFileSync)(output, 'utf8');
    return { report: parseTrivyReport(text), raw: JSON.parse(text) };
}
function emptyIgnoreFile(work) {
    const file = (0,external_node_path_.join)(work, 'trivy-ignore-none');
    (0,external_node_fs_.writeFileSync)(file, '');
    return file;
}

;// CONCATENATED MODULE: ./src/actions/build-and-scan/pipeline.ts




















/**
 * The pipeline behind `run`: build → test in the image → scan → gate → image policy → push by digest. Nothing is pushed unless the
 * tests, the gate and an enforced policy all passed; a failed gate still gives every output.
 */
async function pipeline(inputs, context) {
    const { logger } = context;
    const now = new Date();
    const dockerfile = inputs.dockerfile ?? (0,external_node_path_.join)(inputs.context, 'Dockerfile');
    const rules = await preflight(inputs, dockerfile);
    const repo = (0,image_reference/* repositoryName */.aR)(inputs.image);
    const tags = allTags(inputs.tags, inputs.github);
    const base = inputs.github.tempDir ?? (0,external_node_os_.tmpdir)();
    (0,external_node_fs_.mkdirSync)(base, { recursive: true });
    const outDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(base, 'prodline-build-and-scan-'));
    const work = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(base, 'prodline-work-'));
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
        const image = await buildImage(inputs, docker, dockerfile, tags.map((tag) => `${repo}:${tag}`), labels, work, logger).catch((error) => {
            throw error instanceof DockerUnavailable
                ? new errors/* ActionFailure */.dR(`Docker is not usable: ${error.message}. Is the Docker engine running, and is docker-path right?`)
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
        const policy = inputs.policy === 'off'
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
        if (tested.status === 'rejected')
            throw tested.reason;
        const imageScan = await scanning;
        const reports = [imageScan.report];
        if (configScan)
            reports.push(await configScan);
        const reportFile = (0,external_node_path_.join)(outDir, 'trivy-report.json');
        writeCombinedReport(reportFile, imageScan.raw, configScan ? (0,external_node_path_.join)(work, 'trivy-config.json') : undefined);
        logger.info(`scanned in ${seconds(scanStarted)}`);
        const merged = mergeReports(reports);
        const ignored = applyIgnoreRules(merged.findings, rules, now);
        const gate = evaluateGate(ignored.kept, {
            threshold: inputs.severityThreshold,
            ignoreUnfixed: inputs.ignoreUnfixed,
            reportSeverities: inputs.reportSeverities,
        });
        const dockerfileInRepo = (0,external_node_path_.relative)(process.cwd(), dockerfile) || (0,external_node_path_.basename)(dockerfile);
        const sarifFile = (0,external_node_path_.join)(outDir, 'trivy.sarif');
        (0,external_node_fs_.writeFileSync)(sarifFile, toSarif(gate.reported, { dockerfile: dockerfileInRepo, image: repo }));
        for (const finding of gate.reported.filter((f) => f.kind === 'misconfiguration'))
            logger.warning(`${finding.id} ${finding.title}${finding.resolution ? `: ${finding.resolution}` : ''}`, {
                file: dockerfileInRepo,
                startLine: finding.line,
                title: `Dockerfile ${finding.severity}`,
            });
        for (const finding of policy)
            (finding.severity === 'error' && inputs.policy === 'enforce' ? logger.error : logger.warning).call(logger, `image policy ${finding.rule}: ${finding.message}`);
        for (const rule of ignored.expired)
            logger.warning(`the ignore entry ${rule.id} expired on ${rule.expiresAt?.toISOString().slice(0, 10)} and no longer hides anything`);
        const blockers = whyNotPushed(gate.passed, inputs, policy);
        let pushed;
        if (staging && blockers.length === 0) {
            pushed = await pushImage(inputs, await staging, tags, runner);
            logger.info(`pushed ${repo}@${pushed.digest}`);
        }
        const reference = pushed ? `${repo}@${pushed.digest}` : undefined;
        context.summary.append(scanSummary({
            image: repo,
            gate,
            threshold: inputs.severityThreshold,
            policy,
            policyMode: inputs.policy,
            ignoredCount: ignored.ignored.length,
            expiredIgnores: ignored.expired,
            pushed: reference ? { reference, tags } : undefined,
            notPushed: reference ? undefined : blockers.length > 0 ? blockers.join('; ') : 'push is false.',
        }));
        const outputs = {
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
        if (blockers.length > 0)
            throw new errors/* FailureWithOutputs */.tY(`${blockers.join('; ')}`, outputs);
        return outputs;
    }
    finally {
        ahead.abort();
        (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
    }
}
function seconds(since) {
    return `${((Date.now() - since.getTime()) / 1000).toFixed(1)} s`;
}
/** Why the image must not be pushed (empty when it may), each reason written for the person on call. */
function whyNotPushed(gatePassed, inputs, policy) {
    const reasons = [];
    if (!gatePassed)
        reasons.push(`the scan gate failed: findings at or above ${inputs.severityThreshold} (see the job summary and report-file); upgrade the packages listed with a fix, or raise severity-threshold / add an expiring ignore entry with a reason`);
    const errors = policy.filter((finding) => finding.severity === 'error');
    if (inputs.policy === 'enforce' && errors.length > 0)
        reasons.push(`the image policy failed (${errors.map((e) => e.rule).join(', ')}); fix the Dockerfile, or set policy: warn while you do`);
    return reasons;
}
/** Checks every file input before any docker call, so a typo fails in a fraction of a second. */
async function preflight(inputs, dockerfile) {
    if (!(0,external_node_fs_.existsSync)(inputs.context) || !(0,external_node_fs_.statSync)(inputs.context).isDirectory())
        throw new errors/* ConfigurationError */.j1('context', `the directory ${(0,errors/* describe */.q0)(inputs.context)} does not exist`, 'the build context directory');
    if (!(0,external_node_fs_.existsSync)(dockerfile))
        throw new errors/* ConfigurationError */.j1('dockerfile', `there is no Dockerfile at ${(0,errors/* describe */.q0)(dockerfile)}`, 'the path of an existing Dockerfile (default: <context>/Dockerfile)');
    if (inputs.registryCa && !(0,external_node_fs_.existsSync)(inputs.registryCa))
        throw new errors/* ConfigurationError */.j1('registry-ca', `there is no file at ${(0,errors/* describe */.q0)(inputs.registryCa)}`, 'the path of a PEM CA certificate');
    const ignoreFile = findIgnoreFile(inputs.context, inputs.ignoreFile);
    if (!ignoreFile)
        return [];
    if (!(0,external_node_fs_.existsSync)(ignoreFile))
        throw new errors/* ConfigurationError */.j1('ignore-file', `there is no file at ${(0,errors/* describe */.q0)(ignoreFile)}`, 'a .trivyignore or .trivyignore.yaml file');
    try {
        return await parseIgnoreFile(ignoreFile, (0,external_node_fs_.readFileSync)(ignoreFile, 'utf8'));
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1('ignore-file', error instanceof Error ? error.message : String(error), 'a .trivyignore (ID per line, optional exp:YYYY-MM-DD) or .trivyignore.yaml');
    }
}


/***/ })

};
