const colors = [36, 33, 35, 32, 34, 31];

export interface LinePrefixer {
  /** feeds a chunk; complete lines come out prefixed */
  push(chunk: string): string[];
  /** what is left without a final newline */
  flush(): string[];
}

/** Puts `label │ ` in front of every line, padded to `width`, colored when `color` (a TTY that allows it). */
export function createLinePrefixer(options: {
  label: string;
  width: number;
  colorIndex: number;
  color: boolean;
}): LinePrefixer {
  const padded = options.label.padEnd(options.width);
  const code = colors[options.colorIndex % colors.length];
  const prefix = options.color ? `\u001b[${code}m${padded}\u001b[0m │ ` : `${padded} │ `;
  let pending = "";
  return {
    push(chunk) {
      const lines = (pending + chunk).split(/\r?\n/);
      pending = lines.pop() ?? "";
      return lines.map((line) => prefix + line);
    },
    flush() {
      const rest = pending;
      pending = "";
      return rest === "" ? [] : [prefix + rest];
    },
  };
}

/** Color only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function wantsColor(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}
