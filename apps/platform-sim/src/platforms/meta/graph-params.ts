import type { FastifyRequest } from "fastify";

/** Graph reads parameters from the query string and from a form or JSON body alike. */
export function graphParams(request: FastifyRequest): Record<string, string> {
  const merged: Record<string, string> = {};
  const add = (source: unknown) => {
    if (!source || typeof source !== "object" || Buffer.isBuffer(source)) return;
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined || value === null) continue;
      merged[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  };
  add(request.query);
  add(request.body);
  return merged;
}

/** The token from `Authorization: Bearer|OAuth …` or the `access_token` parameter. */
export function tokenFrom(request: FastifyRequest, params: Record<string, string>): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === "string") {
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header.trim());
    if (match?.[1]) return match[1];
  }
  return params.access_token || undefined;
}

/** Top-level names of a `fields` parameter: `a,b.limit(0),c{d,e}` → a, b, c. */
export function fieldNames(fields: string | undefined, defaults: string[]): string[] {
  if (!fields) return defaults;
  const names: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of fields) {
    if (char === "{" || char === "(") depth++;
    if (char === "}" || char === ")") depth--;
    if (char === "," && depth === 0) {
      names.push(current);
      current = "";
    } else current += char;
  }
  names.push(current);
  return names.map((n) => (n.split(/[.{(]/)[0] ?? "").trim()).filter((n) => n.length > 0);
}

/** Keeps the requested fields that the object has (Graph leaves out fields with no value). */
export function pickFields(
  object: Record<string, unknown>,
  fields: string | undefined,
  defaults: string[],
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of fieldNames(fields, defaults)) {
    if (object[name] !== undefined && object[name] !== null) picked[name] = object[name];
  }
  return picked;
}

/** Graph's timestamp format: `2026-08-01T12:00:00+0000`. */
export function graphTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

/** `since`/`until` as Graph takes them: unix seconds or a date string. */
export function parseGraphTime(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

export function isTrue(value: string | undefined): boolean {
  return value === "true" || value === "1";
}

/** One page of a list with Graph's cursor paging; `next` is an absolute graph.facebook.com URL. */
export function pageOf<T>(
  items: T[],
  options: { params: Record<string, string>; url: string; defaultLimit: number },
): { data: T[]; paging?: Record<string, unknown> } {
  const limit = Math.min(Math.max(Number(options.params.limit) || options.defaultLimit, 1), 100);
  const start = options.params.after ? decodeCursor(options.params.after) + 1 : 0;
  const data = items.slice(start, start + limit);
  if (items.length === 0) return { data };
  const end = start + data.length;
  const paging: Record<string, unknown> = {
    cursors: { before: encodeCursor(start), after: encodeCursor(Math.max(end - 1, start)) },
  };
  if (end < items.length) {
    const next = new URL(options.url);
    for (const [key, value] of Object.entries(options.params)) next.searchParams.set(key, value);
    next.searchParams.set("limit", String(limit));
    next.searchParams.set("after", encodeCursor(end - 1));
    paging.next = next.toString();
  }
  return { data, paging };
}

function encodeCursor(index: number): string {
  return Buffer.from(`idx:${index}`).toString("base64url");
}

function decodeCursor(cursor: string): number {
  const match = /^idx:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  return match?.[1] ? Number(match[1]) : -1;
}
