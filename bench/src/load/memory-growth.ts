import { median, round1, round3 } from "../support/stats";
import type { MemorySample } from "./sample-memory";

export interface ProcessMemory {
  name: string;
  /** median RSS of the samples in the first and in the last window, MiB */
  firstMiB: number;
  lastMiB: number;
  maxMiB: number;
  /** last ÷ first */
  growth: number;
  /** CPU used over the samples, in % of one core */
  cpuPercent: number;
}

export interface MemoryGrowth {
  windowMs: number;
  processes: ProcessMemory[];
  /** our services' processes together (platform-sim, which keeps every post, and the servers apart) */
  servicesFirstMiB: number;
  servicesLastMiB: number;
  servicesGrowth: number;
}

/** RSS of the first window of samples against the last one, per process and for the services together. */
export function memoryGrowth(
  samples: readonly MemorySample[],
  options: { windowMs: number; systemProcesses: ReadonlyArray<{ name: string }> },
): MemoryGrowth {
  const endMs = samples.at(-1)?.atMs ?? 0;
  const first = samples.filter((sample) => sample.atMs <= options.windowMs);
  const last = samples.filter((sample) => sample.atMs >= endMs - options.windowMs);
  const names = [...new Set(samples.flatMap((sample) => Object.keys(sample.rssMiB)))];
  const rss = (window: readonly MemorySample[], name: string) =>
    median(window.flatMap((sample) => (sample.rssMiB[name] === undefined ? [] : [sample.rssMiB[name]])));
  const services = new Set(
    options.systemProcesses.map((process) => process.name).filter((name) => name !== "platform-sim"),
  );
  const processes = names.map((name): ProcessMemory => {
    const firstMiB = rss(first, name);
    const lastMiB = rss(last, name);
    const cpu = samples.flatMap((sample) => (sample.cpuMs[name] === undefined ? [] : [sample.cpuMs[name]]));
    return {
      name,
      firstMiB: round1(firstMiB),
      lastMiB: round1(lastMiB),
      maxMiB: round1(Math.max(...samples.map((sample) => sample.rssMiB[name] ?? 0))),
      growth: firstMiB === 0 ? 0 : round3(lastMiB / firstMiB),
      cpuPercent: endMs === 0 ? 0 : round1((((cpu.at(-1) ?? 0) - (cpu[0] ?? 0)) / endMs) * 100),
    };
  });
  const ours = processes.filter((process) => services.has(process.name));
  const servicesFirstMiB = round1(ours.reduce((sum, process) => sum + process.firstMiB, 0));
  const servicesLastMiB = round1(ours.reduce((sum, process) => sum + process.lastMiB, 0));
  return {
    windowMs: options.windowMs,
    processes,
    servicesFirstMiB,
    servicesLastMiB,
    servicesGrowth: servicesFirstMiB === 0 ? 0 : round3(servicesLastMiB / servicesFirstMiB),
  };
}
