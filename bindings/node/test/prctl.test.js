'use strict';
// Process attributes (lib/prctl.js), each test in a child process (runChild): what each
// setting affects, the thread that calls or the whole process, as the header says.

const test = require('node:test');
const assert = require('node:assert');
const { runChild } = require('./helpers');

const pkg = JSON.stringify(require.resolve('..'));

/**
 * Child code: a Worker that answers each message by running `expr` (a JS expression over rns)
 * and posting the result; `ask()` in the child sends one and waits for the answer.
 */
const workerPrelude = `
  const { Worker } = require('worker_threads');
  const w = new Worker("const { parentPort } = require('worker_threads'); const rns = require(" + JSON.stringify(${pkg}) + ");" +
    "parentPort.on('message', (e) => parentPort.postMessage(eval(e))); parentPort.postMessage('ready');", { eval: true });
  await new Promise((resolve) => w.once('message', resolve));
  const ask = (expr) => new Promise((resolve) => { w.once('message', resolve); w.postMessage(expr); });
  const code = (fn) => { try { fn(); return 'no error'; } catch (e) { return [e.code, e.syscall, e.constructor.name].join(' '); } };`;

test('parent-death signal: round trip, errors, and a Worker has its own', () => {
  const r = runChild(`${workerPrelude}
    rns.setPdeathsig('SIGUSR1');
    const set = rns.getPdeathsig();
    const tooBig = code(() => rns.setPdeathsig(65));
    const negative = code(() => rns.setPdeathsig(-1));
    const unknown = code(() => rns.setPdeathsig('SIGNOPE'));
    const after = rns.getPdeathsig();
    const worker = await ask('rns.getPdeathsig()');
    rns.setPdeathsig(0);
    out({ usr1: os.constants.signals.SIGUSR1, set, tooBig, negative, unknown, after, worker, cleared: rns.getPdeathsig() });
    w.terminate();`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  const x = r.result;
  assert.strictEqual(x.set, x.usr1);
  assert.strictEqual(x.tooBig, 'EINVAL set_pdeathsig Error');
  assert.strictEqual(x.negative, 'EINVAL set_pdeathsig Error');
  assert.strictEqual(x.unknown, 'ERR_UNKNOWN_SIGNAL  TypeError');
  assert.strictEqual(x.after, x.usr1, 'a refused call changed the setting');
  assert.strictEqual(x.worker, 0, 'the Worker thread sees the main thread\'s setting');
  assert.strictEqual(x.cleared, 0);
});

test('child subreaper: one setting for the process, Workers included', () => {
  const r = runChild(`${workerPrelude}
    const start = rns.getChildSubreaper();
    rns.setChildSubreaper(1);
    const on = rns.getChildSubreaper();
    const worker = await ask('rns.getChildSubreaper()');
    const two = code(() => rns.setChildSubreaper(2));
    await ask('rns.setChildSubreaper(0)');
    out({ start, on, worker, two, off: rns.getChildSubreaper() });
    w.terminate();`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.deepStrictEqual(r.result, { start: 0, on: 1, worker: 1, two: 'EINVAL set_child_subreaper Error', off: 0 });
});

test('no_new_privs: the calling thread and what it creates afterwards, not an older Worker', (t) => {
  const r = runChild(`${workerPrelude}
    const before = rns.getNoNewPrivs();
    const zero = code(() => rns.setNoNewPrivs(0));
    const unchanged = rns.getNoNewPrivs();
    rns.setNoNewPrivs();
    rns.setNoNewPrivs(1);
    const main = rns.getNoNewPrivs();
    const older = await ask('rns.getNoNewPrivs()');
    const w2 = new Worker("const { parentPort } = require('worker_threads'); parentPort.postMessage(require(" + JSON.stringify(${pkg}) + ").getNoNewPrivs());", { eval: true });
    const newer = await new Promise((resolve) => w2.once('message', resolve));
    const child = spawnSync('grep', ['NoNewPrivs:', '/proc/self/status'], { encoding: 'utf8' }).stdout.trim().split(/\\s+/)[1];
    out({ before, zero, unchanged, main, older, newer, child });
    w.terminate();`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  const x = r.result;
  assert.strictEqual(x.zero, 'EINVAL set_no_new_privs Error');
  assert.strictEqual(x.unchanged, x.before);
  assert.strictEqual(x.main, 1);
  assert.strictEqual(x.newer, 1, 'a Worker started afterwards lacks it');
  assert.strictEqual(x.child, '1', 'a child process spawned afterwards lacks it');
  if (x.before === 1) {
    t.diagnostic('no_new_privs was set already (sandbox): an older Worker has it too');
  } else {
    assert.strictEqual(x.older, 0, 'a Worker that existed before has it');
  }
});
