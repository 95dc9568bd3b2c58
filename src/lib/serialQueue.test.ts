// The serial queue: tasks never overlap, run in call order, and a failure stays with its caller.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSerialQueue } from './serialQueue.ts';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('tasks run one at a time, in call order', async () => {
  const queue = createSerialQueue();
  const log: string[] = [];
  let running = 0;
  const task = (name: string, turns: number) => async (): Promise<string> => {
    running++;
    assert.equal(running, 1, 'no two tasks overlap');
    log.push(`start ${name}`);
    for (let i = 0; i < turns; i++) await tick();
    log.push(`end ${name}`);
    running--;
    return name;
  };
  const results = await Promise.all([
    queue.run(task('a', 3)),
    queue.run(task('b', 0)),
    queue.run(task('c', 1)),
  ]);
  assert.deepEqual(results, ['a', 'b', 'c']);
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.equal(queue.pending(), 0);
});

test('a failing task rejects for its caller only; the next task still runs', async () => {
  const queue = createSerialQueue();
  const failing = queue.run(() => Promise.reject(new Error('boom')));
  const throwing = queue.run(() => {
    throw new Error('thrown');
  });
  const next = queue.run(() => Promise.resolve(42));
  await assert.rejects(failing, /boom/);
  await assert.rejects(throwing, /thrown/);
  assert.equal(await next, 42);
});

test('settled waits for every task queued so far and never rejects', async () => {
  const queue = createSerialQueue();
  let done = false;
  void queue.run(async () => {
    await tick();
    done = true;
  });
  const failed = queue.run(() => Promise.reject(new Error('ignored by settled')));
  failed.catch(() => undefined);
  assert.equal(queue.pending(), 2);
  await queue.settled();
  assert.equal(done, true);
  assert.equal(queue.pending(), 0);
});
