// The software version a node reports (kept equal to package.json's by a test).
/** This build's version. */
export const nodeVersion = '0.1.0';
