import { loadavg } from "node:os";
import { sampleProcessTrees } from "../support/process-stats";

export interface MemorySample {
  /** ms since the sampler started */
  atMs: number;
  /** resident memory of each process with its descendants, MiB */
  rssMiB: Record<string, number>;
  /** CPU time used so far by each process with its descendants, ms */
  cpuMs: Record<string, number>;
  /** the machine's 1-minute load average: how much else was running */
  loadAverage1m: number;
}

export interface MemorySampler {
  stop(): MemorySample[];
}

/** Samples the RSS and CPU time of every named process (a process tree each) now and every `intervalMs`. */
export function startMemorySampler(options: {
  processes: () => Array<{ name: string; pid: number }>;
  intervalMs: number;
}): MemorySampler {
  const samples: MemorySample[] = [];
  const started = performance.now();
  const sample = () => {
    const processes = options.processes();
    const usage = sampleProcessTrees(processes.map((process) => process.pid));
    const rssMiB: Record<string, number> = {};
    const cpuMs: Record<string, number> = {};
    for (const { name, pid } of processes) {
      const used = usage.get(pid);
      if (!used || used.rssBytes === 0) continue;
      rssMiB[name] = Math.round((used.rssBytes / 2 ** 20) * 10) / 10;
      cpuMs[name] = used.cpuMs;
    }
    samples.push({
      atMs: Math.round(performance.now() - started),
      rssMiB,
      cpuMs,
      loadAverage1m: loadavg()[0] ?? 0,
    });
  };
  sample();
  const timer = setInterval(sample, options.intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return samples;
    },
  };
}
