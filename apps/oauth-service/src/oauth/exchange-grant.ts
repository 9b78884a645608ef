import { type Connector, isConnectorError } from "@postd/connectors";
import { type ConnectionView, type OAuthOutcome, StoreConnection } from "@postd/contracts";
import { isAppError } from "@postd/service-kit";
import { measureLatency, scrubString } from "@postd/telemetry";
import type { OAuthSessionRow } from "../db/schema";
import type { OAuthContext } from "./context";
import { type CompleteErrorCode, connectedMessage, outcomeMessage } from "./outcome-messages";
import { decryptVerifier, VerifierDecryptError } from "./verifier-cipher";

type Outcome = Pick<OAuthOutcome, "status" | "connectionId" | "errorCode" | "message">;

/**
 * The part after the state is taken: the code for tokens through the connector (with the PKCE verifier; the
 * connector also runs the platform's extra steps, e.g. Meta's long-lived exchange), the accounts, then
 * `svc.token.store`, the only place tokens are kept. Any failure ends as an error outcome with a code and nothing
 * stored; the tokens never leave this function except towards token-service.
 */
export async function exchangeGrant(
  ctx: OAuthContext,
  input: { session: OAuthSessionRow; connector: Connector; code: string },
): Promise<Outcome> {
  const { session, connector } = input;
  const platform = connector.platform;
  try {
    const connection = await storeGrant(ctx, input);
    return {
      status: "connected",
      connectionId: connection.id,
      errorCode: null,
      message: connectedMessage(platform, connection.displayName),
    };
  } catch (error) {
    const errorCode = classifyFailure(ctx, session, error);
    const detail =
      errorCode === "permission_denied" && isConnectorError(error)
        ? ` ${scrubString(error.message).slice(0, 300)}`
        : "";
    return {
      status: "error",
      connectionId: null,
      errorCode,
      message: `${outcomeMessage(errorCode, platform)}${detail}`,
    };
  }
}

async function storeGrant(
  ctx: OAuthContext,
  input: { session: OAuthSessionRow; connector: Connector; code: string },
): Promise<ConnectionView> {
  const { session, connector } = input;
  const codeVerifier =
    session.codeVerifierCiphertext === null
      ? null
      : decryptVerifier(
          ctx.verifierKey,
          { sessionId: session.id, tenantId: session.tenantId },
          session.codeVerifierCiphertext,
        );
  const grant = await connector.authenticate({
    code: input.code,
    codeVerifier,
    redirectUri: ctx.settings.redirectUriFor(connector.platform),
  });
  const accounts = await connector.fetchAccounts({
    accessToken: grant.tokens.accessToken,
    connection: grant.metadata,
  });
  const { tokens } = grant;
  const connection = await measureLatency("rpc.request.duration", { service: "token", verb: "store" }, () =>
    ctx.rpc.call(StoreConnection, {
      tenantId: session.tenantId,
      platform: connector.platform,
      externalUserId: grant.externalUserId,
      displayName: grant.displayName,
      tokens: {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt?.toISOString() ?? null,
        refreshTokenExpiresAt: tokens.refreshTokenExpiresAt?.toISOString() ?? null,
        scopes: tokens.scopes,
      },
      metadata: grant.metadata,
      accounts,
    }),
  );
  ctx.logger.info(
    { sessionId: session.id, connectionId: connection.id, accounts: accounts.length },
    "oauth grant stored",
  );
  return connection;
}

function classifyFailure(ctx: OAuthContext, session: OAuthSessionRow, error: unknown): CompleteErrorCode {
  const log = ctx.logger.child({ sessionId: session.id, platform: session.platform });
  if (isConnectorError(error)) {
    log.warn(
      { kind: error.kind, platformCode: error.platformCode, httpStatus: error.httpStatus },
      "oauth code exchange failed at the platform",
    );
    switch (error.kind) {
      case "permission_denied":
        return "permission_denied";
      case "rate_limited":
      case "transient":
      case "quota_exceeded":
      case "unknown_outcome":
        return "platform_unavailable";
      default:
        return "exchange_failed";
    }
  }
  if (error instanceof VerifierDecryptError) {
    log.error({ err: error }, "oauth session's PKCE verifier does not decrypt");
    return "exchange_failed";
  }
  if (isAppError(error)) {
    log.warn({ code: error.code, detail: error.message }, "token-service did not store the grant");
    return "storage_failed";
  }
  log.error({ err: error }, "oauth completion failed");
  return "internal_error";
}
