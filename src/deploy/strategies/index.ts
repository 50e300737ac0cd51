import type { DeployContext, DeployResult } from '../deploy-context.js';
import { abortBlueGreen, deployBlueGreen, promoteBlueGreen } from './blue-green.js';
import { abortCanary, deployCanary, promoteCanary } from './canary.js';
import { deployRolling } from './rolling.js';
import { ActionFailure } from '../../runtime/errors.js';

export type StrategyName = 'rolling' | 'canary' | 'blue-green';
export type DeployAction = 'deploy' | 'promote' | 'abort';

type Step = (ctx: DeployContext) => Promise<DeployResult>;

const refuse =
  (what: string): Step =>
  () =>
    Promise.reject(
      new ActionFailure(
        `strategy rolling has no ${what}: a rolling deploy is final. To go back, deploy the previous digest (prodline.dev/previous-digest on the Deployment)`,
      ),
    );

/** Each strategy's deploy, promote and abort (one folder per strategy, as k8s-deploy has, done right). */
export const STRATEGY_STEPS: Record<StrategyName, Record<DeployAction, Step>> = {
  rolling: { deploy: (ctx) => deployRolling(ctx), promote: refuse('promote'), abort: refuse('abort') },
  canary: { deploy: deployCanary, promote: promoteCanary, abort: abortCanary },
  'blue-green': { deploy: deployBlueGreen, promote: promoteBlueGreen, abort: abortBlueGreen },
};

/** Runs `action` of `strategy`. */
export function runStrategy(
  strategy: StrategyName,
  action: DeployAction,
  ctx: DeployContext,
): Promise<DeployResult> {
  return STRATEGY_STEPS[strategy][action](ctx);
}
