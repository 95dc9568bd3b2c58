// Public surface of src/light: verifying headers from a trusted one (adjacent, skipping,
// bisection) and state proofs against verified headers.
export * from './bisect.ts';
export * from './errors.ts';
export * from './stateProof.ts';
export * from './verifyHeader.ts';
