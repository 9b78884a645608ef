import { randomUUID } from "node:crypto";
import { type DemoAccount, type DemoContext, describeAccount } from "./demo-context";
import { DemoError, expectStatus } from "./demo-http";

/** The connected account of `kind` (the first one), or a DemoError. */
export function accountOfKind(context: DemoContext, kind: string): DemoAccount {
  const account = context.accounts.find((candidate) => candidate.kind === kind);
  if (!account) throw new DemoError(`no ${kind} is connected`);
  return account;
}

/** A text post to one account; answers its id. */
export async function publishText(
  context: DemoContext,
  input: { account: DemoAccount; text: string },
): Promise<string> {
  const key = `demo-${randomUUID()}`;
  context.narrator.request(`POST /api/publish to ${describeAccount(input.account)}: "${input.text}"`);
  const accepted = await expectStatus(
    "POST /api/publish",
    context.api<{ postId: string }>("/api/publish", {
      method: "POST",
      body: { targets: [{ accountId: input.account.id }], text: input.text },
      headers: { "idempotency-key": key },
    }),
    202,
  );
  return accepted.postId;
}

/** Adds a platform-sim fault rule (consumed by the first matching request). */
export async function injectFault(context: DemoContext, rule: Record<string, unknown>): Promise<void> {
  await expectStatus("POST /_sim/faults", context.sim("/_sim/faults", { method: "POST", body: rule }), 201);
}
