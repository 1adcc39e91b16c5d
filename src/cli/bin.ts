#!/usr/bin/env node
// The `clockmath` executable for Node (package.json "bin").
import process from "node:process";
import { nodeHost } from "./host.ts";
import { runCli } from "./main.ts";

// A reader that stops early (`clockmath leap table | head -1`) closes the pipe: end quietly, not with a stack trace.
process.stdout.on("error", (e) => {
  if ((e as { code?: unknown }).code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(`clockmath: write-failed: stdout: ${(e as Error).message}\n`);
  process.exit(2);
});
process.exitCode = await runCli(nodeHost(process.argv.slice(2)));
