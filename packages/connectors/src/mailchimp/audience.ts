import { z } from "zod";

/** An audience (`/lists` item) as far as POSTD reads it. */
export const Audience = z.looseObject({
  id: z.string().min(1),
  web_id: z.number().optional(),
  name: z.string(),
  stats: z.looseObject({ member_count: z.number().optional() }).optional(),
  campaign_defaults: z
    .looseObject({
      from_name: z.string().optional(),
      from_email: z.string().optional(),
      subject: z.string().optional(),
      language: z.string().optional(),
    })
    .optional(),
});
export type Audience = z.infer<typeof Audience>;

export const audienceFields = ["id", "web_id", "name", "stats.member_count", "campaign_defaults"] as const;

/** The account metadata of an audience: strings only, empty defaults left out. */
export function audienceMetadata(audience: Audience): Record<string, string> {
  const metadata: Record<string, string> = {};
  const put = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== "") metadata[key] = String(value);
  };
  put("webId", audience.web_id);
  put("memberCount", audience.stats?.member_count);
  put("defaultFromName", audience.campaign_defaults?.from_name);
  put("defaultFromEmail", audience.campaign_defaults?.from_email);
  put("defaultSubject", audience.campaign_defaults?.subject);
  put("defaultLanguage", audience.campaign_defaults?.language);
  return metadata;
}
