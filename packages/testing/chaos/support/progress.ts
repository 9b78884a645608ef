const started = Date.now();

/**
 * One line of progress on stderr (`[chaos +12.3s] …`): a chaos run takes minutes, and when it fails the line
 * before the failure says which phase it was in.
 */
export function progress(message: string, data?: unknown): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `[chaos +${seconds}s] ${message}${data === undefined ? "" : ` ${JSON.stringify(data)}`}\n`,
  );
}
