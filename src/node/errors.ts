// The node's errors: a home directory that is missing, taken or malformed, keys and config that do
// not parse, a store or a port already in use, reads at heights this node does not have,
// snapshots and forks, testnet directories. Every error of src/node is raised through these
// factories (docs/spec/errors.md is generated from this table).
import { defineErrors } from '../lib/index.ts';

/** The node's declared codes. */
export const nodeErrors = defineErrors('node', {
  home_not_initialised: {
    kind: 'not_found',
    message: 'Cannot read {what} at {path}. Run `polity init` first (or pass --home).',
  },
  home_exists: { kind: 'conflict', message: '{path} already exists: {hint}' },
  home_has_data: {
    kind: 'conflict',
    message:
      '{home} holds chain data in {data}. A new genesis cannot reuse it: move or delete that directory first if you really mean to start a new chain there.',
  },
  invalid_chain_id: {
    kind: 'invalid',
    message:
      'A chain id is 1-64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit.',
  },
  invalid_json: { kind: 'invalid', message: '{what} ({path}) is not valid JSON.' },
  invalid_config: {
    kind: 'invalid',
    message:
      '{setting} in config.json must be {rule}; got {value}. Remove it to use the default ({fallback}).',
  },
  invalid_validator_key: {
    kind: 'invalid',
    message: 'validator_key.json must hold {"scheme":"ed25519","secret":"<64 hex>"}.',
  },
  store_unavailable: {
    kind: 'unavailable',
    message:
      'Cannot open the database at {path} ({cause}). Is another node using this home directory?',
  },
  api_port_in_use: {
    kind: 'unavailable',
    message:
      'Port {port} on {host} is already in use (another node?). Stop it, or choose another port (0 picks a free one): `polity start --api-port N`, "api.port" in the home\'s config.json, or `polity dev --port N`.',
  },
  not_the_validator: {
    kind: 'invalid',
    message:
      'Solo mode needs the key of the genesis validator; this node holds another key (check validator_key.json).',
  },
  // Also raised by src/api/routes/blocks.ts, which cannot import the node: when the API declares
  // its codes (issue 10), this declaration moves there and the node imports the API's factory.
  height_not_found: {
    kind: 'not_found',
    message:
      'Height {height} has no committed block here (1 to {latest}). Ask for a committed height.',
  },
  snapshot_unreadable: { kind: 'not_found', message: 'Cannot read the snapshot {path}.' },
  snapshot_invalid: {
    kind: 'invalid',
    message:
      'The snapshot does not verify: {what}. Export it again from a node of the original chain.',
  },
  fork_same_chain_id: {
    kind: 'invalid',
    message:
      'A fork needs its own chain id (not "{chainId}"), so that no transaction replays across the two chains.',
  },
  invalid_argument: { kind: 'invalid', message: 'Invalid argument: {problem}' },
  concentrated_power: {
    kind: 'invalid',
    message:
      '{validator} would hold {share} of the voting power: with two thirds or more one operator commits blocks alone. Spread the power (--powers), or pass --allow-concentrated-power if that is what you want to test.',
  },
  testnet_exists: {
    kind: 'conflict',
    message: '{out} already holds a testnet. Choose another --out, or delete it first.',
  },
  testnet_not_found: {
    kind: 'not_found',
    message:
      'No testnet at {dir} (missing {file}). Create one with `polity testnet init --validators 4 --out {dir}`.',
  },
  invalid_testnet: { kind: 'invalid', message: '{path} is not a testnet manifest.' },
  testnet_not_running: {
    kind: 'unavailable',
    message:
      'No `polity testnet start` runs for {dir}, so nothing was restarted. Start the testnet with `polity testnet start {dir}`.',
  },
  testnet_node_unknown: {
    kind: 'invalid',
    message: 'The testnet has no node "{name}". Its nodes are {names}.',
  },
  testnet_restart_failed: {
    kind: 'unavailable',
    message:
      'The supervisor could not restart {name}: {reason} Its log is node.log in its home directory.',
  },
});
