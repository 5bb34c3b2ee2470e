import { readdirSync, readFileSync } from 'node:fs';

/** Where one run's CPU went, in CPU seconds, with the run's wall time (Linux only; zeros elsewhere). */
export interface CpuFigures {
  wallSeconds: number;
  /** The API process (HTTP, Nest, the domain, the driver). */
  apiSeconds: number;
  /** This process: the load generator (autocannon) or the floor's driver. */
  benchSeconds: number;
  /** Every PostgreSQL process (backends, WAL writer, checkpointer). */
  postgresSeconds: number;
  /** The whole machine's busy time (every core), and its cores. */
  machineSeconds: number;
  cores: number;
}

const TICKS_PER_SECOND = 100;

function ticksOf(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** CPU ticks of each PostgreSQL process now, by pid. */
function postgresTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return ticks;
  }
  for (const pid of pids) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (command.startsWith('postgres')) ticks.set(pid, ticksOf(pid));
    } catch {
      // gone
    }
  }
  return ticks;
}

/** Ticks spent between two readings: by the processes in the second (a process gone meanwhile is not counted). */
function spent(before: Map<string, number>, after: Map<string, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks;
}

function machineTicks(): { busy: number; cores: number } {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const all = (lines[0] ?? '').split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const busy = all.slice(0, 8).reduce((a, b) => a + b, 0) - (all[3] ?? 0) - (all[4] ?? 0);
    return { busy, cores: lines.filter((l) => /^cpu\d/.test(l)).length };
  } catch {
    return { busy: 0, cores: 0 };
  }
}

/** Runs `work` and answers its result with the CPU each part of the machine spent meanwhile. */
export async function withCpu<T>(apiPid: number, work: () => Promise<T>): Promise<{ result: T; cpu: CpuFigures }> {
  const api0 = ticksOf(String(apiPid));
  const pg0 = postgresTicks();
  const m0 = machineTicks();
  const me0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await work();
  const wallSeconds = (performance.now() - t0) / 1000;
  const me = process.cpuUsage(me0);
  const m1 = machineTicks();
  const s = (ticks: number): number => Number((ticks / TICKS_PER_SECOND).toFixed(2));
  return {
    result,
    cpu: {
      wallSeconds: Number(wallSeconds.toFixed(2)),
      apiSeconds: s(ticksOf(String(apiPid)) - api0),
      benchSeconds: Number(((me.user + me.system) / 1e6).toFixed(2)),
      postgresSeconds: s(spent(pg0, postgresTicks())),
      machineSeconds: s(m1.busy - m0.busy),
      cores: m1.cores,
    },
  };
}
