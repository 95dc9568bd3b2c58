#!/usr/bin/env node
// The `polity` executable: runs the compiled CLI from dist/ when it was built (npm installs), else
// the TypeScript sources directly (a checkout on Node 24, which strips types natively).
//
// Two things happen first, here and nowhere else because only this file touches the real process:
// - the Node.js version is checked before anything modern is loaded (nodeVersion.js is plain
//   JavaScript), so an old Node is refused at once with what to install, not deep inside a node;
// - a reader that goes away early (`polity gov list | head`) ends the output quietly: a write into
//   a pipe with no reader (EPIPE) stops further output to that stream and the command finishes
//   with its own exit code, instead of dying of an unhandled stream error with a stack trace.
import { existsSync } from 'node:fs';
import { nodeVersionProblem } from './nodeVersion.js';

const problem = nodeVersionProblem(process.version, process.execPath);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}

for (const stream of [process.stdout, process.stderr]) {
  let closed = false;
  stream.on('error', (error) => {
    // After the first EPIPE the stream is destroyed, and later writes report that too.
    if (closed || error.code === 'EPIPE') {
      closed = true;
      return;
    }
    throw error;
  });
}

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);
const { runCli } = await import(existsSync(compiled) ? compiled.href : source.href);
process.exitCode = await runCli(process.argv.slice(2));
