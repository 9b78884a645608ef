/** A seeded Mailchimp user: one login, one account, in one data center. */
export interface MailchimpUser {
  /** Mailchimp's numeric user id (`user_id` in the OAuth metadata), kept as digits */
  userId: string;
  dc: string;
  accountName: string;
  loginName: string;
  email: string;
  role: string;
}

export interface CampaignDefaults {
  from_name: string;
  from_email: string;
  subject: string;
  language: string;
}

/** An audience ("list"). */
export interface MailchimpList {
  id: string;
  webId: number;
  userId: string;
  name: string;
  memberCount: number;
  campaignDefaults: CampaignDefaults;
  dateCreated: string;
}

/** A campaign made before the test started, to check `since_create_time` and title matching. */
export interface SeededCampaign {
  userId: string;
  listId: string;
  title: string;
  subject: string;
  status: "save" | "sent";
  ageDays: number;
}

export const dataCenters = ["us19", "us21"] as const;

const ada: MailchimpUser = {
  userId: "71830461",
  dc: "us19",
  accountName: "Ada's Bakery",
  loginName: "ada.bakery",
  email: "ada@bakery.test",
  role: "owner",
};
const bob: MailchimpUser = {
  userId: "90412257",
  dc: "us21",
  accountName: "Bob's Bikes",
  loginName: "bob.bikes",
  email: "bob@bikes.test",
  role: "admin",
};

const defaults = (from_name: string, from_email: string, subject: string): CampaignDefaults => ({
  from_name,
  from_email,
  subject,
  language: "en",
});

/** [id, web id, owner, name, members, campaign defaults] */
type ListRow = [string, number, MailchimpUser, string, number, CampaignDefaults?];

const listRows: ListRow[] = [
  [
    "a19e5d0c01",
    101,
    ada,
    "Bakery Newsletter",
    1240,
    defaults("Ada's Bakery", "hello@bakery.test", "Fresh from the oven"),
  ],
  [
    "a19e5d0c02",
    102,
    ada,
    "Wholesale Partners",
    86,
    defaults("Ada's Bakery Wholesale", "trade@bakery.test", ""),
  ],
  ["a19e5d0c03", 103, ada, "Workshop Attendees", 312],
  ["a19e5d0c04", 104, ada, "Holiday Orders", 57],
  ["a19e5d0c05", 105, ada, "Empty Audience", 0],
  ["b21f7a9e01", 201, bob, "Ride Club", 420, defaults("Bob's Bikes", "ride@bikes.test", "This week's rides")],
];

const seededCampaign = (title: string, subject: string, status: "save" | "sent", ageDays: number) => ({
  userId: ada.userId,
  listId: "a19e5d0c01",
  title,
  subject,
  status,
  ageDays,
});

/**
 * Ada (us19) has five audiences, enough to page through with small counts; the last has no subscribers, so
 * the send checklist refuses it. Bob (us21) has one. Ada also has two older sent campaigns and an old draft.
 */
export function seedMailchimp() {
  const lists: MailchimpList[] = listRows.map(([id, webId, owner, name, memberCount, campaignDefaults]) => ({
    id,
    webId,
    userId: owner.userId,
    name,
    memberCount,
    campaignDefaults: campaignDefaults ?? defaults("", "", ""),
    dateCreated: "2024-03-01T10:00:00+00:00",
  }));
  const campaigns: SeededCampaign[] = [
    seededCampaign("tgt_seeded", "Spring menu", "sent", 3),
    seededCampaign("Autumn menu", "Autumn menu", "sent", 40),
    seededCampaign("tgt_old_draft", "Draft", "save", 2),
  ];
  return { users: [ada, bob], lists, campaigns };
}
