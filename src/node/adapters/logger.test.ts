// The node's log format: readable lines for a person at a terminal, JSON lines for everything
// else (files, pipes, log shippers), unless the config or a flag forces one.
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLogger, logFormatFor } from './logger.ts';

test('auto is readable on a terminal and JSON elsewhere; json and pretty are forced', () => {
  assert.equal(logFormatFor('auto', true), 'pretty');
  assert.equal(logFormatFor('auto', false), 'json');
  assert.equal(logFormatFor('json', true), 'json');
  assert.equal(logFormatFor('pretty', false), 'pretty');
});

test('auto writes JSON lines to a file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-log-'));
  try {
    const path = join(dir, 'node.log');
    const fd = openSync(path, 'w');
    const logger = createLogger({ level: 'info', format: 'auto', destination: fd, sync: true });
    logger.info({ height: 3 }, 'node started');
    closeSync(fd);
    const line = JSON.parse(readFileSync(path, 'utf8').trim()) as { msg: string; height: number };
    assert.equal(line.msg, 'node started');
    assert.equal(line.height, 3);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
