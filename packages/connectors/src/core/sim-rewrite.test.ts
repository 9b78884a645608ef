import { describe, expect, it } from "vitest";
import { rewriteForSim } from "./sim-rewrite";

describe("rewriteForSim", () => {
  it("moves https URLs under the sim, keeping host, path and query", () => {
    expect(
      rewriteForSim("https://graph.facebook.com/v26.0/me?fields=id,name", "http://127.0.0.1:4010/"),
    ).toBe("http://127.0.0.1:4010/graph.facebook.com/v26.0/me?fields=id,name");
    expect(rewriteForSim("https://us19.api.mailchimp.com:443/3.0/ping", "http://sim")).toBe(
      "http://sim/us19.api.mailchimp.com/3.0/ping",
    );
  });

  it("leaves URLs alone without a sim, and non-https URLs always", () => {
    expect(rewriteForSim("https://api.linkedin.com/rest/posts", undefined)).toBe(
      "https://api.linkedin.com/rest/posts",
    );
    expect(rewriteForSim("http://127.0.0.1:3000/cb", "http://sim")).toBe("http://127.0.0.1:3000/cb");
  });
});
