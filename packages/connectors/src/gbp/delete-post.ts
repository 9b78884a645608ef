import { type AccountAccess, isConnectorError } from "../core/index";
import { gbpUrls } from "./config";
import type { GbpContext } from "./context";
import { googleRequest } from "./google-api";
import { parseLocalPostName } from "./resource-names";

/**
 * `DELETE https://mybusiness.googleapis.com/v4/{name}` → `{}`. Deleting is idempotent for us: NOT_FOUND means the
 * post is already gone (deleted earlier, here or in the Business Profile UI), which is the outcome asked for.
 */
export async function deleteGbpPost(
  context: GbpContext,
  access: AccountAccess,
  platformPostId: string,
): Promise<void> {
  const operation = "delete_post";
  parseLocalPostName(platformPostId, operation);
  try {
    await googleRequest(context, {
      operation,
      method: "DELETE",
      url: `${gbpUrls.v4}/${platformPostId}`,
      accessToken: access.accessToken,
    });
  } catch (error) {
    if (isConnectorError(error) && error.httpStatus === 404) return;
    throw error;
  }
}
