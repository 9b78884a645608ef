import type { FieldProblem } from "@postd/contracts";
import { codePointLength, type PlatformAccount, type PostContent } from "../core/index";
import { maxPreviewTextLength, maxSubjectLength } from "./config";

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Every reason a campaign would be refused, at once. Only the `email` block makes the campaign; `text`, `media`
 * and `link` belong to the other targets of a post and are ignored here (put images and links in the html).
 */
export function validateMailchimpPost(
  account: Pick<PlatformAccount, "kind">,
  post: PostContent,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (account.kind !== "mailchimp_audience") add("account", `Mailchimp cannot send to a ${account.kind}`);
  const email = post.email;
  if (!email) {
    add("email", "required: an email campaign needs subject, fromName, replyTo and html");
    return problems;
  }
  const subject = email.subject ?? "";
  if (subject.trim() === "") add("email.subject", "required");
  else if (codePointLength(subject) > maxSubjectLength) {
    add("email.subject", `at most ${maxSubjectLength} characters; this has ${codePointLength(subject)}`);
  }
  if (email.previewText !== undefined && codePointLength(email.previewText) > maxPreviewTextLength) {
    add("email.previewText", `at most ${maxPreviewTextLength} characters`);
  }
  if ((email.fromName ?? "").trim() === "") add("email.fromName", "required");
  const replyTo = (email.replyTo ?? "").trim();
  if (replyTo === "")
    add("email.replyTo", "required: the address replies go to (Mailchimp sends from it too)");
  else if (!emailPattern.test(replyTo)) add("email.replyTo", "must be an email address");
  if ((email.html ?? "").trim() === "") add("email.html", "required: the campaign's HTML content");
  return problems;
}
