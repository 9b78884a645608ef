import type { HandshakeResponse, WebhookRequest } from "../core/index";

/**
 * Mailchimp checks a webhook URL once, when the webhook is created, and wants a 200. Most sources say that check
 * is a GET; one says an empty POST. The request as handed to us carries no method, and both have an empty
 * body, so an empty body is the validation request (a real delivery always has a form body). Answered 200
 * text/plain with an empty body; anything with a body is a delivery (null).
 */
export function answerMailchimpValidation(request: WebhookRequest): HandshakeResponse | null {
  if (request.rawBody.length > 0) return null;
  return { status: 200, contentType: "text/plain; charset=utf-8", body: "" };
}
