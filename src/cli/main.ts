// The clockmath command line: finds the command, parses its flags with util.parseArgs, runs it and
// prints text or one JSON document. Exit status: 0 ok, 1 a finding, 2 usage or input error.
import { parseArgs } from "node:util";
import { ClockmathError } from "../mod.ts";
import type { Command, Context, OptionSpec } from "./command.ts";
import { driftCommands } from "./commands/drift.ts";
import { hdrCommands } from "./commands/hdr.ts";
import { leapCommands } from "./commands/leap.ts";
import { miscCommands } from "./commands/misc.ts";
import { smearCommands } from "./commands/smear.ts";
import { CliError, type CliHost } from "./host.ts";
import { colourWanted, paint, toJson } from "./output.ts";

export const COMMANDS: readonly Command[] = [
  ...leapCommands,
  ...smearCommands,
  ...driftCommands,
  ...hdrCommands,
  ...miscCommands,
];

const COMMON: Record<string, OptionSpec> = {
  json: { type: "boolean", help: "print one JSON document (bigints as decimal strings) instead of text" },
  help: { type: "boolean", short: "h", help: "this help" },
};

function usageLine(c: Command): string {
  const opts = Object.entries(c.options).map(([n, o]) => `[--${n}${o.arg ? ` ${o.arg}` : ""}]`).join(" ");
  return `clockmath ${c.words.join(" ")}${c.operands ? ` ${c.operands}` : ""}${opts ? ` ${opts}` : ""} [--json]`;
}

function commandHelp(c: Command): string {
  const opts = Object.entries({ ...c.options, ...COMMON }).map(([n, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ""}--${n}${o.arg ? ` ${o.arg}` : ""}`;
    return `  ${flag.padEnd(24)} ${o.help}`;
  });
  return `${c.summary}\n\nUsage: ${usageLine(c)}\n${c.details ? `\n${c.details}\n` : ""}\nOptions:\n${
    opts.join("\n")
  }\n\n` +
    `Example${c.examples.length > 1 ? "s" : ""}:\n${c.examples.map((e) => `  ${e}`).join("\n")}\n`;
}

function overview(group?: string): string {
  const list = COMMANDS.filter((c) => group === undefined || c.words[0] === group);
  const rows = list.map((c) => `  ${`${c.words.join(" ")} ${c.operands}`.padEnd(36)} ${c.summary}`);
  return `clockmath: exact nanosecond time arithmetic on the command line.\n\nUsage: clockmath <command> [options]; clockmath <command> --help for its options and an example.\n\n` +
    `Commands:\n${
      rows.join("\n")
    }\n\nEvery command takes --json. Exit status: 0 ok, 1 a finding (expired table, bad hash, jumps,\n` +
    `dead timeouts), 2 a usage or input error (one line on stderr with its code).\n\nExample:\n  clockmath leap offset 2017-01-01T00:00:00Z\n`;
}

/** The command named by the leading words of args (the longest match), and the rest of the args. */
function findCommand(args: readonly string[]): { command: Command; rest: string[] } | undefined {
  for (const n of [2, 1]) {
    const c = COMMANDS.find((c) => c.words.length === n && c.words.every((w, i) => args[i] === w));
    if (c) return { command: c, rest: args.slice(n) };
  }
  return undefined;
}

/** One line for stderr: the error's code and its message on one line. */
function errorLine(e: unknown): { line: string; exit: number } {
  if (ClockmathError.is(e)) {
    // a hash that does not match and an expired table are findings, not input errors
    const exit = e.code === "hash-mismatch" || e.code === "expired" ? 1 : 2;
    return { line: `${e.code}: ${e.message}`, exit };
  }
  if (e instanceof CliError) return { line: `${e.code}: ${e.message}`, exit: e.exitCode };
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
    return { line: `usage: ${(e as Error).message}`, exit: 2 };
  }
  return { line: `internal: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, exit: 2 };
}

/** Runs the command line `host.args`; resolves with the exit status (never rejects). */
export async function runCli(host: CliHost): Promise<number> {
  const args = host.args;
  try {
    if (args.length === 0 || args[0] === "--help" || args[0] === "-h" || args[0] === "help") {
      await host.out(overview());
      return args.length === 0 ? 2 : 0;
    }
    if (args[0] === "--version") {
      await host.out("clockmath 0.1.0\n");
      return 0;
    }
    const found = findCommand(args);
    if (found === undefined) {
      const group = COMMANDS.some((c) => c.words[0] === args[0]) ? args[0] : undefined;
      if (group !== undefined && (args[1] === "--help" || args[1] === "-h")) {
        await host.out(overview(group));
        return 0;
      }
      throw new CliError(
        "usage",
        group === undefined
          ? `unknown command ${JSON.stringify(args[0])}; clockmath --help lists the commands`
          : `${group}: give one of ${
            COMMANDS.filter((c) => c.words[0] === group).map((c) => c.words.slice(1).join(" ") || "<operand>").join(
              ", ",
            )
          } (clockmath ${group} --help)`,
      );
    }
    const { command, rest } = found;
    const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
    for (const [name, o] of Object.entries({ ...command.options, ...COMMON })) {
      options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
    }
    const { values, positionals } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: true });
    if (values.help === true) {
      await host.out(commandHelp(command));
      return 0;
    }
    if (positionals.length < command.minOperands || positionals.length > command.maxOperands) {
      throw new CliError(
        "usage",
        `expected ${command.operands || "no operands"}, got ${positionals.length} operand(s); usage: ${
          usageLine(command)
        }`,
      );
    }
    const ctx: Context = {
      host,
      json: values.json === true,
      paint: paint(values.json !== true && colourWanted(host, host.stdoutIsTTY)),
    };
    const outcome = await command.run(ctx, values, positionals);
    await host.out(ctx.json ? toJson(outcome.json) : outcome.text);
    return outcome.exit;
  } catch (e) {
    const { line, exit } = errorLine(e);
    const red = paint(colourWanted(host, host.stderrIsTTY)).red;
    host.err(`${red("clockmath")}: ${line.split("\n").map((l) => l.trim()).join("; ")}\n`);
    return exit;
  }
}
