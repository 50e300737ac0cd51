import type { KubeObject } from '../../kube/kube-client.js';
import { ref } from '../../kube/kinds.js';
import { rolloutStatus, type DeploymentLike } from '../../kube/rollout-status.js';
import { ActionFailure } from '../../runtime/errors.js';
import { annotationOf, ANNOTATIONS, LABELS, servedDigest } from '../annotations.js';
import {
  emptyResult,
  record,
  removeObject,
  revisionOf,
  syncObject,
  waitReady,
  type DeployContext,
  type DeployResult,
} from '../deploy-context.js';
import { applicableCopy, derivedDeployment, serviceFor, serviceSelecting } from './derived-objects.js';

export type Colour = 'blue' | 'green';
const other = (c: Colour): Colour => (c === 'blue' ? 'green' : 'blue');

/** The colour a Service routes to (its selector's `prodline.dev/colour`), if any. */
export function activeColour(service: KubeObject | undefined): Colour | undefined {
  const value = (service?.spec as { selector?: Record<string, string> } | undefined)?.selector?.[
    LABELS.colour
  ];
  return value === 'blue' || value === 'green' ? value : undefined;
}

function colourDeployment(object: KubeObject, colour: Colour, service: string): KubeObject {
  return derivedDeployment(object, {
    name: `${object.metadata.name}-${colour}`,
    label: [LABELS.colour, colour],
    extra: { [ANNOTATIONS.service]: service },
  });
}

/**
 * `blue-green`, deploy: the idle colour `<name>-<colour>` gets the new digest and is waited for; the
 * Service is not switched. The very first deploy makes `<name>-blue` and points the Service at it only
 * once blue is ready.
 */
export async function deployBlueGreen(ctx: DeployContext): Promise<DeployResult> {
  const set = ctx.manifests;
  if (!set) throw new ActionFailure('strategy blue-green, action deploy: no manifests to deploy');
  const result = emptyResult();
  const pending: { service: KubeObject; colour: Colour; deployment: string }[] = [];
  const targets: string[] = [];
  for (const { object } of set.deployments) {
    const service = serviceFor(
      object,
      set.services.map((s) => s.object),
    );
    if (!service)
      throw new ActionFailure(
        `strategy blue-green: no Service in the manifests selects the pods of Deployment ${object.metadata.name}; add the Service that routes to it`,
      );
    const live = await ctx.client.get(ref('Service', ctx.namespace, service.metadata.name));
    const active = activeColour(live);
    const colour = active ? other(active) : 'blue';
    const name = `${object.metadata.name}-${colour}`;
    if (!active) {
      result.notes.push(
        `First release of ${object.metadata.name}: nothing was serving yet, so ${name} was deployed, verified ready, and the Service ${service.metadata.name} pointed at it straight away.`,
      );
      pending.push({ service, colour, deployment: name });
    } else {
      const activeDeployment = await ctx.client.get(
        ref('Deployment', ctx.namespace, `${object.metadata.name}-${active}`),
      );
      result.previousDigest ??= servedDigest(activeDeployment);
      result.canary ??= name;
      result.workloads.push({
        kind: 'Deployment',
        name: `${object.metadata.name}-${active}`,
        namespace: ctx.namespace,
        role: active,
      });
    }
    await syncObject(ctx, colourDeployment(object, colour, service.metadata.name), result);
    targets.push(name);
    result.workloads.push({ kind: 'Deployment', name, namespace: ctx.namespace, role: colour });
    result.service ??= service.metadata.name;
  }
  await waitReady(ctx, targets);
  // Only now, with the new colour ready, does a first release get its Service.
  for (const p of pending)
    await syncObject(ctx, serviceSelecting(p.service, [LABELS.colour, p.colour]), result, { record: true });
  result.digest = ctx.release.digest;
  result.nextStep = result.canary
    ? `${result.canary} runs ${ctx.release.digest} and is ready, without traffic. Check it, then run this step again with action: promote to switch the Service ${result.service}, or action: abort to delete it.`
    : `The Service ${result.service} serves ${ctx.release.digest}. The next deploy goes to the idle colour.`;
  return result;
}

/** The blue-green pairs of the namespace: each Service with a colour, its active and idle Deployments. */
async function colourPairs(ctx: DeployContext) {
  const deployments = (await ctx.client.list('apps/v1', 'Deployment', ctx.namespace, LABELS.colour)).items;
  const services = [
    ...new Set(deployments.map((d) => annotationOf(d, ANNOTATIONS.service)).filter((s): s is string => !!s)),
  ];
  const pairs = [];
  for (const name of services) {
    const service = await ctx.client.get(ref('Service', ctx.namespace, name));
    const active = activeColour(service);
    if (!service || !active) continue;
    const of = (c: Colour) =>
      deployments.find(
        (d) => annotationOf(d, ANNOTATIONS.service) === name && d.metadata.labels?.[LABELS.colour] === c,
      );
    pairs.push({
      service,
      active,
      activeDeployment: of(active),
      idle: other(active),
      idleDeployment: of(other(active)),
    });
  }
  return pairs;
}

