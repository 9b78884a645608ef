import type { Platform } from "@postd/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../state/sim-state";

export interface ConsentUser {
  id: string;
  name: string;
}

export interface AuthorizeRequest {
  platform: Platform;
  clientId: string | undefined;
  redirectUri: string | undefined;
  state: string | undefined;
  scopes: string[];
  codeChallenge: string | null;
  users: ConsentUser[];
  /** extra query parameters the platform adds on denial (`error_reason=user_denied` for Meta) */
  denyParams?: Record<string, string>;
}

const platformNames: Record<Platform, string> = {
  meta: "Facebook",
  linkedin: "LinkedIn",
  tiktok: "TikTok",
  gbp: "Google",
  mailchimp: "Mailchimp",
};

/**
 * The emulated consent step. GET shows a real HTML page with Approve and Deny (a browser test clicks them);
 * `auto=approve|deny` in the query decides at once; the form posts back here with `decision`. Approve redirects to
 * `redirect_uri` with a single-use code and the state; Deny with `error=access_denied`.
 */
export async function handleAuthorize(
  request: FastifyRequest,
  reply: FastifyReply,
  state: SimState,
  authorize: AuthorizeRequest,
): Promise<FastifyReply> {
  const input = {
    ...(request.query as Record<string, string>),
    ...((request.body as Record<string, string>) ?? {}),
  };
  const app = state.apps[authorize.platform];
  if (!authorize.clientId || authorize.clientId !== app.clientId) {
    return reply.code(400).type("text/html").send(errorPage(authorize.platform, "Invalid client id."));
  }
  if (!authorize.redirectUri || !/^https?:\/\//.test(authorize.redirectUri)) {
    return reply.code(400).type("text/html").send(errorPage(authorize.platform, "Invalid redirect_uri."));
  }
  const decision = input.decision ?? input.auto;
  if (decision !== "approve" && decision !== "deny") {
    return reply.type("text/html").send(consentPage(request.url, authorize, input));
  }
  const target = new URL(authorize.redirectUri);
  if (decision === "deny") {
    target.searchParams.set("error", "access_denied");
    target.searchParams.set("error_description", "The user denied the request");
    for (const [key, value] of Object.entries(authorize.denyParams ?? {}))
      target.searchParams.set(key, value);
  } else {
    const user = authorize.users.find((u) => u.id === input.user) ?? authorize.users[0];
    if (!user)
      return reply.code(500).type("text/html").send(errorPage(authorize.platform, "No user is seeded."));
    const code = state.codes.issue({
      platform: authorize.platform,
      clientId: authorize.clientId,
      redirectUri: authorize.redirectUri,
      userId: user.id,
      scopes: authorize.scopes,
      codeChallenge: authorize.codeChallenge,
    });
    target.searchParams.set("code", code.code);
  }
  if (authorize.state !== undefined) target.searchParams.set("state", authorize.state);
  return reply.redirect(target.toString(), 302);
}

function consentPage(action: string, authorize: AuthorizeRequest, input: Record<string, string>): string {
  const name = platformNames[authorize.platform];
  const options = authorize.users
    .map(
      (u) =>
        `<option value="${escapeHtml(u.id)}"${u.id === input.user ? " selected" : ""}>${escapeHtml(u.name)}</option>`,
    )
    .join("");
  const scopes = authorize.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${name} — authorize POSTD</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}</style>
</head><body><h1>${name} (platform-sim)</h1>
<p>The app <strong>${escapeHtml(authorize.clientId ?? "")}</strong> asks for access to your account:</p>
<ul>${scopes || "<li>full account access</li>"}</ul>
<form method="post" action="${escapeHtml(action)}">
<label>Log in as <select name="user">${options}</select></label>
<p><button type="submit" name="decision" value="approve" id="approve">Approve</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button></p>
</form></body></html>`;
}

function errorPage(platform: Platform, message: string): string {
  return `<!doctype html><html><body><h1>${platformNames[platform]} (platform-sim)</h1><p>${escapeHtml(message)}</p></body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
