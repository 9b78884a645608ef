import { randomBytes } from "node:crypto";

export interface GraphErrorFields {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
}

/** A Graph API error answer: thrown by handlers, sent by the route wrapper exactly as Graph shapes it. */
export class GraphError extends Error {
  readonly fields: GraphErrorFields;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(fields: GraphErrorFields, options: { status?: number; headers?: Record<string, string> } = {}) {
    super(fields.message);
    this.fields = fields;
    this.status = options.status ?? 400;
    this.headers = options.headers ?? {};
  }

  body() {
    return {
      error: {
        message: this.fields.message,
        type: this.fields.type ?? "OAuthException",
        code: this.fields.code,
        ...(this.fields.error_subcode === undefined ? {} : { error_subcode: this.fields.error_subcode }),
        ...(this.fields.is_transient === undefined ? {} : { is_transient: this.fields.is_transient }),
        ...(this.fields.error_user_title ? { error_user_title: this.fields.error_user_title } : {}),
        ...(this.fields.error_user_msg ? { error_user_msg: this.fields.error_user_msg } : {}),
        fbtrace_id: randomBytes(8).toString("base64url"),
      },
    };
  }
}

export const graphErrors = {
  missingToken: () =>
    new GraphError({ message: "An active access token must be used to query information.", code: 2500 }),
  invalidToken: () =>
    new GraphError({ message: "Invalid OAuth access token - Cannot parse access token", code: 190 }),
  expiredToken: (expiredAt: number, now: number) =>
    new GraphError({
      message: `Error validating access token: Session has expired on ${new Date(expiredAt).toUTCString()}. The current time is ${new Date(now).toUTCString()}.`,
      code: 190,
      error_subcode: 463,
    }),
  revokedToken: (appId: string) =>
    new GraphError({
      message: `Error validating access token: The user has not authorized application ${appId}.`,
      code: 190,
      error_subcode: 458,
    }),
  badProof: () =>
    new GraphError({ message: "Invalid appsecret_proof provided in the API argument", code: 100 }),
  unknownPath: (path: string) => new GraphError({ message: `Unknown path components: ${path}`, code: 2500 }),
  noSuchObject: (id: string, method: string) =>
    new GraphError({
      message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: "GraphMethodException",
      code: 100,
      error_subcode: 33,
    }),
  invalidParameter: (message: string, subcode?: number) =>
    new GraphError({
      message: `(#100) ${message}`,
      code: 100,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
    }),
  permission: (code: 10 | 200, message: string) => new GraphError({ message: `(#${code}) ${message}`, code }),
};
