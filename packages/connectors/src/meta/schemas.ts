import { z } from "zod";

/** The Graph answers the connector reads, checked before use; unknown fields pass through untouched. */
export const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const Me = z.object({ id: z.string(), name: z.string().optional() });
export type Me = z.infer<typeof Me>;

export const Permissions = z.object({
  data: z.array(z.object({ permission: z.string(), status: z.string() })),
});
export type Permissions = z.infer<typeof Permissions>;

export const Paging = z
  .object({ next: z.string().optional(), cursors: z.record(z.string(), z.string()).optional() })
  .optional();

export const PageEntry = z.object({
  id: z.string(),
  name: z.string().optional(),
  username: z.string().optional(),
  access_token: z.string().optional(),
  category: z.string().optional(),
  tasks: z.array(z.string()).optional(),
  picture: z.object({ data: z.object({ url: z.string().optional() }).optional() }).optional(),
  instagram_business_account: z.object({ id: z.string() }).optional(),
});
export type PageEntry = z.infer<typeof PageEntry>;

export const PageList = z.object({ data: z.array(PageEntry), paging: Paging });

export const InstagramProfile = z.object({
  id: z.string().optional(),
  username: z.string().optional(),
  name: z.string().optional(),
  profile_picture_url: z.string().optional(),
});

export const Created = z.object({ id: z.string().min(1) });
export const CreatedPhoto = z.object({ id: z.string().min(1), post_id: z.string().optional() });
export const Success = z.object({ success: z.boolean() });

export const ContainerStatus = z.object({
  id: z.string().optional(),
  status_code: z.enum(["IN_PROGRESS", "FINISHED", "PUBLISHED", "ERROR", "EXPIRED"]),
  status: z.string().optional(),
});
export type ContainerStatus = z.infer<typeof ContainerStatus>;

export const PublishingLimit = z.object({
  data: z.array(
    z.object({
      quota_usage: z.coerce.number(),
      config: z.object({ quota_total: z.coerce.number(), quota_duration: z.coerce.number() }).optional(),
    }),
  ),
});

export const Permalink = z.object({ id: z.string().optional(), permalink: z.string().optional() });

export const FacebookPostList = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      message: z.string().optional(),
      created_time: z.string().optional(),
      permalink_url: z.string().optional(),
    }),
  ),
  paging: Paging,
});

export const MediaList = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      caption: z.string().optional(),
      timestamp: z.string().optional(),
      permalink: z.string().optional(),
    }),
  ),
  paging: Paging,
});

export const Insights = z.object({
  data: z.array(
    z.object({
      name: z.string(),
      values: z.array(z.object({ value: z.unknown() })).optional(),
    }),
  ),
});
