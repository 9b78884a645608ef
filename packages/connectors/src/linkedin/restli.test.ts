import { describe, expect, it } from "vitest";
import { restliList, restliQueryString, restliRecord } from "./restli";

describe("Rest.li query encoding", () => {
  it("encodes URNs but keeps Rest.li structure characters", () => {
    expect(
      restliQueryString({
        q: "organizationalEntity",
        organizationalEntity: "urn:li:organization:1",
        shares: restliList(["urn:li:share:1", "urn:li:share:2"]),
        entity: restliRecord("share", "urn:li:share:3"),
        skipped: undefined,
      }),
    ).toBe(
      "q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A1&shares=List(urn%3Ali%3Ashare%3A1,urn%3Ali%3Ashare%3A2)&entity=(share:urn%3Ali%3Ashare%3A3)",
    );
  });
});
