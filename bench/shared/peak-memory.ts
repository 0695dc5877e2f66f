import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface ProcessMemory {
  /** Peak resident set (VmHWM), MB. */
  peakMb: number;
  /** Resident set now (VmRSS), MB. */
  rssMb: number;
}

/** Peak and current RSS of a live process from /proc/<pid>/status (Linux); undefined when unreadable. */
export function processMemory(pid: number | undefined): ProcessMemory | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s*(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

export function describeMemory(memory: ProcessMemory | undefined): string {
  return memory ? `${Math.round(memory.peakMb)} MB (RSS at the end ${Math.round(memory.rssMb)} MB)` : 'n/a (no /proc)';
}

/** JS heap in use after a full GC (the flag lets this process call it). */
export function settledHeap(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}
