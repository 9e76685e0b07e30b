'use strict';
// Thread scope: a Worker thread enters other namespaces while the main thread's stay as they
// were, and the other way round. Runs test/fixtures/worker-ns.js in a child process with
// privilege (root, or root in a new user namespace), so this process never moves.

const test = require('node:test');
const assert = require('node:assert');
const path = require('path');
const { spawnSync } = require('child_process');
const { privilege } = require('./helpers');

function workerCase(how, need) {
  test(`a Worker enters other namespaces; the main thread stays (and vice versa), ${how}`, (t) => {
    const p = privilege(need);
    if (p.skip) return t.skip(p.skip);
    const argv = [...p.prefix, process.execPath, path.join(__dirname, 'fixtures/worker-ns.js')];
    const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 30000 });
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    const res = JSON.parse(r.stdout.trim().split('\n').pop());
    const { before, unshared, afterUnshare, childNs, joined, afterJoin, kept, mainAfter } = res;

    // 1. unshare in the Worker: new uts and net there; hostname set by a process it spawned.
    assert.deepStrictEqual(unshared.first, { uts: before.uts, net: before.net });
    assert.notStrictEqual(unshared.now.uts, before.uts);
    assert.notStrictEqual(unshared.now.net, before.net);
    assert.strictEqual(unshared.setStatus, 0);
    assert.strictEqual(unshared.childHost, 'rns-worker-test');
    assert.strictEqual(unshared.host, 'rns-worker-test');
    assert.deepStrictEqual(afterUnshare, before, 'main thread unchanged after the Worker unshared');

    // 2. setnsPid in the Worker: the child's namespaces there, ours here.
    assert.deepStrictEqual(joined.now, childNs);
    assert.strictEqual(joined.nsOpenNet, childNs.net);
    assert.deepStrictEqual(afterJoin, { uts: before.uts, net: before.net });

    // 3. unshare on the main thread: a Worker started before keeps the old namespace.
    assert.notStrictEqual(mainAfter, before.uts);
    assert.strictEqual(kept.now.uts, before.uts);
  });
}

workerCase('as root', { realRoot: true });
workerCase('in a user namespace', { userns: true });

// The main thread runs functions in 4 children's net and UTS namespaces, 400 times, while two
// Workers check their own namespaces all the while: every function sees its target's, the
// main thread is back after each call, and no Worker ever sees another namespace.
function runInManyCase(how, need) {
  test(`runInNamespaces(Of) 400 times beside Workers: 0 foreign observations, ${how}`, (t) => {
    const p = privilege(need);
    if (p.skip) return t.skip(p.skip);
    const argv = [...p.prefix, process.execPath, path.join(__dirname, 'fixtures/run-in-many.js')];
    const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 60000 });
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    const res = JSON.parse(r.stdout.trim().split('\n').pop());
    assert.strictEqual(res.calls, 400);
    assert.strictEqual(res.wrong, 0);
    assert.ok(res.checks > 0, 'the Workers checked');
    assert.strictEqual(res.foreign, 0, `${res.foreign} of ${res.checks} Worker checks saw another namespace`);
    t.diagnostic(`${res.calls} calls, ${res.checks} Worker checks, 0 foreign`);
  });
}

runInManyCase('as root', { realRoot: true });
runInManyCase('in a user namespace', { userns: true });
