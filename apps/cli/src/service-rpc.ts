import { RequestError } from "@nats-io/nats-core";
import type { RpcContract, RpcRequest, RpcResponse } from "@postd/contracts";
import { AppError, connectNats, createRpcClient } from "@postd/service-kit";
import { createLogger } from "@postd/telemetry";
import type { CliConfig } from "./cli-config";
import { CliError } from "./cli-error";

/**
 * One RPC to a running service over NATS (NATS_URL, NATS_PREFIX), then the connection is closed. Fails at once
 * when NATS cannot be reached, and turns the service's error into a CliError with its detail.
 */
export async function callService<C extends RpcContract>(
  config: CliConfig,
  contract: C,
  request: RpcRequest<C>,
): Promise<RpcResponse<C>> {
  const logger = createLogger({ service: "postd-cli", level: "silent" });
  let nc: Awaited<ReturnType<typeof connectNats>>;
  try {
    nc = await connectNats({ url: config.NATS_URL, name: "postd-cli", logger, waitOnFirstConnect: false });
  } catch (error) {
    throw new CliError(`cannot reach NATS at ${config.NATS_URL} (NATS_URL)`, { cause: error });
  }
  try {
    const rpc = createRpcClient({ nc, ns: { prefix: config.NATS_PREFIX }, logger });
    return await rpc.call(contract, request);
  } catch (error) {
    if (error instanceof AppError && error.cause instanceof RequestError && error.cause.isNoResponders()) {
      throw new CliError(`${contract.service}-service is not running (nobody answers ${contract.subject})`);
    }
    if (error instanceof AppError)
      throw new CliError(`${contract.subject} failed (${error.code}): ${error.message}`);
    throw error;
  } finally {
    await nc.close();
  }
}
