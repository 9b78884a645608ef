import { type AccountAccess, ConnectorError, type PublishedPost, type PublishInput } from "../core/index";
import { buildPostBody, linkContent } from "./build-post-body";
import { linkedInHosts } from "./config";
import type { LinkedInContext } from "./context";
import { prepareMediaContent } from "./publish-media";
import { restRequest } from "./rest-request";

/**
 * Publishes as the account's URN (member or organization): media first (each id saved as it exists), then
 * `POST /rest/posts`, whose 201 carries the new post's URN in `x-restli-id`.
 */
export async function publishLinkedIn(
  context: LinkedInContext,
  access: AccountAccess,
  input: PublishInput,
): Promise<PublishedPost> {
  const { post } = input;
  const content = post.link
    ? linkContent(post.link, post.options)
    : await prepareMediaContent(context, access, input);
  const operation = "publish.create_post";
  const response = await restRequest(context, {
    operation,
    method: "POST",
    path: "/rest/posts",
    accessToken: access.accessToken,
    body: {
      json: buildPostBody({
        author: access.account.externalId,
        text: post.text,
        options: post.options,
        content,
      }),
    },
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const urn = response.headers.get("x-restli-id") ?? response.headers.get("x-linkedin-id");
  if (!urn) {
    // LinkedIn accepted the post but did not say which it is: let findPost settle it rather than post again.
    throw new ConnectorError({
      kind: "unknown_outcome",
      platform: "linkedin",
      platformCode: "missing_x_restli_id",
      message: `${operation}: LinkedIn answered ${response.status} without the post id (x-restli-id)`,
      httpStatus: response.status,
    });
  }
  return { platformPostId: urn, url: postUrl(urn) };
}

export function postUrl(urn: string): string {
  return `${linkedInHosts.feedUpdate}/${urn}`;
}
