export const id = 802;
export const ids = [802];
export const modules = {

/***/ 55802:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  prepareDeploy: () => (/* binding */ prepareDeploy)
});

// UNUSED EXPORTS: PolicyRefused

// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
// EXTERNAL MODULE: ./src/kube/kinds.ts
var kinds = __webpack_require__(13154);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/runtime/command-runner.ts
var command_runner = __webpack_require__(82480);
;// CONCATENATED MODULE: ./src/deploy/kustomize.ts


/**
 * Renders a kustomization: `kustomize build DIR` when kustomize is on PATH, else `kubectl kustomize DIR`
 * (GitHub's runners have kubectl; kubectl carries kustomize). Neither on PATH is a clear error.
 */
async function renderKustomization(directory, runner) {
    const attempts = [
        ['kustomize', ['build', directory]],
        ['kubectl', ['kustomize', directory]],
    ];
    for (const [tool, args] of attempts) {
        const result = await runner.run(tool, args, { timeoutMs: 120_000 });
        if (result.exitCode === 127)
            continue; // not on PATH: try the next renderer
        if (result.exitCode !== 0)
            throw new errors/* ActionFailure */.dR(`Manifest ${directory}: ${tool} ${args.join(' ')} failed (exit ${result.exitCode}): ${(0,command_runner/* lastLines */.w)(result.stderr || result.stdout, 10)}`);
        return result.stdout;
    }
    throw new errors/* ActionFailure */.dR(`Manifest ${directory}: holds a kustomization, but neither kustomize nor kubectl is on PATH to render it. Install one (e.g. azure/setup-kubectl) before this step, or list plain manifest files`);
}

;// CONCATENATED MODULE: ./src/deploy/manifests.ts





/** A manifest the user has to fix: names the file (and line) and what is wrong. */
class ManifestError extends errors/* ActionFailure */.dR {
    file;
    line;
    constructor(file, problem, line) {
        super(`Manifest ${(0,errors/* shorten */.ml)(file, 200)}${line ? `:${line}` : ''}: ${problem}`);
        this.file = file;
        this.line = line;
    }
}
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/**
 * Reads every manifest: files as YAML multi-documents, directories file by file (`.yaml`, `.yml`,
 * `.json`, sorted), or through kustomize when the directory holds a kustomization. Empty documents
 * and `List` kinds are flattened; a parse error names the file and line.
 */
async function loadManifests(paths, runner) {
    const objects = [];
    for (const path of paths) {
        if (!(0,external_node_fs_.existsSync)(path))
            throw new ManifestError(path, 'no such file or directory (paths are relative to the workspace)');
        if ((0,external_node_fs_.statSync)(path).isDirectory()) {
            if (KUSTOMIZATION_FILES.some((f) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(path, f)))) {
                objects.push(...parseManifestText(await renderKustomization(path, runner), `${path} (kustomize)`));
                continue;
            }
            const files = (0,external_node_fs_.readdirSync)(path)
                .filter((f) => /\.(ya?ml|json)$/.test(f))
                .sort();
            if (files.length === 0)
                throw new ManifestError(path, 'the directory holds no .yaml, .yml or .json file');
            for (const file of files)
                objects.push(...parseManifestText((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(path, file), 'utf8'), (0,external_node_path_.join)(path, file)));
        }
        else {
            objects.push(...parseManifestText((0,external_node_fs_.readFileSync)(path, 'utf8'), path));
        }
    }
    return objects;
}
/** Parses one YAML multi-document text; every document must be a Kubernetes object. */
function parseManifestText(text, file) {
    const lineCounter = new dist/* LineCounter */.HN();
    const documents = (0,dist/* parseAllDocuments */.hR)(text, { lineCounter, prettyErrors: false });
    if (!Array.isArray(documents))
        return [];
    const objects = [];
    for (const document of documents) {
        const line = lineCounter.linePos(document.range[0]).line;
        const error = document.errors[0];
        if (error)
            throw new ManifestError(file, `does not parse as YAML: ${error.message.split('\n')[0]}`, lineCounter.linePos(error.pos[0]).line);
        const value = document.toJS();
        if (value === null || value === undefined)
            continue;
        for (const object of flatten(value, file, line))
            objects.push({ object, file, line });
    }
    return objects;
}
function flatten(value, file, line) {
    if (typeof value !== 'object' || Array.isArray(value))
        throw new ManifestError(file, 'a document is not a Kubernetes object (expected a mapping with apiVersion, kind and metadata)', line);
    const object = value;
    if (object.kind === 'List' || (object.kind?.endsWith('List') && Array.isArray(object.items)))
        return (object.items ?? []).flatMap((item) => flatten(item, file, line));
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string')
        throw new ManifestError(file, 'an object has no apiVersion or kind', line);
    if (typeof object.metadata?.name !== 'string' || object.metadata.name === '')
        throw new ManifestError(file, `the ${object.kind} has no metadata.name`, line);
    return [object];
}

;// CONCATENATED MODULE: ./src/deploy/manifest-set.ts


