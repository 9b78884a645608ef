/** A value that must appear nowhere, and where it is allowed to (e.g. the one answer that shows a secret). */
export interface Needle {
  name: string;
  value: string;
  /** haystack names (or name prefixes) where this value may appear by design */
  allowedIn?: readonly string[];
}

export interface Leak {
  needle: string;
  form: string;
  haystack: string;
  context: string;
}

/**
 * The value and the encodings that would make it just as readable: base64, base64url, hex and percent-encoding.
 * Short values are skipped for the encodings (a 3-byte base64 would match noise).
 */
export function readableForms(value: string): Array<{ form: string; text: string }> {
  const bytes = Buffer.from(value, "utf8");
  const forms = [
    { form: "plain", text: value },
    { form: "percent-encoded", text: encodeURIComponent(value) },
    { form: "base64", text: bytes.toString("base64").replace(/=+$/, "") },
    { form: "base64url", text: bytes.toString("base64url") },
    { form: "hex", text: bytes.toString("hex") },
  ];
  const unique = new Map(forms.map((entry) => [entry.text, entry]));
  return [...unique.values()].filter((entry) => entry.form === "plain" || entry.text.length >= 16);
}

/** Every place any needle (in any readable form) appears in any haystack it is not allowed in. */
export function findLeaks(haystacks: Record<string, string>, needles: readonly Needle[]): Leak[] {
  const leaks: Leak[] = [];
  for (const needle of needles) {
    if (needle.value.length < 8) throw new Error(`needle ${needle.name} is too short to search for`);
    for (const [haystack, text] of Object.entries(haystacks)) {
      if (needle.allowedIn?.some((allowed) => haystack.startsWith(allowed))) continue;
      for (const { form, text: searched } of readableForms(needle.value)) {
        const at = text.indexOf(searched);
        if (at < 0) continue;
        leaks.push({
          needle: needle.name,
          form,
          haystack,
          context: text.slice(Math.max(0, at - 80), at + searched.length + 80),
        });
      }
    }
  }
  return leaks;
}