async function switchService(
  ctx: DeployContext,
  service: KubeObject,
  to: Colour,
  digest: string | undefined,
  result: DeployResult,
): Promise<void> {
  const switched = serviceSelecting(applicableCopy(service), [LABELS.colour, to]);
  const pctx = { ...ctx, release: { ...ctx.release, digest: digest ?? ctx.release.digest } };
  await syncObject(pctx, switched, result, { live: service });
  record(ctx, result, { object: `Service/${service.metadata.name}`, action: 'switched', to });
}

/**
 * `blue-green`, promote: the Service switches to the idle colour only if that colour is rolled out and
 * ready; the previous colour is kept for an instant switch back (`keep-previous`) or deleted.
 */
export async function promoteBlueGreen(ctx: DeployContext): Promise<DeployResult> {
  const result = emptyResult();
  const pairs = await colourPairs(ctx);
  for (const pair of pairs) {
    const idle = pair.idleDeployment;
    result.service ??= pair.service.metadata.name;
    if (!idle) {
      result.notes.push(
        `Service ${pair.service.metadata.name} already routes to ${pair.active} and there is no ${pair.idle} to promote.`,
      );
      continue;
    }
    // The idle colour serving the Service's previous digest is the colour promoted away from: this
    // promote already happened (a re-run, or one stopped before deleting it). Never switch back here.
    if (servedDigest(idle) === annotationOf(pair.service, ANNOTATIONS.previousDigest)) {
      result.notes.push(
        `Service ${pair.service.metadata.name} was already promoted to ${pair.active}; ${idle.metadata.name} is the previous colour.`,
      );
      result.digest ??= servedDigest(pair.activeDeployment);
      result.previousDigest ??= servedDigest(idle);
      if (!ctx.keepPrevious)
        await removeObject(ctx, { kind: 'Deployment', name: idle.metadata.name }, result);
      continue;
    }
    await waitReady(ctx, [idle.metadata.name]);
    const status = rolloutStatus(
      (await ctx.client.get(ref('Deployment', ctx.namespace, idle.metadata.name))) as DeploymentLike,
    );
    if (status.state !== 'done')
      throw new ActionFailure(
        `${idle.metadata.name} is not ready (${status.message}): the Service was not switched`,
      );
    const digest = servedDigest(idle);
    result.previousDigest ??= servedDigest(pair.activeDeployment);
    result.digest ??= digest;
    await switchService(ctx, pair.service, pair.idle, digest, result);
    result.workloads.push({
      kind: 'Deployment',
      name: idle.metadata.name,
      namespace: ctx.namespace,
      role: pair.idle,
    });
    if (pair.activeDeployment && !ctx.keepPrevious)
      await removeObject(ctx, { kind: 'Deployment', name: pair.activeDeployment.metadata.name }, result);
    result.revision ??= revisionOf(idle);
    result.canary ??=
      pair.activeDeployment && ctx.keepPrevious ? pair.activeDeployment.metadata.name : undefined;
  }
  if (pairs.length === 0)
    result.notes.push(`No blue-green Service in namespace ${ctx.namespace}: nothing to promote.`);
  result.nextStep = result.digest
    ? `The Service ${result.service} serves ${result.digest}.${ctx.keepPrevious ? ` Run action: abort to switch back to ${result.previousDigest ?? 'the previous colour'} at once.` : ''}`
    : undefined;
  return result;
}

/**
 * `blue-green`, abort: before promote, the idle colour (the candidate) is deleted; after promote (the
 * idle colour is the one that served before, by its digest), the Service switches back to it.
 */
export async function abortBlueGreen(ctx: DeployContext): Promise<DeployResult> {
  const result = emptyResult();
  for (const pair of await colourPairs(ctx)) {
    result.service ??= pair.service.metadata.name;
    const idle = pair.idleDeployment;
    if (!idle) {
      result.notes.push(`Service ${pair.service.metadata.name}: no idle colour, nothing to abort.`);
      continue;
    }
    const previous = annotationOf(pair.service, ANNOTATIONS.previousDigest);
    if (previous && servedDigest(idle) === previous) {
      await waitReady(ctx, [idle.metadata.name]);
      await switchService(ctx, pair.service, pair.idle, previous, result);
      result.digest ??= previous;
      result.workloads.push({
        kind: 'Deployment',
        name: idle.metadata.name,
        namespace: ctx.namespace,
        role: pair.idle,
      });
      result.notes.push(
        `Switched the Service ${pair.service.metadata.name} back to ${idle.metadata.name} (${previous}).`,
      );
    } else {
      await removeObject(ctx, { kind: 'Deployment', name: idle.metadata.name }, result);
      result.digest ??= servedDigest(pair.activeDeployment);
      if (pair.activeDeployment)
        result.workloads.push({
          kind: 'Deployment',
          name: pair.activeDeployment.metadata.name,
          namespace: ctx.namespace,
          role: pair.active,
        });
    }
  }
  return result;
}
