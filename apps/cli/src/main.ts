import { runCli } from "./run-cli";

const exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  output: {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
});
process.exitCode = exitCode;
