import { z } from "zod";
import { ConnectorError, isConnectorError, type PublishedPost } from "../core/index";
import { gbpUrls } from "./config";
import type { GbpContext } from "./context";
import { googleRequest, parseBody } from "./google-api";

/** The LocalPost fields POSTD reads back. */
export const LocalPost = z.looseObject({
  name: z.string().regex(/^accounts\/[^/]+\/locations\/[^/]+\/localPosts\/[^/]+$/),
  summary: z.string().optional(),
  topicType: z.string().optional(),
  /** PROCESSING → LIVE, or REJECTED by policy */
  state: z.string().optional(),
  searchUrl: z.string().optional(),
  createTime: z.string().optional(),
  event: z.looseObject({ title: z.string().optional() }).optional(),
});
export type LocalPost = z.infer<typeof LocalPost>;

/** `GET https://mybusiness.googleapis.com/v4/{name}`; null when Google says NOT_FOUND (deleted or never made). */
export async function getLocalPost(
  context: GbpContext,
  target: { accessToken: string; name: string; operation: string },
): Promise<LocalPost | null> {
  try {
    const response = await googleRequest(context, {
      operation: target.operation,
      method: "GET",
      url: `${gbpUrls.v4}/${target.name}`,
      accessToken: target.accessToken,
    });
    return parseBody(LocalPost, response, { operation: target.operation });
  } catch (error) {
    if (isConnectorError(error) && error.httpStatus === 404) return null;
    throw error;
  }
}

/**
 * PROCESSING and LIVE are accepted (Google reviews a post before it goes live); REJECTED is a content-policy
 * refusal, which trying again with the same content will not change.
 */
export function acceptedPost(post: LocalPost, operation: string): PublishedPost {
  if (post.state === "REJECTED") {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "gbp",
      platformCode: "REJECTED",
      message: `${operation}: Google rejected the local post ${post.name} under its content policy (posts with phone numbers, prohibited content or misleading offers are refused); change the content and post again`,
    });
  }
  return { platformPostId: post.name, url: post.searchUrl ?? null };
}
