import type { RpcResponse, ValidatePost } from "@postd/contracts";
import type { PublishContext } from "../context";
import { inspectPublishRequest } from "./inspect-publish-request";

/** `svc.publish.validate`: every problem a publish of this body would meet, without publishing anything. */
export async function validatePost(
  ctx: PublishContext,
  input: { tenantId: string; body: unknown },
): Promise<RpcResponse<typeof ValidatePost>> {
  const inspected = await inspectPublishRequest(ctx, input);
  if (inspected.ok) return { valid: true, errors: [] };
  return {
    valid: false,
    errors: inspected.issues.map(({ accountId, path, message }) => ({ accountId, path, message })),
  };
}
