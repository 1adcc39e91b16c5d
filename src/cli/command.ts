// The shape of one command: its words, flags, help text and what it does.
import type { CliHost } from "./host.ts";
import type { Paint } from "./output.ts";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's placeholder in help ("F", "DURATION"); boolean flags have none. */
  readonly arg?: string;
  readonly help: string;
}

export interface Context {
  readonly host: CliHost;
  /** --json was given: the result's `json` is printed instead of its text. */
  readonly json: boolean;
  /** Styling for stdout. */
  readonly paint: Paint;
}

/** What a command produced: printed as text or, with --json, as one JSON document. */
export interface Outcome {
  readonly text: string;
  readonly json: unknown;
  /** 0: ok; 1: a finding (expired table, bad hash, dead timeouts, jumps found). */
  readonly exit: 0 | 1;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  /** The command's words after `clockmath`, e.g. ["leap", "info"]. */
  readonly words: readonly string[];
  /** Positional arguments as shown in help, e.g. "<instant>". */
  readonly operands: string;
  readonly minOperands: number;
  readonly maxOperands: number;
  readonly summary: string;
  /** Further lines of help (formats, exit codes). */
  readonly details?: string;
  readonly examples: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(ctx: Context, values: Values, operands: readonly string[]): Promise<Outcome>;
}

/** A string flag's value, or undefined. */
export function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}
