// What the command line needs from its runtime, and the Node-API host (Node, and Deno through its
// node: built-ins). The commands see only CliHost, so tests and other runtimes can supply their own.
import { createReadStream, readFileSync, statSync, writeFileSync } from "node:fs";
import process from "node:process";

/** An input opened for reading: its bytes in chunks, and its size when known (files, not pipes). */
export interface CliInput {
  readonly name: string;
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly size: number | undefined;
}

export interface CliHost {
  /** The arguments after the program name. */
  readonly args: readonly string[];
  /** Writes to stdout, resolving once the runtime has taken the text (back-pressure). */
  out(text: string): Promise<void>;
  /** Writes to stderr. */
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** An environment variable, or undefined when unset or not readable (Deno without --allow-env). */
  env(name: string): string | undefined;
  /** Opens a file, or stdin for "-". Throws CliError("not-found" …) at once for a missing file. */
  open(path: string): CliInput;
  /** A whole small file (leap files: at most `limit` bytes, else CliError "too-large"). */
  readSmall(path: string, limit: number): Uint8Array;
  writeText(path: string, text: string): void;
}

/** A command-line failure that is not a ClockmathError: usage, or the file system. */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(code: string, message: string, exitCode = 2) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** The file-system error of Node (ENOENT …) or Deno (NotFound, NotCapable …) as a CliError. */
export function fileError(path: string, e: unknown): CliError {
  const o = (e ?? {}) as { code?: unknown; name?: unknown };
  const code = String(o.code ?? o.name ?? "");
  if (code === "ENOENT" || code === "NotFound") return new CliError("not-found", `${path}: no such file`);
  if (code === "EACCES" || code === "EPERM" || code === "PermissionDenied" || code === "NotCapable") {
    return new CliError("permission-denied", `${path}: permission denied (Deno: run with --allow-read)`);
  }
  if (code === "EISDIR") return new CliError("read-failed", `${path}: is a directory`);
  return new CliError("read-failed", `${path}: cannot read (${code || "unknown error"})`);
}

function checkFile(path: string): number {
  let st: { size: number; isFile(): boolean };
  try {
    st = statSync(path);
  } catch (e) {
    throw fileError(path, e);
  }
  if (!st.isFile()) throw new CliError("read-failed", `${path}: not a regular file`);
  return st.size;
}

/** Wraps a runtime's chunk iterable so that read errors become CliErrors. */
async function* guarded(path: string, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for await (const c of chunks) yield c;
  } catch (e) {
    throw fileError(path, e);
  }
}

/** The host over node:fs / node:process. `env` can be replaced (Deno asks for permissions first). */
export function nodeHost(args: readonly string[], env?: (name: string) => string | undefined): CliHost {
  return {
    args,
    out: (text) =>
      new Promise((resolve) => {
        if (process.stdout.write(text)) resolve();
        else process.stdout.once("drain", resolve);
      }),
    err: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: env ?? ((name) => process.env[name]),
    open(path) {
      if (path === "-") return { name: "stdin", chunks: guarded("stdin", process.stdin), size: undefined };
      const size = checkFile(path);
      return { name: path, chunks: guarded(path, createReadStream(path, { highWaterMark: 1 << 20 })), size };
    },
    readSmall(path, limit) {
      const size = checkFile(path);
      if (size > limit) {
        throw new CliError("too-large", `${path}: ${size} bytes, more than the ${limit} this command reads`);
      }
      try {
        return readFileSync(path);
      } catch (e) {
        throw fileError(path, e);
      }
    },
    writeText(path, text) {
      try {
        writeFileSync(path, text);
      } catch (e) {
        const f = fileError(path, e);
        throw new CliError(
          f.code === "not-found" ? "write-failed" : f.code,
          f.message.replace("no such file", "cannot write there"),
        );
      }
    },
  };
}
