import type { Attributes, AttributeValue } from "@opentelemetry/api";
import { scrubString } from "../redaction/scrub-string";
import { isSensitiveKey } from "../redaction/sensitive-keys";

/**
 * Span attributes with the redaction rule applied: an attribute whose key is sensitive (token, secret,
 * password, authorization, cookie, `code`…) is dropped, not censored, and secrets inside string values (a URL's
 * `access_token=…`) are replaced.
 */
export function redactAttributes(attributes: Attributes): Attributes {
  const safe: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || isSensitiveKey(key)) continue;
    safe[key] = scrubAttributeValue(value);
  }
  return safe;
}

function scrubAttributeValue(value: AttributeValue): AttributeValue {
  if (typeof value === "string") return scrubString(value);
  if (Array.isArray(value) && value.some((item) => typeof item === "string")) {
    return (value as readonly (string | null | undefined)[]).map((item) =>
      typeof item === "string" ? scrubString(item) : item,
    ) as AttributeValue;
  }
  return value;
}
