// Bounds of the authenticated state, named so every check and every doc cites one number.

/** Longest state key accepted, in bytes. */
export const stateKeyBytesMax = 256;

/** Largest state value accepted, in bytes. */
export const stateValueBytesMax = 64 * 1024;

/** Deepest possible path: key hashes are 256 bits, so a leaf sits at depth 256 at most. */
export const proofDepthMax = 256;

/** Size of every node hash in bytes. */
export const nodeHashBytes = 32;
