import type { ControlRequest, ControlResponse } from './metrics-control.js';
import type { Fleet } from './metrics-fleet.js';
import { KubeFollower, parseImageRule, type ImageRule } from './metrics-follow.js';
import { SeriesInputError } from './metrics-series.js';

/** What the follow endpoints change: the image rules, and the follower once one is started. */
export interface FollowState {
  rules: ImageRule[];
  follower?: KubeFollower;
}

/**
 * The follow part of the control API (kept apart from the series endpoints it sits beside):
 *
 * - `PUT    /control/follow` `{kubeApiUrl, token?}` → 200; series follow that kube-sim from now on (the
 *   series of a cluster followed before drop to no pods and no traffic, as on DELETE)
 * - `GET    /control/follow`                       → 200 `{follow: {kubeApiUrl} | null, images: [...]}`
 * - `DELETE /control/follow`                       → 204; followed series drop to no pods and no traffic
 * - `POST   /control/images` `{image, errorRatio?, errorCode?, latencyMs?, latencyP99Ms?, rpsPerPod?}`
 *   → 201; the last matching rule wins
 * - `DELETE /control/images`                       → 204; every image healthy again
 *
 * Returns undefined for any other path (the series endpoints answer those).
 */
export function handleFollowControl(
  state: FollowState,
  fleet: Fleet,
  request: ControlRequest,
): ControlResponse | undefined {
  const path = request.path.replace(/\/+$/, '');
  try {
    if (path === '/control/follow') {
      if (request.method === 'GET')
        return {
          status: 200,
          body: {
            follow: state.follower ? { kubeApiUrl: state.follower.apiUrl } : null,
            images: state.rules,
          },
        };
      if (request.method === 'DELETE') {
        state.follower?.release();
        state.follower = undefined;
        return { status: 204 };
      }
      if (request.method === 'PUT') {
        const body = parse(request.body);
        if (typeof body.kubeApiUrl !== 'string' || !/^https?:\/\//.test(body.kubeApiUrl))
          throw new SeriesInputError(
            `'kubeApiUrl' is required: the kube-sim API URL, such as http://127.0.0.1:6443`,
          );
        const token = typeof body.token === 'string' ? body.token : undefined;
        state.follower?.release();
        state.follower = new KubeFollower(fleet, body.kubeApiUrl.replace(/\/+$/, ''), state.rules, token);
        return { status: 200, body: { follow: { kubeApiUrl: state.follower.apiUrl } } };
      }
      return {
        status: 405,
        body: { error: `${request.method} is not allowed on ${path}; use GET, PUT, DELETE` },
      };
    }
    if (path === '/control/images') {
      if (request.method === 'POST') {
        state.rules.push(parseImageRule(parse(request.body)));
        return { status: 201, body: { images: state.rules } };
      }
      if (request.method === 'DELETE') {
        state.rules.length = 0;
        return { status: 204 };
      }
      if (request.method === 'GET') return { status: 200, body: { images: state.rules } };
      return {
        status: 405,
        body: { error: `${request.method} is not allowed on ${path}; use GET, POST, DELETE` },
      };
    }
    return undefined;
  } catch (caught) {
    if (caught instanceof SeriesInputError) return { status: 400, body: { error: caught.message } };
    throw caught;
  }
}

function parse(body: string): Record<string, unknown> {
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    /* answered below */
  }
  throw new SeriesInputError('the body must be a JSON object');
}
