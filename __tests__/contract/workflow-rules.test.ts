import {
  ACTION_FILES,
  WORKFLOW_FILES,
  expressionsIn,
  needsOf,
  prodlineActionOf,
  readAction,
  readText,
  readWorkflow,
  stepsOf,
  type ActionFile,
  type Job,
  type Workflow,
} from '../../scripts/lib/workflow-files.js';

const actionOf = (name: string): ActionFile => readAction(`actions/${name}/action.yml`);
const inputsOf = (action: ActionFile) => action.inputs ?? {};

interface CallInterface {
  inputs: Record<string, { required?: boolean }>;
  secrets: Record<string, { required?: boolean }>;
  outputs: Record<string, unknown>;
}

/** The workflow_call interface of a workflow a job calls (`./.github/workflows/x.yml` or `<owner>/prodline/.github/workflows/x.yml@ref`). */
function calledInterface(uses: string): CallInterface {
  const path = /(\.github\/workflows\/[^@]+)/.exec(uses)?.[1];
  if (!path) throw new Error(`not a workflow call: ${uses}`);
  const call = (readWorkflow(path).on.workflow_call ?? {}) as Partial<CallInterface>;
  return { inputs: call.inputs ?? {}, secrets: call.secrets ?? {}, outputs: call.outputs ?? {} };
}

/** Outputs a needed job offers: its own `outputs:`, or its called workflow's. */
function outputsOf(job: Job): string[] {
  return Object.keys(job.uses ? calledInterface(job.uses).outputs : (job.outputs ?? {}));
}

