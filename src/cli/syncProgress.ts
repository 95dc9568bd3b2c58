// The block sync progress bar of `polity start`: a live bar on a terminal, occasional plain lines
// otherwise (logs, CI), so an operator sees how far a catching-up node is and how fast it goes.
import { SingleBar } from 'cli-progress';
import type { CliIo } from './io.ts';

/** Progress as block sync reports it. */
export interface SyncProgressEvent {
  readonly height: number;
  readonly target: number;
  readonly startHeight: number;
}

/** Lines printed at most this often when the output is not a terminal. */
const plainEveryMs = 5000;

/** Returns the callback that renders sync progress on `io.stderr`. */
export function syncProgressRenderer(io: CliIo): (progress: SyncProgressEvent) => void {
  const tty = io.stderr.isTTY === true;
  let bar: SingleBar | undefined;
  let lastPlainMs = 0;
  return (p) => {
    const done = p.height - p.startHeight;
    const total = Math.max(1, p.target - p.startHeight);
    if (tty) {
      if (bar === undefined) {
        bar = new SingleBar({
          // On a terminal io.stderr is the process's stderr stream.
          stream: io.stderr as unknown as NodeJS.WritableStream,
          format:
            'catching up |{bar}| {value}/{total} blocks, height {height}, {eta_formatted} left',
          hideCursor: true,
        });
        bar.start(total, done, { height: p.height });
      }
      bar.setTotal(total);
      bar.update(done, { height: p.height });
      if (p.height >= p.target) {
        bar.stop();
        bar = undefined;
      }
      return;
    }
    const now = Date.now();
    if (now - lastPlainMs >= plainEveryMs || p.height >= p.target) {
      lastPlainMs = now;
      io.stderr.write(
        `catching up: height ${p.height} of ${p.target} (${Math.floor((done / total) * 100)}%)\n`,
      );
    }
  };
}
