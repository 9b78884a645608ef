import type { OAuthOutcome, Platform } from "@postd/contracts";

const platformNames: Record<Platform, string> = {
  meta: "Meta",
  linkedin: "LinkedIn",
  tiktok: "TikTok",
  gbp: "Google Business Profile",
  mailchimp: "Mailchimp",
};

/** The page's own policy: no scripts, no requests, inline style only. */
export const callbackPageCsp =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface CallbackPage {
  status: number;
  html: string;
}

/** What a person sees when the callback has nowhere to send them. Every dynamic text is escaped. */
export function renderCallbackPage(input: {
  platform: Platform;
  outcome: Pick<OAuthOutcome, "status" | "connectionId" | "errorCode" | "message"> | null;
  /** when the outcome is null: why the connection could not be completed */
  failure?: { status: number; message: string };
}): CallbackPage {
  const name = platformNames[input.platform];
  const { outcome } = input;
  if (outcome?.status === "connected") {
    const detail = outcome.connectionId ? `Connection ${outcome.connectionId}.` : "";
    return page(200, `${name} is connected`, [
      `Your ${name} account is connected. You can close this window.`,
      detail,
    ]);
  }
  const message = outcome?.message ?? input.failure?.message ?? "The connection could not be completed.";
  const code = outcome?.errorCode ? `Error code: ${outcome.errorCode}.` : "";
  return page(outcome ? 400 : (input.failure?.status ?? 400), `${name} was not connected`, [message, code]);
}

function page(status: number, title: string, paragraphs: string[]): CallbackPage {
  const body = paragraphs
    .filter((text) => text !== "")
    .map((text) => `<p>${escapeHtml(text)}</p>`)
    .join("\n    ");
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>${escapeHtml(title)} · POSTD</title>
    <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}</style>
  </head>
  <body>
    <h1>${escapeHtml(title)}</h1>
    ${body}
  </body>
</html>
`;
  return { status, html };
}

const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);
}
