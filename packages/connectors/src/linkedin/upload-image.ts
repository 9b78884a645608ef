import { z } from "zod";
import type { AccountAccess, HttpBody, MediaItem } from "../core/index";
import type { LinkedInContext } from "./context";
import { openMedia } from "./media-source";
import { parseBody, restRequest } from "./rest-request";
import { uploadToLinkedIn } from "./upload-put";

const InitializeImageUpload = z.object({
  value: z.looseObject({ uploadUrl: z.string().min(1), image: z.string().min(1) }),
});

/** Images API: initializeUpload, then one PUT of the bytes (streamed from the media URL); returns the image URN. */
export async function uploadImage(
  context: LinkedInContext,
  access: AccountAccess,
  input: { item: MediaItem; field: string; signal?: AbortSignal },
): Promise<string> {
  const operation = "publish.image_initialize";
  const response = await restRequest(context, {
    operation,
    method: "POST",
    path: "/rest/images",
    query: { action: "initializeUpload" },
    accessToken: access.accessToken,
    body: { json: { initializeUploadRequest: { owner: access.account.externalId } } },
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const { value } = parseBody(InitializeImageUpload, response, operation);
  const media = await openMedia(context, {
    url: input.item.url,
    field: input.field,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  let body: HttpBody;
  if (media.contentLength !== null) {
    body = { stream: media.body, contentType: media.contentType, contentLength: media.contentLength };
  } else {
    // A host that sends no Content-Length: images are small (about 5 MB at most), so this one is read whole.
    body = {
      raw: new Uint8Array(await new Response(media.body).arrayBuffer()),
      contentType: media.contentType,
    };
  }
  await uploadToLinkedIn(context, {
    operation: "publish.image_upload",
    url: value.uploadUrl,
    body,
    accessToken: access.accessToken,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  return value.image;
}
