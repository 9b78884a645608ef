import fc from "fast-check";

/** The subset of JSON Schema the gateway's OpenAPI document uses for bodies and query parameters. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
}

const anyJson = fc.jsonValue({ maxDepth: 2 });

/**
 * Values shaped by a JSON Schema, most of them valid and some not: at every node, now and then a value of any
 * other JSON type, a string one longer than its `maxLength`, a number outside its range, an array over its
 * `maxItems`, a missing required key or an unknown one. The requests then reach every level of validation.
 */
export function arbitraryFromSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapedBy(schema, depth);
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: anyJson });
}

function shapedBy(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 5) return anyJson;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((alternative) => arbitraryFromSchema(alternative, depth + 1)));
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum && schema.enum.length > 0) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...schema.enum) },
      { weight: 1, arbitrary: fc.string() },
    );
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => shapedBy({ ...schema, type }, depth)));
  switch (types[0]) {
    case "object":
      return objectFrom(schema, depth);
    case "array":
      return arrayFrom(schema, depth);
    case "string":
      return stringFrom(schema);
    case "integer":
    case "number":
      return numberFrom(schema, types[0] === "integer");
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return anyJson;
  }
}

function objectFrom(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties))
    model[name] = arbitraryFromSchema(property, depth + 1);
  const required = (schema.required ?? []).filter((name) => name in model);
  const known = fc.record(model, { requiredKeys: required });
  const extra =
    typeof schema.additionalProperties === "object"
      ? fc.dictionary(
          fc.string({ maxLength: 12 }),
          arbitraryFromSchema(schema.additionalProperties, depth + 1),
          {
            maxKeys: 3,
          },
        )
      : fc.dictionary(fc.string({ maxLength: 12 }), anyJson, { maxKeys: 2 });
  return fc.oneof(
    { weight: 4, arbitrary: known },
    // a required key dropped, or unknown keys beside the known ones
    { weight: 1, arbitrary: known.map((value) => dropOne(value as Record<string, unknown>)) },
    {
      weight: 1,
      arbitrary: fc.tuple(known, extra).map(([value, more]) => ({ ...more, ...(value as object) })),
    },
  );
}

function dropOne(value: Record<string, unknown>): Record<string, unknown> {
  const [first] = Object.keys(value);
  if (first === undefined) return value;
  const { [first]: _dropped, ...rest } = value;
  return rest;
}

function arrayFrom(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const items = schema.items ? arbitraryFromSchema(schema.items, depth + 1) : anyJson;
  const minLength = schema.minItems ?? 0;
  const within = fc.array(items, {
    minLength,
    maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)),
  });
  if (schema.maxItems === undefined || schema.maxItems > 60) return within;
  // one item more than allowed
  const over = fc.array(items, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 1 });
  return fc.oneof({ weight: 5, arbitrary: within }, { weight: 1, arbitrary: over });
}

function stringFrom(schema: JsonSchema): fc.Arbitrary<unknown> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  const plain = fc.string({ minLength, maxLength, unit: "grapheme" });
  const formatted =
    schema.format === "uri"
      ? fc.oneof(
          fc.webUrl({ withQueryParameters: true }),
          fc.constantFrom("javascript:alert(1)", "http://[::1]/"),
        )
      : schema.format === "date-time"
        ? fc.date({ noInvalidDate: true }).map((date) => date.toISOString())
        : schema.format === "email"
          ? fc.emailAddress()
          : plain;
  const options: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 5, arbitrary: formatted },
    { weight: 1, arbitrary: plain },
    {
      weight: 1,
      arbitrary: fc.constantFrom("", " ", "\u0000", "../../etc/passwd", "<script>x</script>", "' or 1=1--"),
    },
  ];
  if (schema.maxLength !== undefined && schema.maxLength <= 8_192) {
    options.push({ weight: 1, arbitrary: fc.constant("x".repeat(schema.maxLength + 1)) });
  }
  return fc.oneof(...options);
}

function numberFrom(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const min = schema.minimum ?? -1_000_000;
  const max = schema.maximum ?? 1_000_000;
  const within = integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
  const outside = fc.constantFrom(min - 1, max + 1, 0.5, -0, 1e308, Number.MAX_SAFE_INTEGER + 2);
  return fc.oneof({ weight: 4, arbitrary: within }, { weight: 1, arbitrary: outside });
}
