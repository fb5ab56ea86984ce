// Linux /proc readings for the bench: CPU time (user + system, all threads) and resident memory of a process.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // 100 is the Linux default
}

/** utime + stime of `pid` in microseconds (resolution: one clock tick, usually 10 ms). */
export function cpuMicros(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at state (field 3); utime/stime are 14/15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / ticksPerSecond) * 1e6;
}

/**
 * CPU time of all live threads of `pid` in microseconds from /proc/<pid>/task/<tid>/schedstat (the scheduler's
 * nanosecond run time): per-round figures of a few hundred ms would carry a ±3 % error at /proc/<pid>/stat's 10 ms
 * tick. Threads that exited are not counted (a Node process keeps its threads).
 */
export function cpuMicrosFine(pid) {
  let nanos = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanos += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return nanos / 1e3;
}

/** { rssKb, peakKb } from /proc/<pid>/status (VmRSS and VmHWM, the high-water mark). */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const read = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssKb: read('VmRSS'), peakKb: read('VmHWM') };
}

/** Direct children of `pid` (nginx workers of their master). */
export function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
