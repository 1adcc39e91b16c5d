// The command line's presentation pieces with a fake host: NO_COLOR, the progress bar (only on a
// terminal, only for long inputs), JSON of bigints, and runCli's one-line errors.
import { describe, expect, it } from "vitest";
import type { CliHost, CliInput } from "../../src/cli/host.ts";
import { runCli } from "../../src/cli/main.ts";
import { colourWanted, PROGRESS_MIN_BYTES, toJson, withProgress } from "../../src/cli/output.ts";

function fakeHost(
  over: Partial<CliHost> & { envs?: Record<string, string> } = {},
): CliHost & { outText: string; errText: string } {
  const h = {
    args: [] as string[],
    outText: "",
    errText: "",
    async out(t: string) {
      h.outText += t;
    },
    err(t: string) {
      h.errText += t;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: (n: string) => over.envs?.[n],
    open(): CliInput {
      throw new Error("no files here");
    },
    readSmall(): Uint8Array {
      throw new Error("no files here");
    },
    writeText() {},
    ...over,
  };
  return h;
}

function input(size: number, chunk: number): CliInput {
  return {
    name: "big.log",
    size,
    chunks: (async function* () {
      for (let done = 0; done < size; done += chunk) yield new Uint8Array(Math.min(chunk, size - done));
    })(),
  };
}

describe("cli output", () => {
  it("colour only on a terminal, and never with NO_COLOR set (empty NO_COLOR does not count)", () => {
    expect(colourWanted(fakeHost(), true)).toBe(true);
    expect(colourWanted(fakeHost(), false)).toBe(false);
    expect(colourWanted(fakeHost({ envs: { NO_COLOR: "1" } }), true)).toBe(false);
    expect(colourWanted(fakeHost({ envs: { NO_COLOR: "" } }), true)).toBe(true);
  });
  it("a progress bar on a terminal for a long input, erased at the end; nothing otherwise", async () => {
    const tty = fakeHost({ stderrIsTTY: true });
    let bytes = 0;
    for await (const c of withProgress(tty, input(PROGRESS_MIN_BYTES * 2, 1 << 20))) bytes += c.length;
    expect(bytes).toBe(PROGRESS_MIN_BYTES * 2);
    expect(tty.errText).toContain("big.log [############             ]  50% 16 MiB");
    expect(tty.errText).toContain("[#########################] 100% 32 MiB");
    expect(tty.errText.endsWith("\r\x1b[2K")).toBe(true);
    const pipe = fakeHost({ stderrIsTTY: false });
    for await (const _ of withProgress(pipe, input(PROGRESS_MIN_BYTES * 2, 1 << 20))) { /* read */ }
    const short = fakeHost({ stderrIsTTY: true });
    for await (const _ of withProgress(short, input(1000, 100))) { /* read */ }
    expect(pipe.errText + short.errText).toBe("");
  });
  it("JSON: bigints as decimal strings, beyond 2^53 exactly", () => {
    expect(JSON.parse(toJson({ a: 2n ** 63n - 1n, b: [-5n], c: Infinity }))).toEqual({
      a: "9223372036854775807",
      b: ["-5"],
      c: "Infinity",
    });
  });
  it("runCli: the error line is red on a terminal, plain with NO_COLOR", async () => {
    const plain = fakeHost({ args: ["frobnicate"], stderrIsTTY: true, envs: { NO_COLOR: "1" } });
    expect(await runCli(plain)).toBe(2);
    expect(plain.errText).toBe('clockmath: usage: unknown command "frobnicate"; clockmath --help lists the commands\n');
    const coloured = fakeHost({ args: ["frobnicate"], stderrIsTTY: true });
    expect(await runCli(coloured)).toBe(2);
    expect(coloured.errText).toBe(
      '\x1b[31mclockmath\x1b[0m: usage: unknown command "frobnicate"; clockmath --help lists the commands\n',
    );
  });
});
