import fc from "fast-check";
import type { RouteEntry } from "../../../src/http/fastify-types";
import { concreteUrl, isWebhookIngress, type UrlValues } from "./route-urls";
import { arbitraryFromSchema, type JsonSchema } from "./schema-arbitrary";

/** What the sweep reads of the gateway's OpenAPI document (`/docs/json`). */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
}

export interface FuzzRequest {
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export function operationOf(document: OpenApiDocument, route: RouteEntry): OpenApiOperation {
  const path = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
  return document.paths[path]?.[route.method.toLowerCase()] ?? {};
}

/** Bodies no schema describes: broken JSON, prototype keys, deep nesting, huge numbers, lone surrogates. */
const nastyBodies = [
  "",
  "{",
  "null",
  "[]",
  '"a string"',
  "1e99999",
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `${"[".repeat(5_000)}${"]".repeat(5_000)}`,
  '{"text":"\\ud800"}',
  '{"a":1,"a":2}',
  "\u0000",
];

/** Query strings no encoder writes: broken percent-escapes, brackets, repeats, NULs. */
const nastyQueries = [
  "%",
  "%E0%A4%A",
  "a[b][c]=1",
  "limit=1&limit=2",
  "=&=&",
  "x=%00",
  "cursor[]=1",
  "limit=1e400",
];

const printable = fc.string({
  unit: fc.constantFrom(..."abcXYZ019 -_.:/~!*'()[]{}<>%&=?#".split("")),
  maxLength: 64,
});

/**
 * Requests for one route: its URL (sometimes with a random `:id`, platform or secret), a body built from its OpenAPI schema (or any
 * JSON, or something that is not JSON), its query parameters from their schemas plus unknown and broken ones,
 * and random values for the headers it reads.
 */
export function fuzzRequests(
  document: OpenApiDocument,
  route: RouteEntry,
  values: UrlValues,
): fc.Arbitrary<FuzzRequest> {
  const operation = operationOf(document, route);
  const takesBody = route.method === "POST" || route.method === "PUT" || route.method === "PATCH";
  const id = route.url.includes(":id")
    ? fc.oneof(
        { weight: 5, arbitrary: fc.constant(values.id) },
        { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
      )
    : fc.constant(values.id);
  const pathText = fc.string({ minLength: 1, maxLength: 40 });
  const platform = route.url.includes(":platform")
    ? fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom("meta", "linkedin", "tiktok", "gbp", "mailchimp") },
        { weight: 1, arbitrary: pathText },
      )
    : fc.constant(undefined);
  const secret = route.url.includes(":secret") ? pathText : fc.constant(undefined);
  return fc
    .record({
      id,
      platform,
      secret,
      query: queryFrom(operation),
      payload: takesBody ? bodyFrom(operation, route) : fc.constant(undefined),
      idempotencyKey: fc.option(printable, { nil: undefined }),
      signature: fc.option(fc.stringMatching(/^sha256=[0-9a-f]{0,70}$/), { nil: undefined }),
    })
    .map(
      ({
        id: idValue,
        platform: platformValue,
        secret: secretValue,
        query,
        payload,
        idempotencyKey,
        signature,
      }) => {
        const headers: Record<string, string> = {};
        if (payload !== undefined) headers["content-type"] = contentTypeFor(route);
        if (idempotencyKey !== undefined) headers["idempotency-key"] = idempotencyKey;
        if (signature !== undefined && isWebhookIngress(route)) {
          headers["x-hub-signature-256"] = signature;
          headers["x-li-signature"] = signature.slice(7);
          headers["tiktok-signature"] = `t=1,s=${signature.slice(7)}`;
        }
        const url = concreteUrl(route, {
          ...values,
          ...(idValue === undefined ? {} : { id: idValue }),
          ...(platformValue === undefined ? {} : { platform: platformValue }),
          ...(secretValue === undefined ? {} : { mailchimpSecret: secretValue }),
        });
        return {
          url: query ? `${url}?${query}` : url,
          headers,
          ...(payload === undefined ? {} : { payload }),
        };
      },
    );
}

function contentTypeFor(route: RouteEntry): string {
  return route.url.startsWith("/api/webhooks/mailchimp")
    ? "application/x-www-form-urlencoded"
    : "application/json";
}

function bodyFrom(operation: OpenApiOperation, route: RouteEntry): fc.Arbitrary<string> {
  const schema = operation.requestBody?.content?.["application/json"]?.schema;
  const structured = (schema ? arbitraryFromSchema(schema) : fc.jsonValue({ maxDepth: 3 })).map(
    (value) => JSON.stringify(value) ?? "null",
  );
  const form = fc
    .dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 }), { maxKeys: 4 })
    .map((entries) => new URLSearchParams(entries).toString());
  return fc.oneof(
    { weight: 6, arbitrary: route.url.startsWith("/api/webhooks/mailchimp") ? form : structured },
    { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: "binary" }) },
    { weight: 1, arbitrary: fc.constantFrom(...nastyBodies) },
  );
}

function queryFrom(operation: OpenApiOperation): fc.Arbitrary<string> {
  const parameters = (operation.parameters ?? []).filter((parameter) => parameter.in === "query");
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of parameters) model[parameter.name] = arbitraryFromSchema(parameter.schema ?? {});
  const known = fc.record(model, { requiredKeys: [] });
  const unknown = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }), {
    maxKeys: 2,
  });
  const encoded = fc.tuple(known, unknown).map(([first, second]) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...second, ...first })) {
      for (const item of Array.isArray(value) ? value : [value]) search.append(name, asQueryValue(item));
    }
    return search.toString();
  });
  return fc.oneof(
    { weight: 6, arbitrary: encoded },
    { weight: 1, arbitrary: fc.constantFrom(...nastyQueries) },
    { weight: 1, arbitrary: fc.constant("") },
  );
}

function asQueryValue(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "";
}
