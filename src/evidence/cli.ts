import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { assembleEvidence } from './assemble.js';
import { partsFromNeeds, type NeededJob } from './needs.js';
import { resolveRollbackTarget, type DeploymentRecord } from './rollback-target.js';
import { evidenceSummary } from './summary.js';
import { validateEvidence } from './validate.js';

const USAGE = `usage:
  evidence assemble --schema FILE --needs FILE [--needs FILE …] [--approvals FILE] --service NAME --workflow-ref REF --out FILE
  evidence validate --schema FILE --evidence FILE
  evidence summary --evidence FILE
  evidence rollback-target --deployments FILE --target previous|sha256:… [--force]`;

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/**
 * The workflows' evidence tool (bundled to scripts/evidence/dist/index.js). Run facts come from the
 * runner's GITHUB_* variables; everything else from the files named. Returns the exit code.
 */
export function main(argv: string[], env: NodeJS.ProcessEnv, print: (text: string) => void): number {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      schema: { type: 'string' },
      needs: { type: 'string', multiple: true },
      approvals: { type: 'string' },
      service: { type: 'string' },
      'workflow-ref': { type: 'string' },
      out: { type: 'string' },
      evidence: { type: 'string' },
      deployments: { type: 'string' },
      target: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  switch (command) {
    case 'assemble': {
      if (!values.schema || !values.needs?.length || !values.out) break;
      const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
      const parts = partsFromNeeds(
        values.needs.map((file) => readJson(file) as Record<string, NeededJob>),
        values.approvals ? readJson(values.approvals) : [],
        {
          service: values.service || (env.GITHUB_REPOSITORY ?? '').split('/')[1] || 'service',
          run: {
            repository: env.GITHUB_REPOSITORY ?? '',
            commit: env.GITHUB_SHA ?? '',
            ref: env.GITHUB_REF,
            runId: env.GITHUB_RUN_ID ?? '',
            runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
            url: `${server}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID ?? ''}`,
            workflowRef: values['workflow-ref'] ?? '',
            actor: env.GITHUB_ACTOR,
          },
        },
      );
      const evidence = assembleEvidence(parts);
      writeFileSync(values.out, `${JSON.stringify(evidence, null, 2)}\n`);
      return report(validateEvidence(readJson(values.schema) as object, evidence), values.out, print);
    }
    case 'validate': {
      if (!values.schema || !values.evidence) break;
      const result = validateEvidence(readJson(values.schema) as object, readJson(values.evidence));
      return report(result, values.evidence, print);
    }
    case 'summary': {
      if (!values.evidence) break;
      print(evidenceSummary(readJson(values.evidence) as Parameters<typeof evidenceSummary>[0]));
      return 0;
    }
    case 'rollback-target': {
      if (!values.deployments || !values.target) break;
      const decision = resolveRollbackTarget(
        readJson(values.deployments) as DeploymentRecord[],
        values.target,
        values.force ?? false,
      );
      // Lines for $GITHUB_OUTPUT; a refusal is an answer, not a crash: the workflow's next step says it.
      if (decision.allowed)
        print(`allowed=true\ndigest=${decision.digest}\nknown=${decision.known}\nnote=${decision.note}`);
      else print(`allowed=false\nknown=false\nrefusal=${decision.reason}`);
      return 0;
    }
  }
  print(USAGE);
  return 2;
}

function report(
  result: ReturnType<typeof validateEvidence>,
  file: string,
  print: (text: string) => void,
): number {
  if (result.valid) return 0;
  print(
    `${file} does not match the release-evidence schema:\n${result.errors.map((e) => `  ${e}`).join('\n')}`,
  );
  return 1;
}
