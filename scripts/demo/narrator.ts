/** How the demo talks: numbered steps, plain sentences, one line per thing that happened. */
export interface Narrator {
  /** a step's heading: "③ One post, every platform" */
  step(title: string): void;
  /** explanation, wrapped to the terminal's comfortable width */
  say(text: string): void;
  /** the request the demo makes, as a reader would type it */
  request(text: string): void;
  /** something that happened, ticked */
  done(text: string): void;
  /** a detail under the previous line */
  detail(text: string): void;
}

const numbers = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨"];
const width = 100;

/** Breaks `text` into lines of at most `width` characters, each starting with `indent`. */
export function wrap(text: string, options: { indent: string; width: number }): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && options.indent.length + line.length + 1 + word.length > options.width) {
      lines.push(options.indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(options.indent + line);
  return lines;
}

/** A narrator writing to `write` (stdout by default). */
export function createNarrator(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
  let count = 0;
  const narrator: Narrator = {
    step(title) {
      write("");
      write(`${numbers[count] ?? `${count + 1}.`} ${title}`);
      count++;
    },
    say(text) {
      for (const line of wrap(text, { indent: "   ", width })) write(line);
    },
    request(text) {
      write(`   → ${text}`);
    },
    done(text) {
      write(`   ✓ ${text}`);
    },
    detail(text) {
      write(`       ${text}`);
    },
  };
  return narrator;
}
