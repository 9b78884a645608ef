import { existsSync, readFileSync } from "node:fs";

export interface ParsedEnvFile {
  readonly values: Record<string, string>;
  /** lines that are neither a comment, blank nor KEY=VALUE, with their line numbers */
  readonly problems: string[];
}

const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
const escapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

function parseDoubleQuoted(raw: string): string | undefined {
  let value = "";
  for (let index = 1; index < raw.length; index++) {
    const char = raw[index];
    if (char === '"') return value;
    if (char === "\\" && index + 1 < raw.length) {
      const next = raw[++index] ?? "";
      value += escapes[next] ?? `\\${next}`;
    } else {
      value += char;
    }
  }
  return undefined;
}

function parseValue(raw: string): string | undefined {
  if (raw.startsWith('"')) return parseDoubleQuoted(raw);
  if (raw.startsWith("'")) {
    const end = raw.indexOf("'", 1);
    return end === -1 ? undefined : raw.slice(1, end);
  }
  // an unquoted value ends at a `#` that follows whitespace (an inline comment)
  return raw.replace(/\s+#.*$/, "").trim();
}

/**
 * Parses a `.env` file: `KEY=value` lines, optional `export `, `#` comments, '…' taken literally and "…" with
 * \n, \t, \" and \\ escapes. No variable expansion and no multi-line values: keep .env files plain.
 */
export function parseEnvFile(text: string): ParsedEnvFile {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const match = assignment.exec(trimmed);
    const value = match?.[2] === undefined ? undefined : parseValue(match[2]);
    if (!match?.[1] || value === undefined) {
      problems.push(`line ${index + 1}: expected KEY=value, got "${trimmed}"`);
      return;
    }
    values[match[1]] = value;
  });
  return { values, problems };
}

/**
 * The environment the scripts and the apps they start see: the variables already set win over the `.env` file,
 * so `FOO=1 pnpm start` overrides a line in it.
 */
export function mergeEnv(options: {
  fileValues: Readonly<Record<string, string>>;
  processEnv: NodeJS.ProcessEnv;
}): Record<string, string> {
  const merged: Record<string, string> = { ...options.fileValues };
  for (const [key, value] of Object.entries(options.processEnv)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** Reads `<rootDir>/.env` if there is one; a missing file is no file. */
export function readEnvFile(path: string): ParsedEnvFile {
  if (!existsSync(path)) return { values: {}, problems: [] };
  return parseEnvFile(readFileSync(path, "utf8"));
}
