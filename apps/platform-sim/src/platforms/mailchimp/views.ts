import type { MailchimpList, MailchimpUser } from "./seed";
import type { MailchimpWorld, StoredCampaign } from "./world";

/** Mailchimp writes times as `2026-01-05T09:30:00+00:00`. */
export function mailchimpTime(ms: number | null): string {
  return ms === null ? "" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

export function listView(list: MailchimpList, world: MailchimpWorld) {
  const campaigns = [...world.campaigns.values()].filter((c) => c.listId === list.id);
  return {
    id: list.id,
    web_id: list.webId,
    name: list.name,
    contact: { company: world.user(list.userId)?.accountName ?? "", country: "US" },
    permission_reminder: "You signed up on our website.",
    use_archive_bar: true,
    campaign_defaults: list.campaignDefaults,
    date_created: list.dateCreated,
    list_rating: 3,
    email_type_option: false,
    visibility: "pub",
    double_optin: false,
    stats: {
      member_count: list.memberCount,
      unsubscribe_count: Math.floor(list.memberCount * 0.02),
      cleaned_count: Math.floor(list.memberCount * 0.01),
      campaign_count: campaigns.length,
      avg_open_rate: 0.42,
      avg_click_rate: 0.08,
    },
    _links: [],
  };
}

export function campaignView(campaign: StoredCampaign, world: MailchimpWorld) {
  const list = world.list(campaign.listId);
  const user = world.user(campaign.userId);
  return {
    id: campaign.id,
    web_id: campaign.webId,
    parent_campaign_id: "",
    type: campaign.type,
    create_time: mailchimpTime(campaign.createTime),
    archive_url: `http://eepurl.com/sim${campaign.webId.toString(36)}`,
    long_archive_url: `https://${user?.dc ?? "us19"}.campaign-archive.com/?u=${accountHash(campaign.userId)}&id=${campaign.id}`,
    status: campaign.status,
    emails_sent: campaign.emailsSent,
    send_time: mailchimpTime(campaign.sendTime),
    content_type: "html",
    needs_block_refresh: false,
    resendable: campaign.status === "sent",
    recipients: {
      list_id: campaign.listId,
      list_is_active: true,
      list_name: list?.name ?? "",
      segment_text: "",
      recipient_count: list?.memberCount ?? 0,
    },
    settings: {
      ...campaign.settings,
      use_conversation: false,
      folder_id: "",
      authenticate: true,
      auto_footer: false,
      inline_css: false,
      auto_tweet: false,
      fb_comments: true,
      timewarp: false,
      template_id: 0,
      drag_and_drop: false,
    },
    tracking: { opens: true, html_clicks: true, text_clicks: false, goal_tracking: false, ecomm360: false },
    delivery_status: { enabled: false },
    _links: [],
  };
}

/** Deterministic numbers for a campaign that went out: a share of the audience opened and clicked. */
export function reportView(campaign: StoredCampaign, world: MailchimpWorld) {
  const sent = campaign.status === "sent" ? campaign.emailsSent : 0;
  const uniqueOpens = Math.floor(sent * 0.42);
  const uniqueClicks = Math.floor(sent * 0.08);
  const rate = (part: number) => (sent === 0 ? 0 : part / sent);
  return {
    id: campaign.id,
    campaign_title: campaign.settings.title,
    type: campaign.type,
    list_id: campaign.listId,
    list_is_active: true,
    list_name: world.list(campaign.listId)?.name ?? "",
    subject_line: campaign.settings.subject_line,
    preview_text: campaign.settings.preview_text,
    emails_sent: sent,
    abuse_reports: 0,
    unsubscribed: Math.floor(sent * 0.005),
    send_time: mailchimpTime(campaign.sendTime),
    bounces: {
      hard_bounces: Math.floor(sent * 0.01),
      soft_bounces: Math.floor(sent * 0.02),
      syntax_errors: 0,
    },
    forwards: { forwards_count: Math.floor(sent * 0.01), forwards_opens: 0 },
    opens: {
      opens_total: uniqueOpens * 2 + Math.floor(sent * 0.03),
      unique_opens: uniqueOpens,
      open_rate: rate(uniqueOpens),
      last_open: sent > 0 ? mailchimpTime(campaign.sendTime) : "",
    },
    clicks: {
      clicks_total: uniqueClicks * 3,
      unique_clicks: uniqueClicks,
      unique_subscriber_clicks: uniqueClicks,
      click_rate: rate(uniqueClicks),
      last_click: sent > 0 ? mailchimpTime(campaign.sendTime) : "",
    },
    industry_stats: { type: "Restaurant", open_rate: 0.21, click_rate: 0.02, bounce_rate: 0.01 },
    list_stats: { sub_rate: 0, unsub_rate: 0, open_rate: 0.42, click_rate: 0.08 },
    delivery_status: {
      enabled: true,
      can_cancel: false,
      status: campaign.status === "sent" ? "delivered" : "delivering",
      emails_sent: sent,
      emails_canceled: 0,
    },
    _links: [],
  };
}

export function accountView(user: MailchimpUser, world: MailchimpWorld) {
  return {
    account_id: accountHash(user.userId),
    login_id: user.userId,
    account_name: user.accountName,
    email: user.email,
    first_name: user.loginName.split(".")[0] ?? "",
    last_name: "",
    username: user.loginName,
    avatar_url: "",
    role: user.role,
    member_since: "2019-05-01T12:00:00+00:00",
    pricing_plan_type: "monthly",
    account_timezone: "UTC",
    account_industry: "Food and Beverage",
    contact: { company: user.accountName, country: "US" },
    total_subscribers: world.listsOf(user.userId).reduce((sum, l) => sum + l.memberCount, 0),
    _links: [],
  };
}

/** The account's public hash (`u=` in archive links, `account_id` on the API root). */
export function accountHash(userId: string): string {
  return Buffer.from(`acct-${userId}`).toString("hex").slice(0, 25);
}
