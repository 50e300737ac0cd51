import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { testbedStatus } from '../../scripts/testbed/testbed.js';
import { describeWithServices } from '../support/services.js';

/** Every process of the testbed: the recorded pids and all their descendants (containerd, shims, …). */
function testbedProcesses(): Set<number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …" — comm may contain spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const ours = new Set(testbedStatus().flatMap((service) => service.pids));
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!ours.has(pid) && ours.has(parent)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  return ours;
}

describeWithServices(['REGISTRY', 'PROMETHEUS_URL'], 'testbed network exposure', () => {
  test('nothing the testbed started listens beyond 127.0.0.0/8', () => {
    const ours = testbedProcesses();
    expect(ours.size).toBeGreaterThan(0);
    const listening = execFileSync('ss', ['-H', '-l', '-n', '-p', '-t', '-u'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => {
        const pids = [...line.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
        const local = line.trim().split(/\s+/)[4] ?? '';
        return pids.some((pid) => ours.has(pid)) ? [local] : [];
      });
    expect(listening.length).toBeGreaterThan(3);
    const exposed = listening.filter(
      (address) => !/^(127\.\d+\.\d+\.\d+|\[::ffff:127\.\d+\.\d+\.\d+\]):\d+$/.test(address),
    );
    expect(exposed).toEqual([]);
  });
});
