import { createHash } from "node:crypto";
import type { SimState } from "../../state/sim-state";
import { type MailchimpList, type MailchimpUser, seedMailchimp } from "./seed";

export type CampaignStatus = "save" | "paused" | "schedule" | "sending" | "sent" | "canceled";

export interface CampaignSettings {
  subject_line: string;
  preview_text: string;
  title: string;
  from_name: string;
  reply_to: string;
  to_name: string;
}

export interface StoredCampaign {
  id: string;
  webId: number;
  userId: string;
  listId: string;
  type: string;
  status: CampaignStatus;
  createTime: number;
  /** when sending began (or is scheduled to) */
  sendTime: number | null;
  settings: CampaignSettings;
  html: string | null;
  /** campaign GETs answered while `sending` */
  polls: number;
  emailsSent: number;
}

const day = 86_400_000;

/** Everything the emulated Mailchimp remembers beside the shared SimState. */
export class MailchimpWorld {
  users: MailchimpUser[] = [];
  lists: MailchimpList[] = [];
  campaigns = new Map<string, StoredCampaign>();
  private sequence = 0;
  private webIds = 5000;

  constructor(private readonly state: SimState) {
    this.reset();
  }

  reset(): void {
    const seed = seedMailchimp();
    this.users = seed.users;
    this.lists = seed.lists;
    this.campaigns.clear();
    this.sequence = 0;
    this.webIds = 5000;
    const now = this.state.now();
    for (const seeded of seed.campaigns) {
      const campaign = this.createCampaign({
        userId: seeded.userId,
        listId: seeded.listId,
        type: "regular",
        settings: { ...emptySettings(), title: seeded.title, subject_line: seeded.subject },
        createTime: now - seeded.ageDays * day,
      });
      campaign.html = "<p>seeded</p>";
      if (seeded.status === "sent") {
        campaign.status = "sent";
        campaign.sendTime = campaign.createTime + 3_600_000;
        campaign.emailsSent = this.list(campaign.listId)?.memberCount ?? 0;
      }
    }
  }

  user(userId: string): MailchimpUser | undefined {
    return this.users.find((u) => u.userId === userId);
  }

  list(listId: string): MailchimpList | undefined {
    return this.lists.find((l) => l.id === listId);
  }

  listsOf(userId: string): MailchimpList[] {
    return this.lists.filter((l) => l.userId === userId);
  }

  /** A campaign the user owns; another user's campaign is as unknown as a missing one. */
  campaignOf(userId: string, campaignId: string): StoredCampaign | undefined {
    const campaign = this.campaigns.get(campaignId);
    return campaign?.userId === userId ? campaign : undefined;
  }

  createCampaign(input: {
    userId: string;
    listId: string;
    type: string;
    settings: CampaignSettings;
    createTime?: number;
  }): StoredCampaign {
    this.sequence += 1;
    const id = createHash("sha1").update(`campaign-${this.sequence}`).digest("hex").slice(0, 10);
    const campaign: StoredCampaign = {
      id,
      webId: ++this.webIds,
      userId: input.userId,
      listId: input.listId,
      type: input.type,
      status: "save",
      createTime: input.createTime ?? this.state.now(),
      sendTime: null,
      settings: input.settings,
      html: null,
      polls: 0,
      emailsSent: 0,
    };
    this.campaigns.set(id, campaign);
    return campaign;
  }

  /** Sending began: the campaign is on its way to the audience, so it counts as published from here on. */
  startSending(campaign: StoredCampaign): void {
    campaign.status = "sending";
    campaign.sendTime = this.state.now();
    campaign.polls = 0;
    this.state.posts.add({
      platform: "mailchimp",
      accountId: campaign.listId,
      postId: campaign.id,
      text: campaign.settings.subject_line,
      media: [],
      link: null,
      details: { status: "sending", title: campaign.settings.title, webId: campaign.webId },
    });
    this.advance(campaign, { polled: false });
  }

  /**
   * The asynchronous part of the state machine: a scheduled campaign starts sending once its time has come;
   * a sending one is `sent` after `asyncPolls` reads.
   */
  advance(campaign: StoredCampaign, options: { polled: boolean }): void {
    if (
      campaign.status === "schedule" &&
      campaign.sendTime !== null &&
      campaign.sendTime <= this.state.now()
    ) {
      this.startSending(campaign);
      return;
    }
    if (campaign.status !== "sending") return;
    if (options.polled) campaign.polls += 1;
    if (campaign.polls < this.state.settings.asyncPolls) return;
    campaign.status = "sent";
    campaign.emailsSent = this.list(campaign.listId)?.memberCount ?? 0;
    const post = this.state.posts.find("mailchimp", campaign.id);
    if (post) post.details.status = "sent";
  }
}

export function emptySettings(): CampaignSettings {
  return { subject_line: "", preview_text: "", title: "", from_name: "", reply_to: "", to_name: "" };
}
