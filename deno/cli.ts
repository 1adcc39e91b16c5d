// The clockmath command line for Deno:
//   deno run --allow-read deno/cli.ts leap check leap-seconds.list
// --allow-read only for commands that read files; --allow-env=NO_COLOR optional (without it,
// NO_COLOR cannot be read and colour is used on terminals only). The node: built-ins it uses
// (util.parseArgs, fs, process) are Deno's own.
import { nodeHost } from "../src/cli/host.ts";
import { runCli } from "../src/cli/main.ts";

function env(name: string): string | undefined {
  // Asking first keeps Deno from prompting for a permission the command does not need.
  // Deno.noColor reads NO_COLOR without a permission.
  if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
    return name === "NO_COLOR" && Deno.noColor ? "1" : undefined;
  }
  return Deno.env.get(name);
}

Deno.exitCode = await runCli(nodeHost(Deno.args, env));
