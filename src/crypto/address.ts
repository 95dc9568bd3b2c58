// Addresses: 20 bytes derived from the scheme-tagged public key, shown as bech32m with the `pol`
// prefix (a checksum catches typos; one case only). Deriving from the tagged key means two schemes
// can never yield the same address for the same key bytes.
import { bech32m } from '@scure/base';
import { encode, fixedBytes, withJson, type Codec } from '../codec/index.ts';
import { cryptoErrors } from './errors.ts';
import { taggedHash } from './hash.ts';
import { publicKeyCodec, type PublicKey } from './scheme.ts';

/** Address length in bytes. */
export const addressSizeBytes = 20;

/** The human-readable prefix of every address. */
export const addressPrefix = 'pol';

/** The JSON Schema of an address's text (the checksum is checked by `parseAddress`). */
export const addressJsonSchema = {
  type: 'string',
  pattern: `^${addressPrefix}1[02-9ac-hj-np-z]{38}$`,
  description: 'bech32m address (pol1…)',
} as const;

/** The canonical encoding of an address: its bytes, no prefix. In JSON its bech32m text. */
export const addressCodec: Codec<Uint8Array, string> = withJson(fixedBytes(addressSizeBytes), {
  toJson: (a) => formatAddress(a),
  jsonSchema: addressJsonSchema,
});

/** The 20-byte account address of a public key. */
export function addressOf(publicKey: PublicKey): Uint8Array {
  return taggedHash('polity/address', encode(publicKeyCodec, publicKey)).slice(0, addressSizeBytes);
}

/** The bech32m text form of a 20-byte address. */
export function formatAddress(address: Uint8Array): string {
  return bech32m.encode(addressPrefix, bech32m.toWords(address));
}

/** Parses a bech32m `pol1…` address; throws `invalid_address` with what to fix. */
export function parseAddress(text: string): Uint8Array {
  try {
    const { prefix, words } = bech32m.decode(text as `${string}1${string}`, 90);
    const address = bech32m.fromWords(words);
    if (prefix !== addressPrefix || address.length !== addressSizeBytes) throw new Error('shape');
    return address;
  } catch {
    throw cryptoErrors.invalid_address({ text: text.slice(0, 100), prefix: addressPrefix });
  }
}
