import type { JsonClient } from "../support/http-client";
import type { SendRequest } from "../support/load-loops";
import { type BenchTenant, benchPost } from "./bench-tenant";
import type { LedgerEntry, PostLedger } from "./post-ledger";

export interface Publisher {
  /** one `POST /api/publish` with the phase's next sequence and a fresh Idempotency-Key, recorded in the ledger */
  publishOne(phase: string, scheduledAt: number): Promise<LedgerEntry>;
  /** the same as a load loop's request (the loop's own sequence is not used: it restarts with every loop) */
  sender(phase: string): SendRequest;
}

/**
 * `POST /api/publish` for the load loops: one text post to one of the tenant's Pages (round robin), a fresh
 * Idempotency-Key each, every answer recorded in the ledger.
 */
export function createPublisher(input: {
  client: JsonClient;
  gatewayUrl: string;
  tenant: BenchTenant;
  ledger: PostLedger;
}): Publisher {
  const url = `${input.gatewayUrl}/api/publish`;
  const authorization = `Bearer ${input.tenant.apiKey}`;
  const { accountIds } = input.tenant;
  const publishOne = async (phase: string, scheduledAt: number) => {
    const { sequence, text, idempotencyKey } = input.ledger.nextRequest(phase);
    const accountId = accountIds[sequence % accountIds.length] ?? "";
    const answer = await input.client.post(url, benchPost({ accountId, text }), {
      authorization,
      "idempotency-key": idempotencyKey,
    });
    let postId: string | null = null;
    let targetId: string | null = null;
    if (answer.status === 202) {
      const body = JSON.parse(answer.body) as { postId: string; targets: Array<{ id: string }> };
      postId = body.postId;
      targetId = body.targets[0]?.id ?? null;
    }
    const entry = { sequence, text, phase, scheduledAt, status: answer.status, postId, targetId };
    input.ledger.record(entry);
    return entry;
  };
  return {
    publishOne,
    sender: (phase) => async (_sequence, scheduledAt) => (await publishOne(phase, scheduledAt)).status,
  };
}
