/** Machine facts and result files for docs/benchmarks.md. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function machineFacts(): Record<string, string> {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    cpus: String(os.availableParallelism()),
    cpuModel: model,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

/** Writes `result` with the machine facts to .tmp/bench/NAME.json and returns the path. */
export function saveResult(name: string, result: unknown): string {
  const file = path.resolve(".tmp", "bench", `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ machine: machineFacts(), at: new Date().toISOString(), result }, null, 2));
  return file;
}
