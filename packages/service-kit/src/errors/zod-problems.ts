import type { FieldProblem } from "@postd/contracts";
import type { z } from "zod";

/** Turns a zod error into field problems, one per issue, with dotted paths (`targets.0.accountId`). */
export function zodProblems(error: z.ZodError, pathPrefix?: string): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return { path: [pathPrefix, path].filter(Boolean).join("."), message: issue.message };
  });
}
