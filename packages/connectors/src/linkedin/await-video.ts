import { z } from "zod";
import { type AccountAccess, ConnectorError, pollUntil } from "../core/index";
import type { LinkedInContext } from "./context";
import { parseBody, restRequest } from "./rest-request";
import { encodeUrn } from "./restli";

const VideoStatus = z.looseObject({
  status: z.string(),
  processingFailureReason: z.string().optional(),
});

/**
 * Polls `GET /rest/videos/{urn}` until AVAILABLE. PROCESSING_FAILED is the video's fault (invalid_request with
 * LinkedIn's reason); running out of polls is transient, and the retry resumes polling from the saved URN.
 */
export async function awaitVideoAvailable(
  context: LinkedInContext,
  access: AccountAccess,
  input: { video: string; signal?: AbortSignal },
): Promise<void> {
  const operation = "publish.video_status";
  const signal = input.signal ? { signal: input.signal } : {};
  const { state, done } = await pollUntil({
    clock: context.deps.clock,
    intervalMs: context.config.pollIntervalMs,
    maxAttempts: context.config.maxPolls,
    ...signal,
    done: (video) => video.status === "AVAILABLE" || video.status === "PROCESSING_FAILED",
    check: async () => {
      const response = await restRequest(context, {
        operation,
        method: "GET",
        path: `/rest/videos/${encodeUrn(input.video)}`,
        accessToken: access.accessToken,
        ...signal,
      });
      return parseBody(VideoStatus, response, operation);
    },
  });
  if (state.status === "PROCESSING_FAILED") {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "linkedin",
      platformCode: state.processingFailureReason ?? "PROCESSING_FAILED",
      message: `${operation}: LinkedIn could not process the video (${state.processingFailureReason ?? "no reason given"})`,
    });
  }
  if (!done) {
    throw new ConnectorError({
      kind: "transient",
      platform: "linkedin",
      platformCode: "video_processing",
      message: `${operation}: ${input.video} is still ${state.status} after ${context.config.maxPolls} checks`,
    });
  }
}
