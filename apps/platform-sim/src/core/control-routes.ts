import { Platform } from "@postd/contracts";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { FaultRule } from "../state/fault-store";
import { SimSettings } from "../state/settings";
import type { SimState } from "../state/sim-state";
import type { SimPlatformModule } from "./platform-module";
import { sendWebhook } from "./webhook-sender";

const TokenTarget = z.union([
  z.object({ token: z.string().min(1) }),
  z.object({ platform: Platform, userId: z.string().min(1) }),
]);

const FireWebhook = z.object({
  platform: Platform,
  url: z.url(),
  event: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});

/** The `/_sim` control API for tests and demos. Not part of any platform. */
export async function registerControlRoutes(
  app: FastifyInstance,
  state: SimState,
  modules: readonly SimPlatformModule[],
): Promise<void> {
  const moduleOf = (platform: Platform) => modules.find((m) => m.platform === platform);
  const bad = (error: z.ZodError) => ({ error: "invalid request", issues: z.treeifyError(error) });

  app.get("/_sim/health", async () => ({ status: "ok" }));
  // The probes every POSTD process answers (`pnpm start` waits on /readyz).
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async () => ({ status: "ok" }));

  app.get("/_sim/state", async () => ({
    settings: state.settings,
    apps: Object.fromEntries(Object.entries(state.apps).map(([p, a]) => [p, { clientId: a.clientId }])),
    platforms: Object.fromEntries(modules.map((m) => [m.platform, m.describe()])),
  }));

  app.put("/_sim/settings", async (request, reply) => {
    const parsed = SimSettings.safeParse({ ...state.settings, ...(request.body as object) });
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    state.settings = parsed.data;
    return state.settings;
  });

  app.post("/_sim/faults", async (request, reply) => {
    const body = request.body as { rules?: unknown } | undefined;
    const parsed = z.array(FaultRule).safeParse(body?.rules ?? [body]);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    return reply.code(201).send({ ids: parsed.data.map((rule) => state.faults.add(rule)) });
  });
  app.get("/_sim/faults", async () => ({ data: state.faults.list() }));
  app.delete("/_sim/faults", async (_request, reply) => {
    state.faults.clear();
    return reply.code(204).send();
  });

  app.get("/_sim/posts", async (request, reply) => {
    const parsed = z
      .object({
        platform: Platform.optional(),
        accountId: z.string().optional(),
        includeDeleted: z.enum(["true", "false"]).optional(),
      })
      .safeParse(request.query);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    const { platform, accountId, includeDeleted } = parsed.data;
    return {
      data: state.posts.list({
        ...(platform ? { platform } : {}),
        ...(accountId ? { accountId } : {}),
        includeDeleted: includeDeleted === "true",
      }),
    };
  });

  app.get("/_sim/calls", async () => ({ counts: state.calls.all() }));
  app.delete("/_sim/calls", async (_request, reply) => {
    state.calls.clear();
    return reply.code(204).send();
  });

  const tokensOf = (target: z.infer<typeof TokenTarget>) =>
    "token" in target
      ? [state.tokens.find(target.token)].filter((t) => t !== undefined)
      : state.tokens.tokensOf(target.platform, target.userId);

  app.post("/_sim/tokens/expire", async (request, reply) => {
    const parsed = TokenTarget.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    const tokens = tokensOf(parsed.data).filter((t) => t.kind === "access");
    for (const token of tokens) state.tokens.expire(token.token);
    return { expired: tokens.length };
  });

  app.post("/_sim/tokens/revoke", async (request, reply) => {
    const parsed = TokenTarget.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    const grants = new Set(tokensOf(parsed.data).map((t) => t.grantId));
    for (const grant of grants) state.tokens.revokeGrant(grant);
    return { revokedGrants: grants.size };
  });

  app.get("/_sim/grants", async (request, reply) => {
    const parsed = z.object({ platform: Platform, userId: z.string() }).safeParse(request.query);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    const tokens = state.tokens.tokensOf(parsed.data.platform, parsed.data.userId);
    const grants = [...new Set(tokens.map((t) => t.grantId))];
    return {
      data: grants.map((grantId) => ({
        grantId,
        revoked: state.tokens.isGrantRevoked(grantId),
        tokens: tokens
          .filter((t) => t.grantId === grantId)
          .map((t) => ({ kind: t.kind, used: t.used, expiresAt: t.expiresAt })),
      })),
    };
  });

  // Every token value issued (tests look for them in database dumps, logs and answers). Test-only: the sim is.
  app.get("/_sim/tokens", async (request, reply) => {
    const parsed = z.object({ platform: Platform.optional() }).safeParse(request.query);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    const { platform } = parsed.data;
    return {
      data: state.tokens
        .all()
        .filter((t) => !platform || t.platform === platform)
        .map((t) => ({
          token: t.token,
          kind: t.kind,
          platform: t.platform,
          userId: t.userId,
          grantId: t.grantId,
          revoked: t.revoked || state.tokens.isGrantRevoked(t.grantId),
        })),
    };
  });

  app.post("/_sim/webhooks/fire", async (request, reply) => {
    const parsed = FireWebhook.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    const module = moduleOf(parsed.data.platform);
    if (!module?.buildWebhook)
      return reply.code(404).send({ error: `${parsed.data.platform} sends no webhooks here` });
    const webhook = module.buildWebhook({ event: parsed.data.event, params: parsed.data.params });
    return { sent: webhook, delivery: await sendWebhook(parsed.data.url, webhook) };
  });

  app.post("/_sim/webhooks/build", async (request, reply) => {
    const parsed = FireWebhook.omit({ url: true }).safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    const module = moduleOf(parsed.data.platform);
    if (!module?.buildWebhook)
      return reply.code(404).send({ error: `${parsed.data.platform} sends no webhooks here` });
    return module.buildWebhook({ event: parsed.data.event, params: parsed.data.params });
  });

  app.post("/_sim/reset", async (_request, reply) => {
    state.reset();
    for (const module of modules) module.reset();
    return reply.code(204).send();
  });
}
