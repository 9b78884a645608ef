import { ConnectorError } from "@postd/connectors";
import { describe, expect, it } from "vitest";
import { outcomeOfError, outcomeOfResult } from "./check-outcome";

describe("check outcomes", () => {
  it("reads a connector's answer, and the taxonomy kind some connectors put in the detail", () => {
    expect(outcomeOfResult({ healthy: true, detail: "ok" })).toEqual({
      outcome: "healthy",
      errorKind: null,
      detail: "ok",
    });
    expect(
      outcomeOfResult({ healthy: false, detail: "auth_revoked (REVOKED_ACCESS_TOKEN): gone" }),
    ).toMatchObject({
      outcome: "unhealthy",
      errorKind: "auth_revoked",
    });
    expect(outcomeOfResult({ healthy: false, detail: "user 1 no longer grants: x" }).errorKind).toBeNull();
  });

  it("makes a refused grant unhealthy and an outage an error, without leaking a token", () => {
    const refused = new ConnectorError({
      kind: "auth_revoked",
      platform: "meta",
      platformCode: "190",
      message: "revoked",
    });
    expect(outcomeOfError(refused)).toEqual({
      outcome: "unhealthy",
      errorKind: "auth_revoked",
      detail: "auth_revoked (190): revoked",
    });
    const outage = new ConnectorError({
      kind: "transient",
      platform: "tiktok",
      platformCode: "500",
      message: "down",
    });
    expect(outcomeOfError(outage)).toMatchObject({ outcome: "error", errorKind: "transient" });
    const leaky = outcomeOfError(new Error("failed https://x.test/?access_token=SECRET123"));
    expect(leaky).toMatchObject({ outcome: "error", errorKind: null });
    expect(leaky.detail).not.toContain("SECRET123");
  });
});
