#!/usr/bin/env node
// The `polity` executable: runs the compiled CLI from dist/ when it was built (npm installs), else
// the TypeScript sources directly (a checkout on Node 24, which strips types natively).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);
const { runCli } = await import(existsSync(compiled) ? compiled.href : source.href);
process.exitCode = await runCli(process.argv.slice(2));
