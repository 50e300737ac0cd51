import { existsSync, readFileSync } from 'node:fs';
import type { LoggedRequest } from '../../scripts/testbed/kube-sim/faults.js';

/**
 * Everything a run could have changed, read from the services' own records: a registry's access log,
 * kube-sim's request log, a stand-in's list of requests. A source lists every write it has seen so far;
 * `WriteWatch` tells which are new since a mark.
 */
export interface WriteSource {
  name: string;
  writes(): string[];
}

const KUBE_WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const HTTP_WRITE_METHODS = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

/** A distribution registry's access log (Apache combined lines): every PUT, POST, PATCH or DELETE. */
export function registryLogWrites(name: string, logFile: string): WriteSource {
  return {
    name,
    writes: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .map((line) => /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3})/.exec(line))
            .filter((match): match is RegExpExecArray => !!match && HTTP_WRITE_METHODS.has(match[1]))
            .map((match) => `${match[1]} ${match[2]} → ${match[3]}`)
        : [],
  };
}

/** kube-sim's request log: every create, update, patch, delete and deletecollection. */
export function kubeSimWrites(name: string, requests: () => LoggedRequest[]): WriteSource {
  return {
    name,
    writes: () =>
      requests()
        .filter((request) => KUBE_WRITE_VERBS.has(request.verb))
        .map((request) => `${request.method} ${request.path} → ${request.status}`),
  };
}

/** A stand-in that records requests: any request at all counts (nothing may be sent on bad input). */
export function standInRequests(name: string, requests: () => { length: number }): WriteSource {
  return {
    name,
    writes: () => Array.from({ length: requests().length }, (_, index) => `request ${index + 1}`),
  };
}

export class WriteWatch {
  constructor(private readonly sources: WriteSource[]) {}

  /** How many writes each source had seen. */
  mark(): number[] {
    return this.sources.map((source) => source.writes().length);
  }

  /** The writes since `mark`, each prefixed by its source's name. */
  since(mark: number[]): string[] {
    return this.sources.flatMap((source, index) =>
      source
        .writes()
        .slice(mark[index])
        .map((write) => `${source.name}: ${write}`),
    );
  }
}
