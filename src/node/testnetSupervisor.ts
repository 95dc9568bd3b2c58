// The supervisor behind `polity testnet start`: it runs each node of a local testnet as its own
// process (output appended to `<home>/node.log`), reports a node that dies (its name, exit code or
// signal, and the last lines of its log), and restarts a node on request — so a restarted node is
// still one of its children and stops with the others. Requests reach it over a control endpoint
// on 127.0.0.1 whose address and one-time token it writes to `<dir>/supervisor.json` (mode 0600),
// removed when it stops; `requestTestnetRestart` is the other end (`polity testnet restart`).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { nodeErrors } from './errors.ts';
import type { TestnetNode } from './testnet.ts';

/** The file through which `polity testnet restart` finds a running supervisor. */
export const supervisorFile = 'supervisor.json';
/** Lines of a dead node's log shown in its report. */
export const deathLogLines = 10;
/** How long a node may take to stop on SIGTERM before it is killed. */
export const nodeStopMs = 15_000;
const logTailBytes = 64 * 1024;
const requestBytesMax = 4096;

/** A node that exited without being asked to. */
export interface NodeDeath {
  readonly name: string;
  readonly code: number | null;
  readonly signal: string | null;
  readonly log: string;
  readonly lastLines: readonly string[];
}

/** How the supervisor runs nodes. */
export interface SupervisorOptions {
  readonly dir: string;
  readonly nodes: readonly TestnetNode[];
  /** The command that runs the node of `home` (the CLI's own `polity start --home HOME`). */
  readonly command: (home: string) => { readonly file: string; readonly args: string[] };
  /** Resolves once the node's API answers; rejects (with a typed error) if it cannot start. */
  readonly waitReady: (node: TestnetNode, child: ChildProcess) => Promise<void>;
  readonly onDeath: (death: NodeDeath) => void;
}

/** A running supervisor. */
export interface TestnetSupervisor {
  /** The process id of each node (in manifest order), undefined while one is down. */
  pids(): readonly (number | undefined)[];
  /** Stops the named node if it runs, starts it again and waits until its API answers. */
  restart(name: string): Promise<{ readonly name: string; readonly pid: number | undefined }>;
  /** Stops every node (SIGTERM, then SIGKILL after `nodeStopMs`) and the control endpoint. */
  stop(): Promise<void>;
}

/** The last `count` lines of a log file (its last 64 KiB at most); none when unreadable. */
export async function lastLogLines(path: string, count: number): Promise<string[]> {
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const length = Math.min(size, logTailBytes);
      const buffer = Buffer.alloc(length);
      await file.read(buffer, 0, length, size - length);
      return buffer
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim().length > 0)
        .slice(-count);
    } finally {
      await file.close();
    }
  } catch {
    return [];
  }
}

interface Supervised {
  readonly node: TestnetNode;
  child: ChildProcess | undefined;
  /** Set while the supervisor itself stops the node: its exit is no death. */
  stopping: boolean;
}

const alive = (child: ChildProcess | undefined): child is ChildProcess =>
  child !== undefined && child.exitCode === null && child.signalCode === null;

