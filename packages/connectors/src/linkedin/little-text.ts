/** The characters LinkedIn's "little text" format reserves in `commentary`. */
const reserved = /[|{}@[\]()<>#\\*_~]/g;

/**
 * Escapes the user's text for `commentary`, as the Posts API reference asks: every reserved character gets a
 * backslash. A `#tag` therefore shows as the literal text "#tag" rather than a hashtag link, and `@name` is not a
 * mention (see docs/linkedin.md).
 */
export function escapeLittleText(text: string): string {
  return text.replace(reserved, (character) => `\\${character}`);
}
