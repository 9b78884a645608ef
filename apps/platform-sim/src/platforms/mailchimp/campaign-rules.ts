import type { CampaignSettings } from "./world";
import { emptySettings } from "./world";

export const campaignTypes = ["regular", "plaintext", "rss", "variate"] as const;
/** The 150-character guidance for subject and preview text (unconfirmed as a hard limit; the sim enforces it). */
export const maxSubjectLength = 150;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type FieldError = { field: string; message: string };

/** Reads `settings` from a create body, with the field errors Mailchimp's validation would report. */
export function readSettings(raw: unknown): { settings: CampaignSettings; errors: FieldError[] } {
  const settings = emptySettings();
  const errors: FieldError[] = [];
  if (raw === undefined) return { settings, errors };
  if (typeof raw !== "object" || raw === null) {
    return {
      settings,
      errors: [{ field: "settings", message: "Schema describes object, string found instead" }],
    };
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(settings) as Array<keyof CampaignSettings>) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== "string") {
      errors.push({ field: `settings.${key}`, message: "Schema describes string, other found instead" });
      continue;
    }
    settings[key] = value;
  }
  if (settings.reply_to && !emailPattern.test(settings.reply_to)) {
    errors.push({ field: "settings.reply_to", message: "This value should be a valid email." });
  }
  for (const key of ["subject_line", "preview_text"] as const) {
    if ([...settings[key]].length > maxSubjectLength) {
      errors.push({ field: `settings.${key}`, message: `Must be ${maxSubjectLength} characters or fewer.` });
    }
  }
  return { settings, errors };
}

/** The quarter-hour rule: schedule times fall on :00, :15, :30 or :45, to the second. */
export function isQuarterHour(time: Date): boolean {
  return time.getUTCMinutes() % 15 === 0 && time.getUTCSeconds() === 0 && time.getUTCMilliseconds() === 0;
}
