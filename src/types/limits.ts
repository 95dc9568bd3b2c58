// Every bound on what a transaction or block may carry, named in one place (style.md: a bound on
// everything). Changing one is a protocol change: these will become governed parameters.

/** Longest chain id in bytes. */
export const chainIdBytesMax = 64;
/** Largest encoded signed transaction in bytes. */
export const txBytesMax = 64 * 1024;
/** Most transactions in one block. */
export const txsPerBlockMax = 20_000;
/** Largest encoded block in bytes. */
export const blockBytesMax = 32 * 1024 * 1024;
/** Most validators in a set. */
export const validatorsMax = 256;
/** Current block and vote format version. */
export const protocolVersion = 1;
