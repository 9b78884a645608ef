import type { ConnectionMetadata, HttpRequest, HttpResponse } from "../core/index";
import { classifyMailchimpError } from "./classify-error";
import { apiEndpointPattern } from "./config";
import type { MailchimpContext } from "./context";
import { fetchMetadata } from "./metadata";

/** Where a user's Marketing API calls go: their data center's host, with their token. */
export interface ApiTarget {
  accessToken: string;
  /** `https://us19.api.mailchimp.com` */
  apiEndpoint: string;
}

export interface ApiCall {
  /** metric label and message prefix: "publish.create_campaign" */
  operation: string;
  method: HttpRequest["method"];
  /** the path after `/3.0`: "/campaigns/abc/content" */
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  signal?: AbortSignal;
}

/** One Marketing API call on `${apiEndpoint}/3.0…` with `Authorization: Bearer`; non-2xx → the classifier. */
export async function callMailchimp(
  context: MailchimpContext,
  target: ApiTarget,
  call: ApiCall,
): Promise<HttpResponse> {
  const response = await context.deps.http.request({
    platform: "mailchimp",
    operation: call.operation,
    method: call.method,
    url: `${target.apiEndpoint}/3.0${call.path}`,
    headers: { authorization: `Bearer ${target.accessToken}`, accept: "application/json" },
    ...(call.query ? { query: call.query } : {}),
    ...(call.json === undefined ? {} : { body: { json: call.json } }),
    ...(call.signal ? { signal: call.signal } : {}),
  });
  if (response.status >= 200 && response.status < 300) return response;
  throw classifyMailchimpError(response, { operation: call.operation, now: context.deps.clock.now() });
}

/**
 * The API host from the connection's metadata (`apiEndpoint`, saved at connect time). A connection stored
 * without it (or with something that is not a Mailchimp API host) asks the metadata endpoint again.
 */
export async function resolveApiTarget(
  context: MailchimpContext,
  access: { accessToken: string; connection: ConnectionMetadata },
  operation: string,
): Promise<ApiTarget> {
  const stored = access.connection.apiEndpoint?.replace(/\/+$/, "");
  if (stored && apiEndpointPattern.test(stored)) {
    return { accessToken: access.accessToken, apiEndpoint: stored };
  }
  const metadata = await fetchMetadata(context, access.accessToken, `${operation}.metadata`);
  return { accessToken: access.accessToken, apiEndpoint: metadata.api_endpoint };
}
