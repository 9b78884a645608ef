import { describe, expect, it } from "vitest";
import { wrap } from "../demo/narrator";
import { describeMetrics } from "../demo/step-analytics";
import { browserUrl } from "../demo/step-connect-platforms";
import { chooseAccounts, socialKinds } from "../demo/step-publish-everywhere";

const account = (id: string, kind: string) => ({ id, kind, name: id, platform: "x" });

describe("demo pieces", () => {
  it("picks the first account of each social kind, a LinkedIn member when no organization is there", () => {
    const chosen = chooseAccounts(
      [
        account("p1", "facebook_page"),
        account("p2", "facebook_page"),
        account("i1", "instagram_account"),
        account("m1", "linkedin_member"),
        account("t1", "tiktok_account"),
        account("g1", "gbp_location"),
        account("a1", "mailchimp_audience"),
      ],
      socialKinds,
    );
    expect(chosen.map((chosenAccount) => chosenAccount.id)).toEqual(["p1", "i1", "m1", "t1", "g1"]);
  });

  it("opens consent pages the services address as platform-sim (compose) on this machine's sim port", () => {
    expect(
      browserUrl("http://platform-sim:4010/www.tiktok.com/v2/auth?x=1", "http://127.0.0.1:4010").href,
    ).toBe("http://127.0.0.1:4010/www.tiktok.com/v2/auth?x=1");
    expect(browserUrl("http://127.0.0.1:4010/a", "http://127.0.0.1:9999").href).toBe(
      "http://127.0.0.1:4010/a",
    );
  });

  it("wraps narration and lists only the metrics a platform reported", () => {
    expect(wrap("one two three four", { indent: "  ", width: 11 })).toEqual([
      "  one two",
      "  three",
      "  four",
    ]);
    expect(describeMetrics({ likes: 3, reach: undefined, clicks: 0 })).toBe("likes 3 · clicks 0");
    expect(describeMetrics({})).toBe("nothing reported yet");
  });
});
