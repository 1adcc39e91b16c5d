#!/usr/bin/env node
// The `clockmath` executable for Node (package.json "bin").
import process from "node:process";
import { nodeHost } from "./host.ts";
import { runCli } from "./main.ts";

process.exitCode = await runCli(nodeHost(process.argv.slice(2)));
