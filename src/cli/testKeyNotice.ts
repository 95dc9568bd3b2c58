// The warning about unencrypted test keys is worth reading once, not on every command: repeated,
// it teaches people to skip stderr. The first time it is shown in a home a marker file is left in
// the keystore's folder (a dot file, which the keystore never lists); commands that find it stay
// quiet. Creating a test key always warns, and `polity dev` leaves the marker since it prints the
// same warning above its table of keys.
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const markerName = '.unencrypted-keys-notice';

/** Whether the warning was already shown for the keystore in `keysDir`. */
export async function testKeyNoticeShown(keysDir: string): Promise<boolean> {
  return access(join(keysDir, markerName)).then(
    () => true,
    () => false,
  );
}

/** Records that the warning was shown; a home that cannot be written just warns again next time. */
export async function recordTestKeyNotice(keysDir: string): Promise<void> {
  try {
    await mkdir(keysDir, { recursive: true, mode: 0o700 });
    await writeFile(
      join(keysDir, markerName),
      'The UNENCRYPTED TEST KEY warning was shown for this keystore; delete this file to see it again.\n',
      { mode: 0o600 },
    );
  } catch {
    // Best effort by design (see above).
  }
}
