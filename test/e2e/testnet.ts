// A real multi-validator testnet for end-to-end tests: `polity testnet init` makes the homes, and
// each validator runs as its own `polity start` process. With network namespaces (root and `ip`
// available), every node gets its own namespace: a data link to a shared bridge for p2p traffic
// and a separate control link to the test for its API, so the test can cut the data network into
// partitions and heal it while still watching every node. Every wait is bounded.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient, type Client } from '../../src/api/client/index.ts';
import { polityBin } from './support.ts';

/** One validator process of the testnet. */
export interface TestnetNode {
  readonly index: number;
  readonly home: string;
  readonly apiUrl: string;
  readonly client: Client;
  readonly validator: string;
  running(): boolean;
  /** Starts `polity start` (with extra environment variables, e.g. POLITY_UPGRADES). */
  start(env?: Readonly<Record<string, string>>): Promise<void>;
  /** The exit code of the last process, once it exited. */
  exitCode(): number | null;
  kill9(): Promise<void>;
  stop(): Promise<void>;
  logs(): string;
}

/** A running testnet. */
export interface Testnet {
  readonly dir: string;
  readonly chainId: string;
  readonly nodes: readonly TestnetNode[];
  readonly accounts: readonly { readonly name: string; readonly address: string }[];
  /** True when nodes run in network namespaces (partitions possible). */
  readonly isolated: boolean;
  /** Splits the data network: nodes in different groups cannot reach each other. */
  partition(groups: readonly (readonly number[])[]): void;
  /** Runs `node ARGS` where node `i` runs (its namespace when isolated), e.g. a Byzantine peer. */
  spawnAt(i: number, args: readonly string[]): ChildProcess;
  /** The p2p addresses node `i` dials. */
  peersOf(i: number): Promise<readonly string[]>;
  heal(): void;
  close(): Promise<void>;
}

/** Whether this machine lets the test create network namespaces. */
export function namespacesAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['netns', 'add', 'polity-probe'], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', 'polity-probe'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ip = (...args: string[]): void => {
  execFileSync('ip', args, { stdio: 'ignore' });
};
const ipQuiet = (...args: string[]): void => {
  try {
    ip(...args);
  } catch {
    // already gone
  }
};

// Names are short (interface names have at most 15 characters) and unique per process.
const tag = (process.pid % 10_000).toString(36);
const nsName = (i: number): string => `pol${tag}n${i}`;
const bridgeName = (g: number): string => `pol${tag}b${g}`;
const dataHost = (i: number): string => `pol${tag}d${i}`;
const ctlHost = (i: number): string => `pol${tag}c${i}`;
const dataIp = (i: number): string => `10.231.0.${i + 1}`;
const ctlPeerIp = (i: number): string => `10.232.${i}.2`;
const ctlHostIp = (i: number): string => `10.232.${i}.1`;

function createNamespaces(n: number): void {
  for (const g of [0, 1, 2]) {
    ip('link', 'add', bridgeName(g), 'type', 'bridge');
    ip('link', 'set', bridgeName(g), 'up');
  }
  for (let i = 0; i < n; i++) {
    const ns = nsName(i);
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    // Data link: node ↔ bridge (p2p).
    ip('link', 'add', dataHost(i), 'type', 'veth', 'peer', 'name', 'data', 'netns', ns);
    ip('link', 'set', dataHost(i), 'master', bridgeName(0));
    ip('link', 'set', dataHost(i), 'up');
    ip('-n', ns, 'addr', 'add', `${dataIp(i)}/24`, 'dev', 'data');
    ip('-n', ns, 'link', 'set', 'data', 'up');
    // Control link: node ↔ test (API only).
    ip('link', 'add', ctlHost(i), 'type', 'veth', 'peer', 'name', 'ctl', 'netns', ns);
    ip('addr', 'add', `${ctlHostIp(i)}/30`, 'dev', ctlHost(i));
    ip('link', 'set', ctlHost(i), 'up');
    ip('-n', ns, 'addr', 'add', `${ctlPeerIp(i)}/30`, 'dev', 'ctl');
    ip('-n', ns, 'link', 'set', 'ctl', 'up');
  }
}

function deleteNamespaces(n: number): void {
  for (let i = 0; i < n; i++) {
    ipQuiet('link', 'del', dataHost(i));
    ipQuiet('link', 'del', ctlHost(i));
    ipQuiet('netns', 'del', nsName(i));
  }
  for (const g of [0, 1, 2]) ipQuiet('link', 'del', bridgeName(g));
}

interface Manifest {
  chainId: string;
  nodes: { home: string; apiUrl: string; validator: string; p2pAddress: string }[];
  accounts: { name: string; address: string }[];
}

