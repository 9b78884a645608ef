import type { MailchimpWorld, StoredCampaign } from "./world";

export interface ChecklistItem {
  type: "success" | "warning" | "error";
  id: number;
  heading: string;
  details: string;
}

/** What Mailchimp's send checklist would say: errors block sending, warnings do not. */
export function checklist(campaign: StoredCampaign, world: MailchimpWorld): ChecklistItem[] {
  const list = world.list(campaign.listId);
  const { settings } = campaign;
  const item = (id: number, ok: boolean, heading: string, details: [string, string]): ChecklistItem => ({
    type: ok ? "success" : "error",
    id,
    heading,
    details: ok ? details[0] : details[1],
  });
  const items = [
    item(1, list !== undefined, "Recipients", [
      `Sending to ${list?.name ?? ""}.`,
      "You need to choose an audience.",
    ]),
    item(2, (list?.memberCount ?? 0) > 0, "Subscribers", [
      `${list?.memberCount ?? 0} subscribers.`,
      "Your audience has no subscribers.",
    ]),
    item(3, settings.subject_line.trim() !== "", "Subject Line", [
      "Subject line set.",
      "You need a subject line.",
    ]),
    item(4, settings.from_name.trim() !== "", "From Name", ["From name set.", "You need a from name."]),
    item(5, settings.reply_to.trim() !== "", "From Email", [
      "From email set.",
      "You need a from email address.",
    ]),
    item(6, (campaign.html ?? "").trim() !== "", "Content", [
      "Content set.",
      "Your campaign has no content.",
    ]),
  ];
  if (settings.preview_text.trim() === "") {
    items.push({ type: "warning", id: 7, heading: "Preview Text", details: "Consider adding preview text." });
  }
  return items;
}
