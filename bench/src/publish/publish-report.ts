import type { PublishBenchResult, PublishSettings } from "../publish.bench";
import { machineFacts, writeResults } from "../support/results-files";

export function writePublishResults(input: { settings: PublishSettings; result: PublishBenchResult }): void {
  const report = { benchmark: "publish", date: new Date().toISOString(), machine: machineFacts(), ...input };
  writeResults(
    "publish",
    report,
    `# Publish benchmark\n\n\`\`\`json\n${JSON.stringify(report, null, 2)}\n\`\`\`\n`,
  );
}
