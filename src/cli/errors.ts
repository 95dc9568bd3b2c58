// The CLI's declared codes: arguments and files that cannot be used, refused or failed
// transactions, and local nodes that did not start. The keystore declares its own
// (keystore/errors.ts); codes of other folders (invalid_address, proposal_title_invalid, …) are
// raised through their factories.
import { defineErrors } from '../lib/index.ts';

/** The CLI's declared codes (docs/spec/errors.md). */
export const cliErrors = defineErrors('cli', {
  // Usage errors found by the argument parser (its own words are the problem).
  unknown_option: { kind: 'invalid', message: '{problem} (see --help)' },
  unknown_command: { kind: 'invalid', message: '{problem} (see --help)' },
  missing_argument: { kind: 'invalid', message: '{problem} (see --help)' },
  option_missing_argument: { kind: 'invalid', message: '{problem} (see --help)' },
  missing_mandatory_option_value: { kind: 'invalid', message: '{problem} (see --help)' },
  conflicting_option: { kind: 'invalid', message: '{problem} (see --help)' },
  excess_arguments: { kind: 'invalid', message: '{problem} (see --help)' },
  help: { kind: 'invalid', message: 'A subcommand is required (see the help above).' },
  invalid_amount: {
    kind: 'invalid',
    message: '{flag} must be a whole number of upol from {min} to 2^64-1; got "{text}".',
  },
  invalid_number: {
    kind: 'invalid',
    message: '{flag} must be a non-negative whole number; got "{text}".',
  },
  fee_too_large: {
    kind: 'invalid',
    message: 'The fee does not fit in 64 bits; lower --gas-limit or --fee.',
  },
  memo_too_long: { kind: 'invalid', message: '--memo is at most {max} bytes.' },
  value_required: {
    kind: 'invalid',
    message: 'Give exactly one of --value <text> or --value-file <path>.',
  },
  record_value_too_large: {
    kind: 'too_large',
    message: 'A record value is at most {max} bytes.',
  },
  invalid_record_key: {
    kind: 'invalid',
    message:
      'The record key {problem}: a key is 1 to {max} bytes of NFC text with no control characters and no empty, "." or ".." segments between "/" (docs/spec/encoding.md).',
  },
  invalid_content_type: { kind: 'invalid', message: '--content-type is at most {max} bytes.' },
  invalid_block_ref: {
    kind: 'invalid',
    message: '"{text}" is not a block: give a height, a 64-hex block hash, or "latest".',
  },
  prove_unsupported: {
    kind: 'invalid',
    message:
      "History is served from the node's index and cannot be proved; drop --prove or query the current record.",
  },
  file_unreadable: {
    kind: 'invalid',
    message: '{what} could not be read from {path}: check that the file exists and is readable.',
  },
  invalid_json_file: {
    kind: 'invalid',
    message: '{what} in {path} is not JSON; give the file a command printed with --json.',
  },
  proof_file_unrecognised: {
    kind: 'invalid',
    message:
      '{path} holds no proof this command checks: give the JSON that `polity query account|record|tx|block … --prove --json` printed.',
  },
  trust_required: {
    kind: 'invalid',
    message:
      'Say what to trust, exactly one of: --validators FILE (a validator set), --genesis FILE (its validators) or --trusted-header FILE (a block).',
  },
  trust_file_invalid: {
    kind: 'invalid',
    message: '{path} is not {expected}; see `polity proof verify --help`.',
  },
  invalid_node_url: {
    kind: 'invalid',
    message:
      '--node (or POLITY_NODE) must be an http:// or https:// URL such as http://127.0.0.1:26657; got "{text}".',
  },
  file_too_large: {
    kind: 'too_large',
    message: '{what} in {path} is larger than {max} bytes.',
  },
  input_too_large: { kind: 'too_large', message: '{what} on stdin is larger than {max} bytes.' },
  invalid_log_level: {
    kind: 'invalid',
    message: '--log-level must be debug, info, warn, error or silent; got "{value}".',
  },
  invalid_log_format: {
    kind: 'invalid',
    message: '--log-format must be json or pretty; got "{value}".',
  },
  node_exited: { kind: 'unavailable', message: 'A node exited during startup ({url}).' },
  node_start_timeout: { kind: 'unavailable', message: '{url} did not answer in time.' },
  tx_rejected: {
    kind: 'invalid',
    exit: 'rejected',
    message: 'tx {hash} rejected: {reason}',
  },
  tx_failed: {
    kind: 'invalid',
    exit: 'rejected',
    message: 'tx {hash} failed at height {height}: {reason}',
  },
});
