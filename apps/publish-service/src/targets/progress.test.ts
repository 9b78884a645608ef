import { describe, expect, it } from "vitest";
import { resumableProgress, storableProgress } from "./progress";

describe("storableProgress", () => {
  it("keeps every connector's ids", () => {
    const ids = {
      "ig.container": "17890000000000001",
      "ig.media": "17890000000000002",
      "fb.photo.0": "1234",
      "fb.post": "1_2",
      "fb.url": "https://www.facebook.com/1/posts/2",
      "image.0": "urn:li:image:C4E",
      video: "urn:li:video:D5F",
      localPostName: "accounts/1/locations/2/localPosts/3",
      campaignId: "a1b2c3",
      contentSet: "true",
      publishId: "v_pub_url~v2.123",
      source: "PULL_FROM_URL",
      username: "alice.creates",
    };
    expect(storableProgress(ids)).toEqual(ids);
  });

  it("drops TikTok's upload URL and anything carrying a credential", () => {
    const stored = storableProgress({
      publishId: "v_inbox_file~v2.1",
      source: "FILE_UPLOAD",
      uploadUrl: "https://open-upload.tiktokapis.com/video/?upload_id=1&upload_token=SECRET",
      videoSize: "2048",
      accessToken: "SECRET",
      other: "https://x.test/?token=SECRET",
    });
    expect(stored).toEqual({ publishId: "v_inbox_file~v2.1", source: "FILE_UPLOAD", videoSize: "2048" });
    expect(JSON.stringify(stored)).not.toContain("SECRET");
  });
});

describe("resumableProgress", () => {
  it("forgets an unfinished FILE_UPLOAD whose upload URL was not stored", () => {
    expect(
      resumableProgress({
        publishId: "p",
        source: "FILE_UPLOAD",
        videoSize: "10",
        username: "alice",
        other: "x",
      }),
    ).toEqual({ other: "x" });
  });

  it("keeps a finished upload and a pulled video, which resume by polling their publish id", () => {
    const finished = { publishId: "p", source: "FILE_UPLOAD", uploadComplete: "true" };
    expect(resumableProgress(finished)).toEqual(finished);
    const pulled = { publishId: "p", source: "PULL_FROM_URL" };
    expect(resumableProgress(pulled)).toEqual(pulled);
  });
});
