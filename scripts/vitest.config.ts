import { fileURLToPath } from "node:url";
import { mergeConfig } from "vitest/config";
import { definePackageTests } from "../vitest.shared.ts";

// scripts/ is no package: its tests sit beside the code in lib/, and the root is this folder whether the file
// is run alone (`vitest run --config scripts/vitest.config.ts`) or as a project of the root config.
export default mergeConfig(definePackageTests("scripts"), {
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: { include: ["lib/**/*.test.ts"] },
});