/** `ghcr.io/org/web@sha256:…` or `ghcr.io/org/web:1.2` → `ghcr.io/org/web` (Docker Hub names normalised). */
function imageRepository(image) {
    let rest = image.split('@')[0];
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > lastSlash)
        rest = rest.slice(0, colon);
    const first = rest.split('/')[0];
    const hasRegistry = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
    if (!hasRegistry)
        rest = `docker.io/${rest.includes('/') ? rest : `library/${rest}`}`;
    return rest;
}
/** The image string to deploy: `registry/repository@digest` (or `:tag` outside production). */
function imageString(image) {
    return `${image.registry}/${image.repository}${image.digest ? `@${image.digest}` : `:${image.tag ?? 'latest'}`}`;
}
function containersOf(object) {
    const spec = object.spec?.template?.spec;
    return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}
/**
 * Checks the set before anything is written, each problem naming its file: only supported kinds,
 * no kind/name twice, a namespace (when set) equal to the target; then pins `image` into every
 * container whose repository matches. An image that no container uses is refused (a typo in
 * `image` or the manifests would otherwise deploy nothing new).
 */
function prepareManifestSet(objects, namespace, image) {
    const seen = new Map();
    for (const entry of objects) {
        const { object, file, line } = entry;
        if (!(0,kinds/* isSupportedKind */.z6)(object.kind))
            throw new ManifestError(file, `${object.kind} "${object.metadata.name}" is a kind canary-deploy does not deploy (supported: ${Object.keys(kinds/* KINDS */.GW).join(', ')}); apply it in a separate step`, line);
        if (object.apiVersion !== kinds/* KINDS */.GW[object.kind].apiVersion)
            throw new ManifestError(file, `${object.kind} "${object.metadata.name}" has apiVersion ${object.apiVersion}; use ${kinds/* KINDS */.GW[object.kind].apiVersion}`, line);
        if (object.metadata.namespace && object.metadata.namespace !== namespace)
            throw new ManifestError(file, `${object.kind} "${object.metadata.name}" names namespace "${object.metadata.namespace}" but the deploy targets "${namespace}": remove metadata.namespace or fix the namespace input`, line);
        const key = `${object.kind}/${object.metadata.name}`;
        const earlier = seen.get(key);
        if (earlier)
            throw new ManifestError(file, `${key} is defined twice (also in ${earlier.file}${earlier.line ? `:${earlier.line}` : ''}): keep one`, line);
        seen.set(key, entry);
    }
    const pinned = objects.map((entry) => ({
        ...entry,
        object: withNamespace(structuredClone(entry.object), namespace),
    }));
    if (image) {
        const repository = imageRepository(imageString(image));
        let used = false;
        for (const { object } of pinned)
            for (const container of containersOf(object))
                if (container.image && imageRepository(container.image) === repository) {
                    container.image = imageString(image);
                    used = true;
                }
        if (!used) {
            const images = [
                ...new Set(pinned.flatMap(({ object }) => containersOf(object).map((c) => c.image))),
            ].join(', ');
            throw new ManifestError([...new Set(objects.map((o) => o.file))].join(', '), `no container uses the image repository ${repository} (the manifests use: ${images || 'no images'}); fix the image input or the container image`);
        }
    }
    return {
        objects: pinned,
        deployments: pinned.filter((o) => o.object.kind === 'Deployment'),
        services: pinned.filter((o) => o.object.kind === 'Service'),
    };
}
function withNamespace(object, namespace) {
    object.metadata.namespace = namespace;
    return object;
}

// EXTERNAL MODULE: ./src/deploy/policy.ts
var policy = __webpack_require__(6509);
;// CONCATENATED MODULE: ./src/deploy/prepare.ts




/** Refused by policy: every finding listed; nothing was written. */
class PolicyRefused extends errors/* ActionFailure */.dR {
    findings;
    constructor(findings) {
        super(`Policy (enforce) refused the manifests, nothing was deployed. ${findings.length} finding${findings.length === 1 ? '' : 's'}:\n` +
            findings.map((f) => `  - ${(0,policy/* formatFinding */.tf)(f)}`).join('\n') +
            '\nFix the manifests (or set policy: warn to deploy anyway and report them)');
        this.findings = findings;
    }
}
/**
 * Everything that happens before the first cluster call of a deploy: manifests read (kustomize where
 * asked), checked (kinds, duplicates, namespace, image used), pinned to the digest and checked against
 * the pod security policy. With `enforce`, a finding throws PolicyRefused: zero writes.
 */
async function prepareDeploy(options) {
    const loaded = await loadManifests(options.manifests, options.runner);
    const set = prepareManifestSet(loaded, options.namespace, options.image);
    const findings = options.policy === 'off' ? [] : set.objects.flatMap(({ object, file }) => (0,policy/* checkObject */.gr)(object, file));
    if (options.policy === 'enforce' && findings.length > 0)
        throw new PolicyRefused(findings);
    return { set, findings };
}


/***/ })

};
