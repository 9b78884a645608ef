import { type ErrorBody, type ErrorCode, errorStatus, type FieldProblem } from "@postd/contracts";

export interface AppErrorOptions {
  /** every problem with the request, for VALIDATION and UNPROCESSABLE */
  errors?: FieldProblem[];
  /** seconds a caller should wait before trying again */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error class of the system: a closed code (mapped to an HTTP status), a detail a person can act on, and
 * for validation every field problem at once. Anything else thrown is an internal fault.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldProblem[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, detail: string, options: AppErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  /** 429 and 5xx may succeed later; the rest will not without a change. */
  get retryable(): boolean {
    return this.code === "RATE_LIMITED" || this.code === "UNAVAILABLE" || this.code === "INTERNAL";
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      detail: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }

  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.code, body.detail, {
      ...(body.errors ? { errors: body.errors } : {}),
      ...(body.retryAfterSeconds !== undefined ? { retryAfterSeconds: body.retryAfterSeconds } : {}),
    });
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function notFound(what: string): AppError {
  return new AppError("NOT_FOUND", `${what} was not found`);
}

export function validationFailed(errors: FieldProblem[], detail?: string): AppError {
  return new AppError("VALIDATION", detail ?? describeProblems(errors), { errors });
}

export function unprocessable(errors: FieldProblem[], detail?: string): AppError {
  return new AppError("UNPROCESSABLE", detail ?? describeProblems(errors), { errors });
}

function describeProblems(errors: FieldProblem[]): string {
  if (errors.length === 0) return "the request is invalid";
  const list = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("; ");
  return `${errors.length} problem${errors.length === 1 ? "" : "s"}: ${list}`;
}
