import type { TokenRecord } from "../../state/token-store";
import { type LinkedInErrorBody, linkedInErrors } from "./errors";
import { personUrn } from "./seed";
import type { LinkedInWorld } from "./world";

/** Roles that may publish or read an organization's organic posts. */
const organicRoles = ["ADMINISTRATOR", "CONTENT_ADMIN"];

/**
 * May this token act as `author`? Members: their own URN with w_member_social (write) or the restricted
 * r_member_social (read). Organizations: an approved ADMINISTRATOR or CONTENT_ADMIN role with
 * w_organization_social (write) or r_organization_social (read).
 */
export function authorProblem(
  world: LinkedInWorld,
  token: TokenRecord,
  author: unknown,
  purpose: "write" | "read",
  resource: string,
): LinkedInErrorBody | null {
  if (typeof author !== "string")
    return linkedInErrors.unprocessable("/author", "field is required but not found");
  if (author.startsWith("urn:li:person:")) {
    const scope = purpose === "write" ? "w_member_social" : "r_member_social";
    if (author !== personUrn(token.userId) || !token.scopes.includes(scope)) {
      return linkedInErrors.accessDenied(resource);
    }
    return null;
  }
  if (author.startsWith("urn:li:organization:")) {
    const scope = purpose === "write" ? "w_organization_social" : "r_organization_social";
    const roles = world.rolesOn(token.userId, author);
    if (!token.scopes.includes(scope) || !roles.some((role) => organicRoles.includes(role))) {
      return linkedInErrors.accessDenied(resource);
    }
    return null;
  }
  return linkedInErrors.unprocessable("/author", `${author} is not a person or organization URN`);
}

/** The post's `content`: one media (image or video), a multiImage of 2–20 images, or an article. */
export function contentProblem(
  world: LinkedInWorld,
  author: string,
  content: unknown,
): LinkedInErrorBody | null {
  if (content === undefined || content === null) return null;
  if (typeof content !== "object") return linkedInErrors.unprocessable("/content", "must be a record");
  const block = content as Record<string, unknown>;
  const keys = Object.keys(block);
  if (keys.length !== 1)
    return linkedInErrors.unprocessable("/content", "exactly one content type is allowed");
  const media = block.media as { id?: unknown } | undefined;
  if (media) return mediaProblem(world, author, media.id, "/content/media/id");
  const multiImage = block.multiImage as { images?: Array<{ id?: unknown }> } | undefined;
  if (multiImage) {
    const images = Array.isArray(multiImage.images) ? multiImage.images : [];
    if (images.length < 2 || images.length > 20) {
      return linkedInErrors.unprocessable("/content/multiImage/images", "must contain 2 to 20 images");
    }
    for (const [index, image] of images.entries()) {
      if (typeof image.id !== "string" || !image.id.startsWith("urn:li:image:")) {
        return linkedInErrors.unprocessable(`/content/multiImage/images/${index}/id`, "must be an image URN");
      }
      const problem = mediaProblem(world, author, image.id, `/content/multiImage/images/${index}/id`);
      if (problem) return problem;
    }
    return null;
  }
  const article = block.article as { source?: unknown; title?: unknown } | undefined;
  if (article) {
    if (typeof article.source !== "string" || !/^https?:\/\//.test(article.source)) {
      return linkedInErrors.unprocessable("/content/article/source", "field is required but not found");
    }
    if (typeof article.title !== "string" || article.title === "") {
      return linkedInErrors.unprocessable("/content/article/title", "field is required but not found");
    }
    return null;
  }
  return linkedInErrors.unprocessable("/content", `unsupported content type ${keys[0]}`);
}

function mediaProblem(
  world: LinkedInWorld,
  author: string,
  id: unknown,
  field: string,
): LinkedInErrorBody | null {
  if (typeof id !== "string") return linkedInErrors.unprocessable(field, "field is required but not found");
  const asset = id.startsWith("urn:li:image:") ? world.images.get(id) : world.videos.get(id);
  if (!asset) return linkedInErrors.unprocessable(field, `${id} does not exist`);
  if (asset.owner !== author) return linkedInErrors.unprocessable(field, `${id} is not owned by ${author}`);
  if (asset.status !== "AVAILABLE") {
    return linkedInErrors.unprocessable(field, `${id} is not ready (${asset.status})`);
  }
  return null;
}

/** The little-text escapes undone: what the audience reads. */
export function unescapeLittleText(commentary: string): string {
  return commentary.replace(/\\([|{}@[\]()<>#\\*_~])/g, "$1");
}
