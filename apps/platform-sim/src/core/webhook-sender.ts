import type { BuiltWebhook } from "./platform-module";

export interface WebhookDelivery {
  status: number | null;
  body: string;
  error: string | null;
}

/** POSTs a built webhook to a receiver, as the platform would. */
export async function sendWebhook(
  url: string,
  webhook: BuiltWebhook,
  timeoutMs = 10_000,
): Promise<WebhookDelivery> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: webhook.headers,
      body: webhook.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text(), error: null };
  } catch (error) {
    return { status: null, body: "", error: error instanceof Error ? error.message : String(error) };
  }
}
