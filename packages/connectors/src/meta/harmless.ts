import { ConnectorError, isConnectorError } from "../core/index";

/**
 * For writes whose effect nobody sees (an unpublished photo upload, an IG container): when the answer is lost,
 * sending again makes at most an orphan that Meta discards, so an `unknown_outcome` becomes `transient`.
 */
export async function unanswered<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (!isConnectorError(error) || error.kind !== "unknown_outcome") throw error;
    throw new ConnectorError({
      kind: "transient",
      platform: error.platform,
      platformCode: error.platformCode,
      message: `${error.message} (an invisible intermediate step: safe to send again)`,
      cause: error,
    });
  }
}
