import type { ConnectorErrorKind, Platform } from "@postd/contracts";

/** Whether the pipeline may try again by itself, per kind (auth_expired: after one forced refresh). */
export const retryableByKind: Record<ConnectorErrorKind, boolean> = {
  rate_limited: true,
  transient: true,
  auth_expired: true,
  auth_revoked: false,
  permission_denied: false,
  invalid_request: false,
  quota_exceeded: true,
  unknown_outcome: false,
};

export interface ConnectorErrorOptions {
  kind: ConnectorErrorKind;
  platform: Platform;
  /** the platform's own code, kept for the user: "190/463", "spam_risk_too_many_posts", "RESOURCE_EXHAUSTED" */
  platformCode: string;
  /** the platform's own message, or ours when the platform gave none */
  message: string;
  httpStatus?: number;
  /** how long to wait before trying again, when the platform says (Retry-After, Meta regain time) */
  retryAfterMs?: number;
  /** override the kind's default */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * Every failure a connector reports: one kind of the shared taxonomy, whether a retry may help, and the
 * platform's own code and message for the person who reads the dead letter.
 */
export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  readonly platform: Platform;
  readonly platformCode: string;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;

  constructor(options: ConnectorErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ConnectorError";
    this.kind = options.kind;
    this.platform = options.platform;
    this.platformCode = options.platformCode;
    this.httpStatus = options.httpStatus;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? retryableByKind[options.kind];
  }

  toJSON() {
    return {
      kind: this.kind,
      platform: this.platform,
      platformCode: this.platformCode,
      message: this.message,
      httpStatus: this.httpStatus,
      retryAfterMs: this.retryAfterMs,
      retryable: this.retryable,
    };
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}

/** A method the platform does not offer (TikTok delete, Mailchimp refresh): the capability set says so too. */
export class UnsupportedOperationError extends Error {
  readonly platform: Platform;
  readonly operation: string;

  constructor(platform: Platform, operation: string, reason: string) {
    super(`${platform} does not support ${operation}: ${reason}`);
    this.name = "UnsupportedOperationError";
    this.platform = platform;
    this.operation = operation;
  }
}

export function isUnsupportedOperation(error: unknown): error is UnsupportedOperationError {
  return error instanceof UnsupportedOperationError;
}
