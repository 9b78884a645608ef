import { ConnectionStatus } from "@postd/contracts";
import { describe, expect, it } from "vitest";
import { canTransition, isDeadStatus, statusTransitions } from "./status-machine";

describe("status machine", () => {
  it("names every status and never a self-transition", () => {
    for (const status of ConnectionStatus.options) {
      expect(statusTransitions[status]).toBeDefined();
      expect(canTransition(status, status)).toBe(false);
    }
  });

  it("leaves needs_reauth and revoked only by reconnecting (to active) or disconnecting", () => {
    expect(canTransition("needs_reauth", "active")).toBe(true);
    expect(canTransition("needs_reauth", "error")).toBe(false);
    expect(canTransition("revoked", "needs_reauth")).toBe(false);
    expect(canTransition("revoked", "active")).toBe(true);
    expect(isDeadStatus("needs_reauth") && isDeadStatus("revoked")).toBe(true);
    expect(isDeadStatus("error")).toBe(false);
  });

  it("lets every live status be disconnected or lose its grant", () => {
    for (const status of ["active", "expiring", "error"] as const) {
      expect(canTransition(status, "revoked")).toBe(true);
      expect(canTransition(status, "needs_reauth")).toBe(true);
    }
  });
});
