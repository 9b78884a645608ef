import { type AccountAccess, ConnectorError, type PublishedPost, type PublishInput } from "../core/index";
import type { MetaContext } from "./context";
import { ProgressTracker } from "./progress";
import { publishFacebook } from "./publish-facebook";
import { publishInstagram } from "./publish-instagram";
import { validatePost } from "./validate-post";

/** Publishes on a Page or an Instagram account; a post that breaks Meta's rules is refused before any call. */
export async function publish(
  ctx: MetaContext,
  access: AccountAccess,
  input: PublishInput,
): Promise<PublishedPost> {
  const problems = validatePost(access.account, input.post);
  if (problems.length > 0) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "meta",
      platformCode: "validation",
      message: `The post breaks Meta's rules: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
    });
  }
  const progress = new ProgressTracker(input);
  if (access.account.kind === "instagram_account") return publishInstagram(ctx, access, input, progress);
  return publishFacebook(ctx, access, input, progress);
}
