import { ConnectorError, pollUntil } from "../core/index";
import type { MetaContext } from "./context";
import { unanswered } from "./harmless";
import { type ContainerStatus, ContainerStatus as ContainerStatusSchema, Created } from "./schemas";

export interface InstagramCall {
  ctx: MetaContext;
  igUserId: string;
  /** the Page token of the Page the IG account belongs to */
  token: string;
  signal?: AbortSignal;
}

/** `POST /{ig-user-id}/media`: a container. Losing the answer leaves an unpublished orphan only: transient. */
export async function createContainer(
  call: InstagramCall,
  params: Record<string, string | boolean>,
  operation: string,
): Promise<string> {
  const answer = await unanswered(
    call.ctx.graph.call({
      operation,
      method: "POST",
      path: `/${call.igUserId}/media`,
      token: call.token,
      body: params,
      schema: Created,
      ...(call.signal ? { signal: call.signal } : {}),
    }),
  );
  return answer.id;
}

export async function readContainer(call: InstagramCall, containerId: string): Promise<ContainerStatus> {
  return call.ctx.graph.call({
    operation: "publish.container_status",
    method: "GET",
    path: `/${containerId}`,
    token: call.token,
    query: { fields: "status_code,status" },
    schema: ContainerStatusSchema,
    ...(call.signal ? { signal: call.signal } : {}),
  });
}

/** Polls until the container leaves IN_PROGRESS, or the configured polls run out (still IN_PROGRESS then). */
export async function waitForContainer(call: InstagramCall, containerId: string): Promise<ContainerStatus> {
  const { state } = await pollUntil({
    clock: call.ctx.deps.clock,
    check: () => readContainer(call, containerId),
    done: (status) => status.status_code !== "IN_PROGRESS",
    intervalMs: call.ctx.config.pollIntervalMs,
    maxAttempts: call.ctx.config.maxPolls,
    ...(call.signal ? { signal: call.signal } : {}),
  });
  return state;
}

export function stillProcessing(containerId: string, polls: number): ConnectorError {
  return new ConnectorError({
    kind: "transient",
    platform: "meta",
    platformCode: "IN_PROGRESS",
    message: `Instagram is still processing container ${containerId} after ${polls} polls; a retry resumes polling`,
  });
}

export function containerExpired(containerId: string): ConnectorError {
  return new ConnectorError({
    kind: "transient",
    platform: "meta",
    platformCode: "EXPIRED",
    message: `Instagram container ${containerId} expired before it was published; a retry creates a new one`,
  });
}
