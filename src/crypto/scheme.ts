// Signature schemes are a tagged field in every key and signature, so secp256k1 and ML-DSA can be
// added later without changing any encoding (the tag byte numbers are part of the spec).
import { bytes, codecErrors, struct, u8, withJson, type Codec } from '../codec/index.ts';
import { toHex } from '../lib/index.ts';
import { cryptoErrors } from './errors.ts';

/** The signature schemes this version knows. */
export type SchemeName = 'ed25519';

/** Byte tags of the schemes (reserved: 2 = secp256k1, 3 = ml-dsa-44). */
export const schemeTags: Readonly<Record<SchemeName, number>> = { ed25519: 1 };

/** Public-key sizes per scheme. */
export const publicKeySizeBytes: Readonly<Record<SchemeName, number>> = { ed25519: 32 };

/** Signature sizes per scheme. */
export const signatureSizeBytes: Readonly<Record<SchemeName, number>> = { ed25519: 64 };

/** A scheme-tagged public key. */
export interface PublicKey {
  readonly scheme: SchemeName;
  readonly bytes: Uint8Array;
}

/** A scheme-tagged signature. */
export interface Signature {
  readonly scheme: SchemeName;
  readonly bytes: Uint8Array;
}

/** The bound on any key or signature of any future scheme (ML-DSA-87 signatures are 4,627 B). */
export const keyMaterialBytesMax = 8192;

const schemeByTag = new Map(
  Object.entries(schemeTags).map(([name, tag]) => [tag, name as SchemeName] as const),
);

function schemeFromTag(tag: number): SchemeName {
  const scheme = schemeByTag.get(tag);
  if (scheme !== undefined) return scheme;
  throw cryptoErrors.unknown_scheme({ tag });
}

const tagged = struct({ scheme: u8, bytes: bytes(keyMaterialBytesMax) });

function checkedTagged(
  kind: 'public key' | 'signature',
  sizes: Readonly<Record<SchemeName, number>>,
): Codec<PublicKey, unknown> {
  return {
    write(w, v) {
      tagged.write(w, { scheme: schemeTags[v.scheme], bytes: v.bytes });
    },
    read(r) {
      const raw = tagged.read(r);
      const scheme = schemeFromTag(raw.scheme);
      if (raw.bytes.length !== sizes[scheme]) {
        throw codecErrors.malformed_bytes({
          what: `${scheme} ${kind} must be ${sizes[scheme]} bytes, got ${raw.bytes.length}`,
        });
      }
      return { scheme, bytes: raw.bytes };
    },
    toJson: () => null,
    jsonSchema: {},
  };
}

const schemeNames = Object.keys(schemeTags);

/** A public key in JSON: its scheme and its bytes in hex. */
// A type literal, not an interface, so that it is assignable to the generic Json type.
export type PublicKeyJson = {
  readonly scheme: string;
  readonly publicKey: string;
};

/**
 * Canonical encoding of a public key: scheme tag, u32 length, key bytes. In JSON
 * `{ scheme, publicKey }` with the key in hex.
 */
export const publicKeyCodec: Codec<PublicKey, PublicKeyJson> = withJson(
  checkedTagged('public key', publicKeySizeBytes),
  {
    toJson: (k) => ({ scheme: k.scheme, publicKey: toHex(k.bytes) }),
    jsonSchema: {
      type: 'object',
      properties: {
        scheme: { type: 'string', enum: schemeNames },
        publicKey: { type: 'string', pattern: '^[0-9a-f]+$', description: 'hex' },
      },
      required: ['scheme', 'publicKey'],
      additionalProperties: false,
      description: 'a scheme-tagged public key',
    },
  },
);

/**
 * Canonical encoding of a signature: scheme tag, u32 length, signature bytes. In JSON the bytes in
 * hex (the signer's key beside it names the scheme).
 */
export const signatureCodec: Codec<Signature, string> = withJson(
  checkedTagged('signature', signatureSizeBytes),
  {
    toJson: (s) => toHex(s.bytes),
    jsonSchema: { type: 'string', pattern: '^[0-9a-f]+$', description: 'signature, hex' },
  },
);
