import { type IdKind, isId, Platform } from "@postd/contracts";
import { AppError, notFound } from "@postd/service-kit";
import { z } from "zod";

const platformList = Platform.options.join(", ");

/**
 * Path parameters are taken as plain strings and checked by hand, so that a malformed id and an unknown platform
 * answer 404 like a missing object (never 400): a path names a resource, and a resource that cannot exist is
 * not found (ADR 0012).
 */
export const PlatformParams = z.object({
  platform: z.string().max(64).describe(`one of ${platformList}`),
});

export const IdParams = z.object({ id: z.string().max(128) });

export function platformFrom(value: string): Platform {
  const parsed = Platform.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      "NOT_FOUND",
      `unknown platform "${value.slice(0, 64)}"; the platforms are ${platformList}`,
    );
  }
  return parsed.data;
}

const nouns: Partial<Record<IdKind, string>> = {
  connection: "connection",
  account: "account",
  tenant: "tenant",
  apiKey: "API key",
  post: "post",
  deadLetter: "dead letter",
  webhookEndpoint: "webhook endpoint",
  webhookDelivery: "webhook delivery",
};

/** The id itself when it has the shape of a `kind` id; otherwise the same 404 a missing one gets. */
export function idFrom(kind: IdKind, value: string): string {
  if (!isId(kind, value)) throw notFound(`${nouns[kind] ?? kind} ${value.slice(0, 128)}`);
  return value;
}
