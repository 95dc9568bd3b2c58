// Public surface of the CLI keystore (also used by `polity dev` to store its test accounts).
export * from './errors.ts';
export * from './keyName.ts';
export * from './keystore.ts';
export { testKeyWarning, keyFileVersion, type KeyBackend, type KeyFile } from './keyFile.ts';
export { scryptNDefault } from './encryption.ts';
