import { escapeLittleText } from "./little-text";
import { optionalString, visibilityOf } from "./post-options";

/** The `content` block of a post: one image or video, several images, or a link card. */
export type PostContentBlock =
  | { media: { id: string; altText?: string } }
  | { multiImage: { images: Array<{ id: string; altText?: string }> } }
  | { article: { source: string; title: string; description?: string } };

export function linkContent(link: string, options: Record<string, unknown>): PostContentBlock {
  const description = optionalString(options, "linkDescription");
  return {
    article: {
      source: link,
      // The Posts API does not scrape the page: without a title of ours the card shows the URL.
      title: optionalString(options, "linkTitle") ?? link,
      ...(description ? { description } : {}),
    },
  };
}

/** The `POST /rest/posts` body: published now, on the main feed, reshares allowed. */
export function buildPostBody(input: {
  author: string;
  text: string;
  options: Record<string, unknown>;
  content: PostContentBlock | null;
}): Record<string, unknown> {
  return {
    author: input.author,
    commentary: escapeLittleText(input.text),
    visibility: visibilityOf(input.options),
    distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: "PUBLISHED",
    isReshareDisabledByAuthor: false,
    ...(input.content ? { content: input.content } : {}),
  };
}
