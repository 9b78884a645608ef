import type { HttpBody, HttpResponse } from "../core/index";
import { classifyLinkedInError } from "./classify-error";
import type { LinkedInContext } from "./context";

/** Uploads carry bytes; give them longer than an API call. */
const uploadTimeoutMs = 5 * 60_000;

/**
 * A PUT to an upload URL LinkedIn handed out (`https://www.linkedin.com/dms-uploads/…`). Image uploads carry the
 * bearer token, as LinkedIn's example does; video part URLs are pre-signed and are sent without it.
 */
export async function uploadToLinkedIn(
  context: LinkedInContext,
  input: { operation: string; url: string; body: HttpBody; accessToken?: string; signal?: AbortSignal },
): Promise<HttpResponse> {
  const response = await context.deps.http.request({
    platform: "linkedin",
    operation: input.operation,
    method: "PUT",
    url: input.url,
    body: input.body,
    timeoutMs: uploadTimeoutMs,
    ...(input.accessToken ? { headers: { authorization: `Bearer ${input.accessToken}` } } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  if (response.status >= 200 && response.status < 300) return response;
  throw classifyLinkedInError(response, { operation: input.operation, now: context.deps.clock.now() });
}
