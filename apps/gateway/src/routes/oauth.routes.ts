import { CompleteOAuth, type OAuthOutcome, type Platform, StartOAuth } from "@postd/contracts";
import { integrationFlagName } from "@postd/flags";
import { AppError, type HttpServer, isAppError, mapError } from "@postd/service-kit";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { tenantOf } from "../http/install-authentication";
import { callbackPageCsp, renderCallbackPage } from "./callback-page";
import { callbackRedirectUrl } from "./callback-redirect";
import { PlatformParams, platformFrom } from "./path-params";
import type { RouteDeps } from "./route-deps";

const tags = ["connections"];

const StartBody = z
  .object({
    returnTo: z
      .string()
      .max(2048)
      .optional()
      .describe("where the browser goes afterwards; must be allow-listed"),
  })
  .nullish();

const CallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(1024).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
});

export function registerOAuthRoutes(app: HttpServer, deps: RouteDeps): void {
  app.post(
    "/api/oauth/:platform/start",
    {
      schema: {
        tags,
        summary: "Begin connecting a platform: answers the URL to send the browser to",
        params: PlatformParams,
        body: StartBody,
        response: { 200: StartOAuth.response },
      },
    },
    async (request) => {
      const platform = platformFrom(request.params.platform);
      const { tenantId } = tenantOf(request);
      await assertPlatformEnabled(deps, { platform, tenantId });
      const returnTo = request.body?.returnTo;
      return deps.call(
        StartOAuth,
        { tenantId, platform, ...(returnTo === undefined ? {} : { returnTo }) },
        { requestId: request.id },
      );
    },
  );

  app.get(
    "/api/oauth/:platform/callback",
    {
      config: { auth: "optional-tenant" },
      schema: {
        tags,
        summary: "The platform's redirect target: completes the connection, then redirects or shows a page",
        description:
          "302 to the returnTo given at start with `status=connected&connectionId=…` or `status=error&code=…`; " +
          "without a returnTo, a small HTML page. Public: the browser arrives from the platform.",
        params: PlatformParams,
        querystring: CallbackQuery,
      },
    },
    async (request, reply) => {
      const platform = platformFrom(request.params.platform);
      reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer");
      const { state, code, error, error_description: errorDescription } = request.query;
      if (!state) {
        return sendPage(reply, platform, null, {
          status: 400,
          message: "The platform's answer did not carry the sign-in state; start connecting again.",
        });
      }
      const principal = request.principal;
      let outcome: OAuthOutcome;
      try {
        outcome = await deps.call(
          CompleteOAuth,
          {
            platform,
            state,
            ...(code === undefined ? {} : { code }),
            ...(error === undefined ? {} : { error }),
            ...(errorDescription === undefined ? {} : { errorDescription }),
            ...(principal && principal.kind !== "admin" ? { expectedTenantId: principal.tenantId } : {}),
          },
          { requestId: request.id },
        );
      } catch (failure) {
        if (!isAppError(failure)) throw failure;
        const mapped = mapError(failure);
        request.log.warn({ code: mapped.code, platform }, "oauth callback could not be completed");
        return sendPage(reply, platform, null, { status: failure.status, message: mapped.detail });
      }
      request.log.info(
        { platform, status: outcome.status, errorCode: outcome.errorCode },
        "oauth callback completed",
      );
      const location = callbackRedirectUrl(outcome);
      if (location) return reply.redirect(location, 302);
      return sendPage(reply, platform, outcome);
    },
  );
}

function sendPage(
  reply: FastifyReply,
  platform: Platform,
  outcome: OAuthOutcome | null,
  failure?: { status: number; message: string },
): FastifyReply {
  const page = renderCallbackPage({ platform, outcome, ...(failure ? { failure } : {}) });
  return reply
    .code(page.status)
    .header("content-security-policy", callbackPageCsp)
    .type("text/html; charset=utf-8")
    .send(page.html);
}

/** 403 naming the flag when the tenant may not use the platform (checked again by oauth-service, if it does). */
async function assertPlatformEnabled(
  deps: RouteDeps,
  input: { platform: Platform; tenantId: string },
): Promise<void> {
  if (!deps.flags) return;
  const flag = integrationFlagName(input.platform);
  if (await deps.flags.isEnabled(flag, input.tenantId)) return;
  throw new AppError(
    "FORBIDDEN",
    `${input.platform} is switched off for this tenant by the feature flag ${flag}`,
  );
}
