import { ConnectorError } from "@postd/connectors";
import { describe, expect, it } from "vitest";
import { classifyRefreshFailure, failureFromStored } from "./refresh-failure";

const error = (kind: ConnectorError["kind"], platformCode = "x") =>
  new ConnectorError({
    kind,
    platform: "tiktok",
    platformCode,
    message: "refresh failed",
    retryAfterMs: 3_000,
  });

describe("refresh failures", () => {
  it("sends auth failures to needs_reauth and retries the transient ones", () => {
    expect(classifyRefreshFailure(error("auth_revoked", "invalid_grant"))).toMatchObject({
      effect: "needs_reauth",
      code: "auth_revoked:invalid_grant",
    });
    expect(classifyRefreshFailure(error("auth_expired")).effect).toBe("needs_reauth");
    expect(classifyRefreshFailure(error("transient")).effect).toBe("retry");
    expect(classifyRefreshFailure(error("rate_limited")).retryAfterMs).toBe(3_000);
    expect(classifyRefreshFailure(error("invalid_request")).effect).toBe("error");
    expect(classifyRefreshFailure(new TypeError("boom"))).toMatchObject({
      effect: "retry",
      kind: "internal",
    });
  });

  it("reads a stored failure code back", () => {
    expect(failureFromStored("auth_revoked:invalid_grant").effect).toBe("needs_reauth");
    expect(failureFromStored("transient:http_503").effect).toBe("retry");
    expect(failureFromStored(null).effect).toBe("retry");
  });
});
