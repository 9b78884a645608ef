import type { FieldProblem } from "@postd/contracts";
import { type HttpServer, validationFailed } from "@postd/service-kit";

/** How deep the guard looks into a body: deeper than any schema of the API, shallow enough to stay cheap. */
const maxDepth = 16;

/**
 * Postgres cannot store U+0000 in text, so a NUL in any string of a JSON body or query would fail deep in a
 * service as an internal error (500) — or, worse, after part of the work. Refused here, before validation, as a
 * 400 naming every field that holds one. Raw webhook bodies are bytes, never stored as text: not looked at.
 */
export function installTextGuard(app: HttpServer): void {
  app.addHook("preValidation", async (request) => {
    const problems: FieldProblem[] = [];
    findNul(request.query, "query", problems, 0);
    if (!Buffer.isBuffer(request.body)) findNul(request.body, "body", problems, 0);
    if (problems.length > 0) throw validationFailed(problems);
  });
}

function findNul(value: unknown, path: string, problems: FieldProblem[], depth: number): void {
  if (typeof value === "string") {
    if (value.includes("\u0000"))
      problems.push({ path, message: "must not contain the NUL character (U+0000)" });
    return;
  }
  if (value === null || typeof value !== "object" || depth >= maxDepth) return;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000"))
      problems.push({ path, message: "a key must not contain the NUL character (U+0000)" });
    findNul(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, problems, depth + 1);
  }
}
