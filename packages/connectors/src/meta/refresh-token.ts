import type { ConnectionMetadata, TokenSet } from "../core/index";
import type { MetaContext } from "./context";
import { exchangeForLongLived, needsLoginAgain, tokenSetOf } from "./token-set";

/**
 * Meta has no refresh token: a still-valid long-lived user token is exchanged again for a fresh ~60-day one.
 * Page tokens derived from it keep working. An expired token → `auth_expired`, not retryable (log in again);
 * a revoked one → `auth_revoked`.
 */
export async function refreshToken(
  ctx: MetaContext,
  tokens: TokenSet,
  _connection: ConnectionMetadata,
): Promise<TokenSet> {
  try {
    const answer = await exchangeForLongLived(ctx, tokens.accessToken, "refresh.long_lived_exchange");
    return tokenSetOf(answer, tokens.scopes, ctx.deps.clock.now());
  } catch (error) {
    throw needsLoginAgain(error);
  }
}
