import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors/index";
import { internalErrorDetail, mapError } from "./map-error";

function withProps(error: Error, props: Record<string, unknown>): Error {
  return Object.assign(error, props);
}

describe("mapError", () => {
  it("keeps an AppError's code, detail, field problems and retry hint", () => {
    const error = new AppError("RATE_LIMITED", "slow down", {
      retryAfterSeconds: 7,
      errors: [{ path: "x", message: "y" }],
    });
    expect(mapError(error)).toEqual({
      code: "RATE_LIMITED",
      detail: "slow down",
      errors: [{ path: "x", message: "y" }],
      retryAfterSeconds: 7,
    });
  });

  it("hides the detail of an INTERNAL AppError", () => {
    expect(mapError(new AppError("INTERNAL", "pool exhausted at db-3"))).toEqual({
      code: "INTERNAL",
      detail: internalErrorDetail,
    });
  });

  it("names the field of a JSON-schema (ajv) validation error, including a missing property", () => {
    const error = withProps(new Error("body must have required property 'text'"), {
      statusCode: 400,
      validationContext: "body",
      validation: [
        {
          instancePath: "",
          message: "must have required property 'text'",
          params: { missingProperty: "text" },
        },
        { instancePath: "/targets/0", message: "must be object", params: {} },
      ],
    });
    expect(mapError(error)).toMatchObject({
      code: "VALIDATION",
      errors: [
        { path: "body.text", message: "must have required property 'text'" },
        { path: "body.targets.0", message: "must be object" },
      ],
    });
  });

  it("maps an unreachable database to UNAVAILABLE", () => {
    expect(
      mapError(withProps(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })).code,
    ).toBe("UNAVAILABLE");
  });

  it.each([
    ["FST_ERR_CTP_BODY_TOO_LARGE", 413, "PAYLOAD_TOO_LARGE"],
    ["FST_ERR_CTP_INVALID_MEDIA_TYPE", 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["FST_ERR_CTP_INVALID_JSON_BODY", 400, "VALIDATION"],
    ["FST_ERR_CTP_EMPTY_JSON_BODY", 400, "VALIDATION"],
    ["FST_ERR_CTP_INVALID_CONTENT_LENGTH", 400, "VALIDATION"],
    ["FST_ERR_BAD_URL", 400, "VALIDATION"],
    ["FST_ERR_MAX_PARAM_LENGTH", 414, "VALIDATION"],
    ["FST_ERR_NOT_FOUND", 404, "NOT_FOUND"],
  ])("maps Fastify's %s to its code", (code, statusCode, expected) => {
    expect(mapError(withProps(new Error("fastify wording"), { code, statusCode })).code).toBe(expected);
  });

  it("maps a body parser's SyntaxError to VALIDATION", () => {
    expect(mapError(withProps(new SyntaxError("Unexpected token"), { statusCode: 400 }))).toEqual({
      code: "VALIDATION",
      detail: "the request body could not be parsed",
    });
  });

  it.each([
    [429, "RATE_LIMITED"],
    [401, "UNAUTHENTICATED"],
    [403, "FORBIDDEN"],
    [409, "CONFLICT"],
    [405, "VALIDATION"],
  ])("maps a plugin's %i error by its status", (statusCode, expected) => {
    const mapped = mapError(withProps(new Error("Rate limit exceeded, retry in 1 minute"), { statusCode }));
    expect(mapped).toEqual({ code: expected, detail: "Rate limit exceeded, retry in 1 minute" });
  });

  it("maps a 503 status to UNAVAILABLE", () => {
    expect(mapError(withProps(new Error("under pressure"), { statusCode: 503 })).code).toBe("UNAVAILABLE");
  });

  it.each([
    ["a plain Error", new Error("relation publish.posts does not exist")],
    ["a 500 with a status", withProps(new Error("boom"), { statusCode: 500 })],
    ["a raw ZodError from our own parsing", z.string().safeParse(1).error],
    ["a thrown string", "oops"],
    ["undefined", undefined],
  ])("maps %s to INTERNAL without its message", (_name, error) => {
    expect(mapError(error)).toEqual({ code: "INTERNAL", detail: internalErrorDetail });
  });
});
