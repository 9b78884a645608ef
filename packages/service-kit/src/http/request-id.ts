import { newId } from "@postd/contracts";

/** Letters, digits and `._:-`, at most 128 characters: safe to echo in a header and to write in a log line. */
const wellFormedRequestId = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isWellFormedRequestId(value: unknown): value is string {
  return typeof value === "string" && wellFormedRequestId.test(value);
}

/**
 * The id of a request: the caller's own (a load balancer's or another service's) when it is well formed, so one id
 * follows the request across hops; otherwise a fresh `req_…`.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return isWellFormedRequestId(value) ? value : newId("request");
}