describe.each(WORKFLOW_FILES)('%s', (file) => {
  const workflow: Workflow = readWorkflow(file);
  const text = readText(file);

  test('every step running one of our actions gives only declared inputs, and every required one', () => {
    const problems: string[] = [];
    for (const { job, step } of stepsOf(workflow)) {
      // The root action: `./` in this repository, `<owner>/prodline@ref` elsewhere.
      const isRoot = step.uses === './' || /^[^/]+\/prodline@/.test(step.uses ?? '');
      const action = isRoot ? 'the root action' : prodlineActionOf(step.uses);
      if (!action) continue;
      const declared = inputsOf(isRoot ? readAction('action.yml') : actionOf(action));
      const given = Object.keys(step.with ?? {});
      for (const name of given)
        if (!(name in declared)) problems.push(`${job}: ${action} has no input "${name}"`);
      // ci.yml's smoke job leaves required inputs out on purpose (the bundle must fail cleanly), and
      // marks those steps continue-on-error.
      if (step['continue-on-error'] === true) continue;
      for (const [name, spec] of Object.entries(declared))
        if (spec.required && !given.includes(name)) problems.push(`${job}: ${action} needs "${name}"`);
    }
    expect(problems).toEqual([]);
  });

  test('every steps.<id>.outputs.<o> of one of our actions is an output it declares', () => {
    const problems: string[] = [];
    for (const [jobName, job] of Object.entries(workflow.jobs)) {
      const byId = new Map((job.steps ?? []).filter((s) => s.id).map((s) => [s.id!, s]));
      for (const expression of expressionsIn(JSON.stringify(job)))
        for (const [, id, output] of expression.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          const step = byId.get(id);
          if (!step) problems.push(`${jobName}: no step "${id}"`);
          const action = prodlineActionOf(step?.uses);
          if (action && !(output in (actionOf(action).outputs ?? {})))
            problems.push(`${jobName}: ${action} has no output "${output}"`);
        }
    }
    expect(problems).toEqual([]);
  });

  test('every needs.<job>.outputs.<o> names a needed job and an output it has', () => {
    const problems: string[] = [];
    for (const [jobName, job] of Object.entries(workflow.jobs)) {
      const needs = needsOf(job);
      for (const expression of expressionsIn(JSON.stringify(job)))
        for (const [, needed, output] of expression.matchAll(
          /needs\.([\w-]+)\.(?:outputs\.([\w-]+)|result)/g,
        )) {
          if (!needs.includes(needed)) problems.push(`${jobName}: reads needs.${needed} without needing it`);
          else if (output && !outputsOf(workflow.jobs[needed]).includes(output))
            problems.push(`${jobName}: ${needed} has no output "${output}"`);
        }
    }
    const call = workflow.on.workflow_call as { outputs?: Record<string, { value: string }> } | undefined;
    for (const [name, spec] of Object.entries(call?.outputs ?? {}))
      for (const [, job, output] of spec.value.matchAll(/jobs\.([\w-]+)\.outputs\.([\w-]+)/g))
        if (!workflow.jobs[job] || !outputsOf(workflow.jobs[job]).includes(output))
          problems.push(`output ${name}: jobs.${job}.outputs.${output} does not exist`);
    expect(problems).toEqual([]);
  });

  test('every called workflow gets only declared inputs and secrets, and every required one', () => {
    const problems: string[] = [];
    for (const [jobName, job] of Object.entries(workflow.jobs)) {
      if (!job.uses?.includes('.github/workflows/')) continue;
      const callee = calledInterface(job.uses);
      expect(job.secrets).not.toBe('inherit'); // least privilege: each secret named
      const secrets = Object.keys((job.secrets as Record<string, unknown> | undefined) ?? {});
      const inputs = Object.keys(job.with ?? {});
      for (const name of inputs)
        if (!(name in callee.inputs)) problems.push(`${jobName}: no input "${name}"`);
      for (const name of secrets)
        if (!(name in callee.secrets)) problems.push(`${jobName}: no secret "${name}"`);
      for (const [name, spec] of Object.entries(callee.inputs))
        if (spec.required && !inputs.includes(name)) problems.push(`${jobName}: input "${name}" is required`);
    }
    expect(problems).toEqual([]);
  });

  test('top-level permissions are empty and every job declares its own', () => {
    expect(workflow.permissions).toEqual({});
    const missing = Object.entries(workflow.jobs).filter(([, job]) => job.permissions === undefined);
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  test('every third-party action is pinned by full commit SHA with a version comment', () => {
    const unpinned = text
      .split('\n')
      .map((line) => /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .filter(([, uses]) => !uses.startsWith('./'))
      // The templates name prodline itself by release; an organisation pins that to its SHA (README).
      .filter(([, uses]) => !/^my-org\/prodline\/\.github\/workflows\/[\w-]+\.yml@v\d+$/.test(uses))
      .filter(([, uses, rest]) => !/@[0-9a-f]{40}$/.test(uses) || !/^\s+# v\d+\.\d+\.\d+$/.test(rest))
      .map(([line]) => line.trim());
    expect(unpinned).toEqual([]);
  });

  test('no github.event.* or inputs.* expression inside a run: script (they go through env:)', () => {
    const problems = stepsOf(workflow).flatMap(({ job, step }) =>
      expressionsIn(step.run ?? '')
        .filter((e) => /\b(github\.event|inputs)\./.test(e) || /^github\.(head_ref|event)/.test(e))
        .map((e) => `${job}: ${e}`),
    );
    expect(problems).toEqual([]);
  });
});

describe('least privilege: each write permission is used by the job that holds it', () => {
  // What each write permission is for, read off the job's steps.
  const needsWrite: Record<string, (job: Job) => boolean> = {
    'id-token': (job) =>
      (job.steps ?? []).some(
        (s) =>
          (prodlineActionOf(s.uses) === 'sign-image' && (s.with?.mode ?? 'sign') === 'sign') ||
          /^(aws-actions\/configure-aws-credentials|google-github-actions\/auth|azure\/login)@/.test(
            s.uses ?? '',
          ),
      ),
    packages: (job) =>
      (job.steps ?? []).some(
        (s) =>
          (prodlineActionOf(s.uses) === 'build-and-scan' && s.with?.push === 'true') ||
          (prodlineActionOf(s.uses) === 'sign-image' && (s.with?.mode ?? 'sign') === 'sign'),
      ),
    'security-events': (job) =>
      (job.steps ?? []).some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')),
    deployments: (job) =>
      (job.steps ?? []).some(
        (s) => prodlineActionOf(s.uses) === 'notify' && s.with?.['github-token'] !== undefined,
      ),
  };
  const files = [
    '.github/workflows/pipeline.yml',
    '.github/workflows/deploy.yml',
    '.github/workflows/rollback.yml',
  ];

  test.each(files)('%s: step jobs', (file) => {
    const problems: string[] = [];
    for (const [name, job] of Object.entries(readWorkflow(file).jobs)) {
      if (job.uses) continue;
      const permissions = job.permissions as Record<string, string>;
      for (const [scope, used] of Object.entries(needsWrite)) {
        const granted = permissions[scope] === 'write';
        if (granted !== used(job))
          problems.push(`${name}: ${scope} ${granted ? 'granted, unused' : 'used, not granted'}`);
      }
    }
    expect(problems).toEqual([]);
  });

  const callers = [...files, 'workflows/service-pipeline.yml', 'workflows/manual-rollback.yml'];
  test.each(callers)('%s: a calling job grants exactly what the called workflow jobs ask for', (file) => {
    for (const [name, job] of Object.entries(readWorkflow(file).jobs)) {
      if (!job.uses) continue;
      const callee = readWorkflow(/(\.github\/workflows\/[^@]+)/.exec(job.uses)![1]);
      const union: Record<string, string> = {};
      for (const calleeJob of Object.values(callee.jobs))
        for (const [scope, level] of Object.entries(calleeJob.permissions as Record<string, string>))
          if (union[scope] !== 'write') union[scope] = level;
      expect({ name, permissions: job.permissions }).toEqual({ name, permissions: union });
    }
  });
});

describe('the digest from build is the only thing deployed', () => {
  const pipeline = readWorkflow('.github/workflows/pipeline.yml');

  test('both environments deploy needs.build.outputs.image, which build-and-scan pins by digest', () => {
    expect(pipeline.jobs['deploy-staging'].with!.image).toBe('${{ needs.build.outputs.image }}');
    expect(pipeline.jobs['deploy-production'].with!.image).toBe('${{ needs.build.outputs.image }}');
    expect(pipeline.jobs.build.outputs!.image).toBe('${{ steps.build.outputs.image }}');
    expect(pipeline.jobs.sign.steps!.find((s) => s.id === 'sign')!.with!.image).toBe(
      '${{ needs.build.outputs.image }}',
    );
  });

  test('deploy.yml refuses anything but repo@sha256 before touching the cluster', () => {
    const steps = readWorkflow('.github/workflows/deploy.yml').jobs.deploy.steps!;
    const guard = steps.findIndex((s) => s.name === 'refuse anything not pinned by digest');
    expect(guard).toBeGreaterThanOrEqual(0);
    expect(guard).toBeLessThan(steps.findIndex((s) => s.id === 'deploy'));
    expect(steps[guard].run).toContain('@sha256:[a-f0-9]{64}$');
  });

  test('one deployment per environment at a time, never cancelled in flight', () => {
    const deploy = readWorkflow('.github/workflows/deploy.yml').jobs.deploy;
    expect(deploy.concurrency).toEqual({
      group: 'prodline-deploy-${{ inputs.environment }}',
      'cancel-in-progress': false,
    });
    expect(deploy.environment).toEqual({
      name: '${{ inputs.environment }}',
      url: '${{ inputs.environment-url }}',
    });
    expect(pipeline.jobs['deploy-production'].with!.environment).toBe('production');
    expect(pipeline.jobs['deploy-production'].with!.strategy).toBe('${{ inputs.production-strategy }}');
    expect((pipeline.on.workflow_call as CallInterface).inputs['production-strategy']).toMatchObject({
      default: 'canary',
    });
  });
});

describe('every workflow_call input, secret and output is typed and described', () => {
  test.each(WORKFLOW_FILES.filter((f) => 'workflow_call' in readWorkflow(f).on))('%s', (file) => {
    const call = readWorkflow(file).on.workflow_call as CallInterface & {
      inputs: Record<string, { type?: string; description?: string }>;
    };
    for (const [name, spec] of Object.entries(call.inputs)) {
      expect({ name, type: ['string', 'number', 'boolean'].includes(spec.type ?? '') }).toEqual({
        name,
        type: true,
      });
      expect({ name, described: (spec.description ?? '').length > 5 }).toEqual({ name, described: true });
    }
    for (const [name, spec] of [...Object.entries(call.secrets), ...Object.entries(call.outputs)])
      expect({ name, described: ((spec as { description?: string }).description ?? '').length > 5 }).toEqual({
        name,
        described: true,
      });
  });
});

describe('the root action.yml gives each sibling what the runner would', () => {
  const root = readAction('action.yml');
  test.each((root.runs.steps ?? []).map((s) => [s.id ?? 'notify', s] as const))('%s', (_id, step) => {
    const sibling = /actions\/([^/]+)\/dist\/index\.js/.exec(step.run ?? '')![1];
    const declared = inputsOf(actionOf(sibling));
    const given = Object.keys(step.env ?? {})
      .filter((k) => k.startsWith('INPUT_'))
      .map((k) => k.slice('INPUT_'.length).toLowerCase());
    // Only a `uses:` step gets action.yml defaults from the runner: here every defaulted input is given.
    const missing = Object.entries(declared)
      .filter(([name, spec]) => (spec.required || spec.default !== undefined) && !given.includes(name))
      .map(([name]) => name);
    expect({ sibling, undeclared: given.filter((name) => !(name in declared)), missing }).toEqual({
      sibling,
      undeclared: [],
      missing: [],
    });
  });

  test('its own inputs are all described, and each is used', () => {
    const text = readText('action.yml');
    for (const [name, spec] of Object.entries(inputsOf(root))) {
      expect({ name, described: (spec.description ?? '').length > 5 }).toEqual({ name, described: true });
      expect({ name, used: text.includes(`inputs.${name} `) }).toEqual({ name, used: true });
    }
  });
});

test('the action.yml list covers the five actions and the root', () => {
  expect(ACTION_FILES).toHaveLength(6);
});

describe.each(WORKFLOW_FILES.filter((f) => f.startsWith('workflows/')))('template %s', (file) => {
  const properties = JSON.parse(readText(file.replace(/\.yml$/, '.properties.json'))) as Record<
    string,
    unknown
  >;

  test('has a starter-workflow .properties.json (name, description, iconName, categories)', () => {
    expect(typeof properties.name).toBe('string');
    expect(String(properties.description).length).toBeGreaterThan(20);
    expect(String(properties.iconName)).toMatch(/^octicon [a-z-]+$/);
    expect(Array.isArray(properties.categories) && properties.categories.length > 0).toBe(true);
  });

  test('only calls prodline reusable workflows (no steps of its own to keep in step)', () => {
    const jobs = Object.values(readWorkflow(file).jobs);
    expect(
      jobs.every((job) => /^my-org\/prodline\/\.github\/workflows\/[\w-]+\.yml@/.test(job.uses ?? '')),
    ).toBe(true);
  });
});
