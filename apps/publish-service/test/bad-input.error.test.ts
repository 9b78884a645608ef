import { CreatePost, ReportAuthFailure, ValidatePost } from "@postd/contracts";
import { createFlags } from "@postd/flags";
import { createLogger } from "@postd/telemetry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyFor, connectDestination } from "./support/posts";
import { createPublishEnv, type PublishEnv } from "./support/publish-env";

// api role only: nothing is published here, and the waiting queue fills up for the back-pressure test.
let env: PublishEnv;
const tenantId = "ten_bad";
const accounts = { linkedin: "", tiktok: "", gbp: "", foreign: "" };

beforeAll(async () => {
  env = await createPublishEnv({ role: "api", env: { PUBLISH_QUEUE_MAX_WAITING: "3" } });
  accounts.linkedin = (await connectDestination(env, tenantId, "linkedin")).accountId;
  accounts.tiktok = (await connectDestination(env, tenantId, "tiktok")).accountId;
  accounts.gbp = (await connectDestination(env, tenantId, "gbp")).accountId;
  accounts.foreign = (await connectDestination(env, "ten_someone_else", "linkedin")).accountId;
});
afterAll(async () => env?.close());

async function rowCounts(): Promise<Record<string, number>> {
  const [row] = await env.sql<Record<string, number>[]>`
    select (select count(*)::int from publish.posts) as posts,
           (select count(*)::int from publish.targets) as targets,
           (select count(*)::int from publish.idempotency_keys) as keys,
           (select count(*)::int from publish.outbox) as events`;
  return row ?? {};
}

/** Sends a publish that must be refused, and checks nothing was written. */
async function refused(body: unknown) {
  const before = await rowCounts();
  const error = await env.rpc
    .call(CreatePost, { tenantId, idempotencyKey: `bad-${Math.random()}`, body })
    .then(
      () => null,
      (e: unknown) =>
        e as { code: string; message: string; errors?: Array<{ path: string; message: string }> },
    );
  expect(await rowCounts()).toEqual(before);
  if (!error) throw new Error("the request was accepted");
  return error;
}

describe("bad input: 4xx naming each problem, nothing written", () => {
  it("no targets", async () => {
    const error = await refused({ targets: [], text: "hi" });
    expect(error.code).toBe("VALIDATION");
    expect(error.errors).toEqual([{ path: "targets", message: "at least one target is required" }]);
  });

  it("unknown and foreign account ids", async () => {
    const error = await refused({
      targets: [{ accountId: "acc_does_not_exist" }, { accountId: accounts.foreign }],
      text: "hi",
    });
    expect(error.code).toBe("VALIDATION");
    expect(error.errors?.map((e) => e.path)).toEqual(["targets.0.accountId", "targets.1.accountId"]);
  });

  it("malformed media URLs and scheduledAt in the past, together", async () => {
    const error = await refused({
      targets: [{ accountId: accounts.linkedin }],
      text: "hi",
      media: [
        { url: "not a url", type: "image" },
        { url: "http://plain.test/a.jpg", type: "image" },
      ],
    });
    expect(error.code).toBe("VALIDATION");
    expect(error.errors?.map((e) => e.path)).toEqual(["media.0.url", "media.1.url"]);
    const past = await refused({
      targets: [{ accountId: accounts.linkedin }],
      text: "hi",
      scheduledAt: "2020-01-01T00:00:00Z",
    });
    expect(past.errors).toEqual([{ path: "scheduledAt", message: "must be in the future" }]);
  });

  it("every platform rule broken, for every target, at once (422)", async () => {
    const error = await refused({
      targets: [
        { accountId: accounts.linkedin },
        { accountId: accounts.tiktok },
        { accountId: accounts.gbp },
      ],
      text: "x".repeat(3_001),
    });
    expect(error.code).toBe("UNPROCESSABLE");
    const paths = error.errors?.map((e) => e.path) ?? [];
    expect(paths).toContain("targets.0.text");
    expect(paths).toContain("targets.1.options.privacyLevel");
    expect(paths).toContain("targets.1.media");
    expect(paths).toContain("targets.2.text");
  });

  it("an account whose connection needs re-authorization (422 naming it)", async () => {
    const { connection, accountId } = await connectDestination(env, tenantId, "mailchimp");
    await env.rpc.call(ReportAuthFailure, {
      tenantId,
      connectionId: connection.id,
      kind: "auth_revoked",
      detail: "test",
    });
    const error = await refused(bodyFor("mailchimp", accountId, "hello"));
    expect(error.code).toBe("UNPROCESSABLE");
    expect(error.errors?.[0]?.message).toContain(`connection ${connection.id} is needs_reauth`);
  });

  it("a platform switched off for the tenant (403 naming the flag)", async () => {
    const flags = createFlags({
      nc: env.nc,
      ns: env.nats.ns,
      logger: createLogger({ service: "t", level: "silent" }),
    });
    await flags.ready();
    await flags.denyTenant("integration_gbp", tenantId);
    try {
      await expect
        .poll(() => env.publish?.context.flags.isEnabled("integration_gbp", tenantId), { timeout: 10_000 })
        .toBe(false);
      const error = await refused(bodyFor("gbp", accounts.gbp, "hello"));
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toContain("integration_gbp");
    } finally {
      await flags.clearTenant("integration_gbp", tenantId);
      await flags.close();
    }
  });

  it("validate answers every problem without writing anything", async () => {
    const before = await rowCounts();
    const answer = await env.rpc.call(ValidatePost, {
      tenantId,
      body: {
        targets: [{ accountId: accounts.linkedin }, { accountId: accounts.tiktok }],
        text: "x".repeat(3_001),
      },
    });
    expect(answer.valid).toBe(false);
    expect(answer.errors).toContainEqual(
      expect.objectContaining({ accountId: accounts.linkedin, path: "targets.0.text" }),
    );
    expect(answer.errors).toContainEqual(
      expect.objectContaining({ accountId: accounts.tiktok, path: "targets.1.options.privacyLevel" }),
    );
    const good = await env.rpc.call(ValidatePost, {
      tenantId,
      body: bodyFor("linkedin", accounts.linkedin, "fine"),
    });
    expect(good).toEqual({ valid: true, errors: [] });
    expect(await rowCounts()).toEqual(before);
  });

  it("back-pressure: past PUBLISH_QUEUE_MAX_WAITING waiting jobs, 503 with Retry-After", async () => {
    for (let i = 0; i < 3; i++) {
      await env.rpc.call(CreatePost, {
        tenantId,
        idempotencyKey: `fill-${i}`,
        body: bodyFor("linkedin", accounts.linkedin, `fill ${i}`),
      });
    }
    const error = await refused(bodyFor("linkedin", accounts.linkedin, "one too many"));
    expect(error).toMatchObject({ code: "UNAVAILABLE", retryAfterSeconds: 5 });
    // a replay of an accepted request is still answered
    const replay = await env.rpc.call(CreatePost, {
      tenantId,
      idempotencyKey: "fill-0",
      body: bodyFor("linkedin", accounts.linkedin, "fill 0"),
    });
    expect(replay.replayed).toBe(true);
  });
});
