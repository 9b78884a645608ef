/** Length as most platforms count it: Unicode code points (an emoji is one). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Length in UTF-16 code units, as TikTok counts "runes" and JavaScript counts `length`. */
export function utf16Length(text: string): number {
  return text.length;
}

export function countHashtags(text: string): number {
  return text.match(/(^|\s)#[\p{L}\p{N}_]+/gu)?.length ?? 0;
}

export function countMentions(text: string): number {
  return text.match(/(^|\s)@[\w.]+/g)?.length ?? 0;
}

export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}
