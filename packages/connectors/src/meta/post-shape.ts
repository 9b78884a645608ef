import type { MediaItem, PostContent } from "../core/index";

/**
 * Where an Instagram post goes: `options.postType` (the API contract's name), "feed" when absent — "feed" derives
 * the shape from the media (one image, one video → reel, several → carousel).
 */
export const instagramFormats = ["feed", "reel", "story", "carousel"] as const;
export type InstagramFormat = (typeof instagramFormats)[number];

export type InstagramShape =
  | { kind: "image"; item: MediaItem }
  | { kind: "reel"; item: MediaItem }
  | { kind: "story"; item: MediaItem }
  | { kind: "carousel"; items: MediaItem[] };

export type FacebookShape =
  | { kind: "feed" }
  | { kind: "photo"; item: MediaItem }
  | { kind: "album"; items: MediaItem[] }
  | { kind: "video"; item: MediaItem };

export function instagramFormatOf(post: PostContent): unknown {
  return post.options.postType ?? "feed";
}

/** The Instagram container(s) a valid post becomes; a single feed video is a Reel (VIDEO is retired). */
export function instagramShape(post: PostContent): InstagramShape {
  const [first] = post.media;
  if (!first) throw new Error("an Instagram post without media must have been refused by validatePost");
  const format = instagramFormatOf(post);
  if (format === "story") return { kind: "story", item: first };
  if (format === "carousel") return { kind: "carousel", items: post.media };
  if (format === "reel" || (post.media.length === 1 && first.type === "video"))
    return { kind: "reel", item: first };
  if (post.media.length === 1) return { kind: "image", item: first };
  return { kind: "carousel", items: post.media };
}

/** The Page edge a valid post goes to: text/link → feed, one photo, several photos, or one video. */
export function facebookShape(post: PostContent): FacebookShape {
  const [first] = post.media;
  if (!first) return { kind: "feed" };
  if (first.type === "video") return { kind: "video", item: first };
  if (post.media.length === 1) return { kind: "photo", item: first };
  return { kind: "album", items: post.media };
}