async function waitFor(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node exited during startup:\n${logs()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`${url} did not start in 60 s:\n${logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Creates and starts an N-validator testnet in `dir`. */
export async function startTestnet(options: {
  readonly dir: string;
  readonly validators: number;
  readonly isolate: boolean;
  readonly basePort: number;
  readonly timeouts?: Record<string, number>;
  /** More `polity testnet init` arguments (e.g. --governance instant). */
  readonly initArgs?: readonly string[];
  /** Environment of node i's first start. */
  readonly envOf?: (i: number) => Readonly<Record<string, string>>;
}): Promise<Testnet> {
  const { dir, validators: n } = options;
  execFileSync(process.execPath, [
    polityBin,
    'testnet',
    'init',
    '--validators',
    String(n),
    '--out',
    dir,
    '--base-port',
    String(options.basePort),
    '--json',
    ...(options.initArgs ?? []),
  ]);
  const manifest = JSON.parse(await readFile(join(dir, 'testnet.json'), 'utf8')) as Manifest;
  const isolated = options.isolate;
  if (isolated) createNamespaces(n);
  // Rewrite each config for the namespaces (p2p on the data link, API on the control link) and
  // tighter timeouts, so faults resolve within the test's bounds.
  const apiUrls: string[] = [];
  for (let i = 0; i < n; i++) {
    const node = manifest.nodes[i];
    if (node === undefined) continue;
    const path = join(node.home, 'config.json');
    const config = JSON.parse(await readFile(path, 'utf8')) as {
      api: { host: string; port: number };
      p2p: { host: string; port: number; persistentPeers: string[] };
      consensus: { mode: string; timeouts: Record<string, number> };
      log: { level: string; format: string };
    };
    if (isolated) {
      config.api.host = ctlPeerIp(i);
      config.p2p.host = dataIp(i);
      config.p2p.persistentPeers = config.p2p.persistentPeers.map((a) =>
        a.replace(/\/ip4\/127\.0\.0\.1\/tcp\/(\d+)/, (_m, port: string) => {
          const j = (Number(port) - options.basePort) / 2;
          return `/ip4/${dataIp(j)}/tcp/${port}`;
        }),
      );
    }
    config.consensus.timeouts = { ...config.consensus.timeouts, ...options.timeouts };
    config.log.level = 'info';
    await writeFile(path, JSON.stringify(config, null, 2));
    apiUrls.push(`http://${config.api.host}:${config.api.port}`);
  }

  const nodes: TestnetNode[] = manifest.nodes.map((m, i) => {
    let child: ChildProcess | undefined;
    let exited: Promise<void> = Promise.resolve();
    let output = '';
    const apiUrl = apiUrls[i] ?? m.apiUrl;
    const self: TestnetNode = {
      index: i,
      home: m.home,
      apiUrl,
      client: createClient({ url: apiUrl, timeoutMs: 10_000 }),
      validator: m.validator,
      running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
      exitCode: () => child?.exitCode ?? null,
      async start(env = {}) {
        const args = [polityBin, 'start', '--home', m.home];
        const spawnEnv = { ...process.env, ...env };
        const spawned = isolated
          ? spawn('ip', ['netns', 'exec', nsName(i), process.execPath, ...args], {
              stdio: ['ignore', 'pipe', 'pipe'],
              env: spawnEnv,
            })
          : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: spawnEnv });
        child = spawned;
        output = '';
        const keep = (d: Buffer): void => {
          output = (output + d.toString()).slice(-200_000);
        };
        spawned.stdout.on('data', keep);
        spawned.stderr.on('data', keep);
        exited = new Promise((resolve) => {
          spawned.once('exit', () => {
            resolve();
          });
        });
        await waitFor(apiUrl, spawned, () => output);
      },
      async kill9() {
        child?.kill('SIGKILL');
        await exited;
      },
      async stop() {
        child?.kill('SIGTERM');
        await exited;
      },
      logs: () => output,
    };
    return self;
  });
  await Promise.all(nodes.map((node, i) => node.start(options.envOf?.(i) ?? {})));

  return {
    dir,
    chainId: manifest.chainId,
    nodes,
    accounts: manifest.accounts,
    isolated,
    partition(groups) {
      if (!isolated) throw new Error('partitions need network namespaces');
      groups.forEach((group, g) => {
        for (const i of group) ip('link', 'set', dataHost(i), 'master', bridgeName(g));
      });
    },
    spawnAt(i, args) {
      return isolated
        ? spawn('ip', ['netns', 'exec', nsName(i), process.execPath, ...args], {
            stdio: ['ignore', 'pipe', 'pipe'],
          })
        : spawn(process.execPath, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    },
    async peersOf(i) {
      const home = manifest.nodes[i]?.home ?? '';
      const config = JSON.parse(await readFile(join(home, 'config.json'), 'utf8')) as {
        p2p: { persistentPeers: string[] };
      };
      return config.p2p.persistentPeers;
    },
    heal() {
      if (!isolated) return;
      for (let i = 0; i < n; i++) ip('link', 'set', dataHost(i), 'master', bridgeName(0));
    },
    async close() {
      await Promise.all(nodes.map((node) => node.kill9()));
      if (isolated) deleteNamespaces(n);
    },
  };
}

/** Polls `check` every 200 ms until it returns true, or fails after `timeoutMs`. */
export async function eventually(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // a node may be restarting
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
