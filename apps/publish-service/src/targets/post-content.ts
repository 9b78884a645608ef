import type { PostContent } from "@postd/connectors";
import type { PostRow, TargetRow } from "../db/schema";

/** The post as a connector takes it for one target; the target's id is the reference (Mailchimp's title). */
export function postContentOf(target: Pick<TargetRow, "id" | "options">, post: PostRow): PostContent {
  return {
    reference: target.id,
    text: post.text,
    media: post.media.map((item) => ({
      url: item.url,
      type: item.type,
      ...(item.altText === undefined ? {} : { altText: item.altText }),
    })),
    ...(post.link === null ? {} : { link: post.link }),
    ...(post.email === null ? {} : { email: emailOf(post.email) }),
    options: target.options,
  };
}

function emailOf(email: NonNullable<PostRow["email"]>): NonNullable<PostContent["email"]> {
  return {
    subject: email.subject,
    fromName: email.fromName,
    replyTo: email.replyTo,
    html: email.html,
    ...(email.previewText === undefined ? {} : { previewText: email.previewText }),
  };
}
