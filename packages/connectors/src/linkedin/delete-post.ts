import { type AccountAccess, isConnectorError } from "../core/index";
import type { LinkedInContext } from "./context";
import { restRequest } from "./rest-request";
import { encodeUrn } from "./restli";

/** `DELETE /rest/posts/{urn}` → 204. Deleting is idempotent; a 404 means it is already gone, which is success. */
export async function deleteLinkedInPost(
  context: LinkedInContext,
  access: AccountAccess,
  platformPostId: string,
): Promise<void> {
  try {
    await restRequest(context, {
      operation: "delete_post",
      method: "DELETE",
      path: `/rest/posts/${encodeUrn(platformPostId)}`,
      accessToken: access.accessToken,
      restliMethod: "DELETE",
    });
  } catch (error) {
    if (isConnectorError(error) && error.httpStatus === 404) return;
    throw error;
  }
}
