import { parseGraphTimestamp } from "./instagram-media";

/** How far a platform timestamp may sit before our first attempt and still be ours (clock skew). */
export const clockSkewMs = 120_000;

export interface Candidate {
  id: string;
  text: string | undefined;
  time: string | undefined;
}

/**
 * Posts that are surely ours by content: the same text (trimmed) and made after our first attempt began.
 * Matching on empty text would match anything, so the caller must not ask with empty text.
 */
export function matchingByText<T extends Candidate>(candidates: T[], text: string, since: Date): T[] {
  const wanted = text.trim();
  return candidates.filter((candidate) => {
    const time = parseGraphTimestamp(candidate.time);
    const recent = time === null || time >= since.getTime() - clockSkewMs;
    return recent && (candidate.text ?? "").trim() === wanted;
  });
}
