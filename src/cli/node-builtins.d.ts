// The few Node built-ins the command line uses, declared here because the package has no
// @types/node (the library itself touches no Node API). Deno type-checks these imports against
// its own Node types instead; this file is only seen by tsc.
declare module "node:util" {
  export function parseArgs(config: {
    args?: string[];
    options?: Record<
      string,
      { type: "string" | "boolean"; short?: string; multiple?: boolean; default?: string | boolean }
    >;
    strict?: boolean;
    allowPositionals?: boolean;
  }): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
}
declare module "node:fs" {
  export function createReadStream(
    path: string,
    options?: { highWaterMark?: number },
  ): AsyncIterable<Uint8Array> & { destroy(): void };
  export function statSync(path: string): { size: number; isFile(): boolean };
  export function writeFileSync(path: string, data: string): void;
  export function readFileSync(path: string): Uint8Array;
}
declare module "node:process" {
  interface Stream {
    write(text: string): boolean;
    readonly isTTY?: boolean;
    readonly columns?: number;
    once(event: "drain", f: () => void): void;
    on(event: "error", f: (e: unknown) => void): void;
  }
  const process: {
    readonly argv: string[];
    readonly env: Record<string, string | undefined>;
    readonly stdout: Stream;
    readonly stderr: Stream;
    readonly stdin: AsyncIterable<Uint8Array>;
    exitCode: number | undefined;
    exit(code?: number): never;
  };
  export default process;
}
