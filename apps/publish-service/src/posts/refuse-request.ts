import { AppError } from "@postd/service-kit";
import type { RequestIssue } from "./inspect-publish-request";

/**
 * The error a refused publish answers, naming every problem: VALIDATION (400) when the request itself is wrong,
 * else FORBIDDEN (403) when a platform is switched off for the tenant, else UNPROCESSABLE (422) when it breaks a
 * platform's rules or an account cannot be used.
 */
export function refuseRequest(issues: readonly RequestIssue[]): AppError {
  const errors = issues.map(({ path, message }) => ({ path, message }));
  const list = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("; ");
  const count = `${errors.length} problem${errors.length === 1 ? "" : "s"}`;
  if (issues.some((issue) => issue.kind === "invalid")) {
    return new AppError("VALIDATION", `${count}: ${list}`, { errors });
  }
  const flags = [...new Set(issues.flatMap((issue) => (issue.flag ? [issue.flag] : [])))];
  if (flags.length > 0) {
    return new AppError(
      "FORBIDDEN",
      `publishing is switched off for this tenant by feature flag ${flags.join(", ")}; ${count}: ${list}`,
      {
        errors,
      },
    );
  }
  return new AppError("UNPROCESSABLE", `${count}: ${list}`, { errors });
}
