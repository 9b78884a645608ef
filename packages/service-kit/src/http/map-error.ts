import { type ErrorCode, errorStatus, errorTitle, type FieldProblem } from "@postd/contracts";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { isUnavailableDatabaseError } from "../db/unavailable-error";
import { isAppError, validationFailed } from "../errors/index";

/** What an error becomes on the wire: a closed code (its status follows), a safe detail, and field problems. */
export interface MappedError {
  code: ErrorCode;
  detail: string;
  errors?: FieldProblem[];
  retryAfterSeconds?: number;
}

export const internalErrorDetail = "an internal error occurred; the request id identifies it in our logs";

/** Fastify's own errors, by their `code`, with details written for the caller (Fastify's wording names internals). */
const fastifyErrors: Readonly<Record<string, MappedError>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: "PAYLOAD_TOO_LARGE",
    detail: "the request body is larger than allowed",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: "UNSUPPORTED_MEDIA_TYPE",
    detail: "the request's Content-Type is not accepted here; send application/json",
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "VALIDATION", detail: "the request body is not valid JSON" },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: "VALIDATION",
    detail: "the request body is empty but its Content-Type is JSON",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: "VALIDATION",
    detail: "the request body's size does not match its Content-Length",
  },
  FST_ERR_BAD_URL: { code: "VALIDATION", detail: "the URL is malformed" },
  FST_ERR_MAX_PARAM_LENGTH: { code: "VALIDATION", detail: "a path parameter is too long" },
  FST_ERR_NOT_FOUND: { code: "NOT_FOUND", detail: "no route matches this method and path" },
};

/** 4xx statuses of plugins (rate limiters, auth plugins) that carry no AppError. */
const codeByClientStatus: ReadonlyMap<number, ErrorCode> = new Map(
  (Object.entries(errorStatus) as [ErrorCode, number][])
    .filter(([, status]) => status >= 400 && status < 500)
    .map(([code, status]) => [status, code]),
);

/**
 * The one place an error turns into a problem. In order: our AppError; request validation (zod through
 * fastify-type-provider-zod, or any JSON-schema validator) naming every bad field with where it is
 * (`body.targets.0.accountId`); an unreachable database (UNAVAILABLE); Fastify's own errors by code; a body parser's
 * SyntaxError; any other error carrying a 4xx `statusCode` (plugins such as a rate limiter); anything else is
 * INTERNAL with a generic detail, so nothing about our internals leaks.
 */
export function mapError(error: unknown): MappedError {
  if (isAppError(error)) {
    return {
      code: error.code,
      detail: error.code === "INTERNAL" ? internalErrorDetail : error.message,
      ...(error.errors ? { errors: error.errors } : {}),
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  }
  const problems = validationProblems(error);
  if (problems) {
    const appError = validationFailed(problems);
    return { code: appError.code, detail: appError.message, errors: problems };
  }
  if (isUnavailableDatabaseError(error)) {
    return { code: "UNAVAILABLE", detail: "the database is unavailable; try again shortly" };
  }
  const fastifyError = fastifyErrors[stringProperty(error, "code") ?? ""];
  if (fastifyError) return fastifyError;
  const status = statusCodeOf(error);
  if (error instanceof SyntaxError && status === 400) {
    return { code: "VALIDATION", detail: "the request body could not be parsed" };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    const code = codeByClientStatus.get(status) ?? "VALIDATION";
    return { code, detail: stringProperty(error, "message") || errorTitle[code] };
  }
  if (status === 503) return { code: "UNAVAILABLE", detail: "the service is unavailable; try again shortly" };
  return { code: "INTERNAL", detail: internalErrorDetail };
}

interface SchemaValidationIssue {
  instancePath?: unknown;
  message?: unknown;
  params?: unknown;
}

/** Field problems of a request-schema failure, or undefined when the error is not one. */
function validationProblems(error: unknown): FieldProblem[] | undefined {
  const isZod = hasZodFastifySchemaValidationErrors(error);
  if (!isZod && !hasValidationArray(error)) return undefined;
  const where = stringProperty(error, "validationContext") ?? "request";
  return (error.validation as SchemaValidationIssue[]).map((issue) => {
    const pointer = typeof issue.instancePath === "string" ? issue.instancePath : "";
    const segments = pointer.split("/").filter((segment) => segment !== "");
    const missing = missingProperty(issue.params);
    if (missing) segments.push(missing);
    const message = typeof issue.message === "string" ? issue.message : "is invalid";
    return { path: [where, ...segments].join("."), message };
  });
}

function hasValidationArray(error: unknown): error is { validation: unknown[] } {
  return (
    typeof error === "object" &&
    error !== null &&
    "validation" in error &&
    Array.isArray(error.validation) &&
    error.validation.length > 0
  );
}

/** JSON-schema validators (ajv) report a missing required property on its parent, in `params.missingProperty`. */
function missingProperty(params: unknown): string | undefined {
  return stringProperty(params, "missingProperty");
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null || !(key in value)) return undefined;
  const property: unknown = (value as Record<string, unknown>)[key];
  return typeof property === "string" ? property : undefined;
}

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("statusCode" in error)) return undefined;
  return typeof error.statusCode === "number" ? error.statusCode : undefined;
}