/** Starts every node, waits for their APIs, then opens the control endpoint. */
export async function startTestnetSupervisor(
  options: SupervisorOptions,
): Promise<TestnetSupervisor> {
  const dir = resolve(options.dir);
  const slots: Supervised[] = options.nodes.map((node) => ({
    node,
    child: undefined,
    stopping: false,
  }));

  const launch = (slot: Supervised): ChildProcess => {
    const { file, args } = options.command(slot.node.home);
    const log = join(slot.node.home, 'node.log');
    const out = createWriteStream(log, { flags: 'a' });
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    slot.child = child;
    slot.stopping = false;
    child.once('exit', (code, signal) => {
      // The log is complete once both pipes ended; then report.
      void Promise.all([ended(child.stdout), ended(child.stderr)]).then(async () => {
        out.end();
        if (slot.stopping || slot.child !== child) return;
        options.onDeath({
          name: slot.node.name,
          code,
          signal,
          log,
          lastLines: await lastLogLines(log, deathLogLines),
        });
      });
    });
    return child;
  };

  const stopNode = async (slot: Supervised): Promise<void> => {
    const child = slot.child;
    if (!alive(child)) return;
    slot.stopping = true;
    const exited = new Promise<void>((done) =>
      child.once('exit', () => {
        done();
      }),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), nodeStopMs);
    await exited;
    clearTimeout(timer);
  };

  const stopAll = async (): Promise<void> => {
    await Promise.all(slots.map(stopNode));
  };

  try {
    for (const slot of slots) launch(slot);
    await Promise.all(
      slots.map((slot) =>
        slot.child === undefined ? Promise.resolve() : options.waitReady(slot.node, slot.child),
      ),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }

  // One restart at a time: two requests for one node must not start it twice.
  let restarting: Promise<unknown> = Promise.resolve();
  const restart = (name: string): Promise<{ name: string; pid: number | undefined }> => {
    const run = restarting.then(async () => {
      const slot = slots.find((s) => s.node.name === name);
      if (slot === undefined)
        throw nodeErrors.testnet_node_unknown({
          name,
          names: slots.map((s) => s.node.name).join(', '),
        });
      await stopNode(slot);
      const child = launch(slot);
      await options.waitReady(slot.node, child);
      return { name, pid: child.pid };
    });
    restarting = run.catch(() => undefined);
    return run;
  };

  const token = randomBytes(32).toString('hex');
  const server = await listenControl(token, restart);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const file = join(dir, supervisorFile);
  await writeFile(
    file,
    JSON.stringify({ pid: process.pid, url: `http://127.0.0.1:${port}`, token }) + '\n',
    { mode: 0o600 },
  );

  return {
    pids: () => slots.map((s) => (alive(s.child) ? s.child.pid : undefined)),
    restart,
    async stop() {
      await rm(file, { force: true });
      server.close();
      server.closeAllConnections();
      await restarting;
      await stopAll();
    },
  };
}

function ended(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((done) => {
    stream.once('end', () => {
      done();
    });
    stream.once('close', () => {
      done();
    });
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > requestBytesMax) throw new Error('request too large');
  }
  return body;
}

function sameToken(given: string | undefined, token: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(`Bearer ${token}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The control endpoint: `POST /restart {"node": NAME}` with the token, on 127.0.0.1. */
function listenControl(
  token: string,
  restart: (name: string) => Promise<{ name: string; pid: number | undefined }>,
): Promise<Server> {
  const server = createServer((request, response) => {
    const answer = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url !== '/restart') {
      answer(404, { message: 'The supervisor answers POST /restart only.' });
      return;
    }
    if (!sameToken(request.headers.authorization, token)) {
      answer(401, { message: 'The token of supervisor.json is required.' });
      return;
    }
    readBody(request)
      .then((body) => {
        const { node } = JSON.parse(body) as { node?: unknown };
        return restart(String(node));
      })
      .then(
        (done) => {
          answer(200, done);
        },
        (error: unknown) => {
          answer(409, { message: error instanceof Error ? error.message : String(error) });
        },
      );
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      done(server);
    });
  });
}

/**
 * Asks the supervisor of the testnet in `dir` to restart `name`. A testnet without a running
 * supervisor starts nothing: `testnet_not_running`.
 */
export async function requestTestnetRestart(
  dir: string,
  nodes: readonly TestnetNode[],
  name: string,
): Promise<{ readonly name: string; readonly pid: number | undefined }> {
  if (!nodes.some((n) => n.name === name))
    throw nodeErrors.testnet_node_unknown({ name, names: nodes.map((n) => n.name).join(', ') });
  let control: { url: string; token: string };
  try {
    control = JSON.parse(await readFile(join(resolve(dir), supervisorFile), 'utf8')) as {
      url: string;
      token: string;
    };
  } catch {
    throw nodeErrors.testnet_not_running({ dir });
  }
  let response: Response;
  try {
    response = await fetch(`${control.url}/restart`, {
      method: 'POST',
      headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ node: name }),
    });
  } catch {
    // The file outlived its supervisor (killed with SIGKILL): nothing listens.
    throw nodeErrors.testnet_not_running({ dir });
  }
  const body = (await response.json()) as { pid?: number; message?: string };
  if (!response.ok)
    throw nodeErrors.testnet_restart_failed({ name, reason: body.message ?? 'no reason given.' });
  return { name, pid: body.pid };
}
