'use strict';
// Node's own child_process.spawn tests of stdio, kill, detached, abort, timeout and data flow
// (test/parallel/test-child-process-*.js of Node 20), each case run against
// require('child_process') and require('librns'), the same code: stdio, stdin, stdout-flush,
// stdout-flush-exit, flush-stdio, stdio-big-write-end, stdio-inherit, stdio-merge-stdouts-into-cat,
// validate-stdio, pipe-dataflow, kill,
// detached, spawn-controller, spawn-timeout-kill-signal; and ref/unref.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { getEventListeners } = require('events');
const { MODULES, calls, closed, text, pkgDir } = require('./cp_spawn_port_lib');
const { runChild } = require('./helpers');

/** The module's name to require in a `node -e` child. */
const requireName = (name) => (name === 'librns' ? pkgDir : 'child_process');

for (const [name, cp] of MODULES) {
  test(`${name}: stdio: ['pipe'] gives stdout and stderr; 'ignore' none; options untouched; output buffered`, async () => {
    const c = calls();
    const ends = [];
    const piped = cp.spawn('pwd', { stdio: ['pipe'] });
    ends.push(closed(piped));
    assert.notStrictEqual(piped.stdout, null);
    assert.notStrictEqual(piped.stderr, null);
    const ignored = cp.spawn('pwd', { stdio: 'ignore' });
    ends.push(closed(ignored));
    assert.strictEqual(ignored.stdout, null);
    assert.strictEqual(ignored.stderr, null);
    // Options invariance.
    const options = { stdio: 'ignore' };
    ends.push(closed(cp.spawn('pwd', options)));
    assert.deepStrictEqual(options, { stdio: 'ignore' });
    // Stdout buffering.
    let output = '';
    const child = cp.spawn('pwd');
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s) => { output += s; });
    child.on('exit', c.mustCall((code) => assert.strictEqual(code, 0)));
    child.on('close', c.mustCall(() => {
      assert.strictEqual(output.length > 1, true);
      assert.strictEqual(output[output.length - 1], '\n');
    }));
    ends.push(closed(child));
    // Only one IPC pipe (Node); librns has no IPC channel at all.
    const ipc = name === 'librns'
      ? { code: 'ERR_INVALID_ARG_VALUE', name: 'TypeError', message: /librns has no IPC channel/ }
      : { code: 'ERR_IPC_ONE_PIPE', name: 'Error', message: 'Child process can have only one IPC pipe' };
    assert.throws(() => cp.spawn('pwd', { stdio: ['pipe', 'pipe', 'pipe', 'ipc', 'ipc'] }), ipc);
    await Promise.all(ends);
    c.verify();
  });

  test(`${name}: (not Node's test) a 'pipe' slot is a socket in the child, as libuv makes it`, async () => {
    // libuv gives a child socketpairs, not pipes: open("/dev/stdin") fails there, for example.
    const child = cp.spawn('sh', ['-c', 'for fd in 0 1 2; do [ -S /proc/self/fd/$fd ] && printf "$fd "; done; echo'], { stdio: 'pipe' });
    child.stdin.end();
    const end = closed(child);
    assert.strictEqual(await text(child.stdout), '0 1 2 \n');
    assert.deepStrictEqual(await end, [0, null]);
  });

  test(`${name}: stdin: writes reach cat, stdin writable only; 'end', 'exit' 0, 'close'`, async () => {
    const c = calls();
    const cat = cp.spawn('cat');
    const end = closed(cat);
    cat.stdin.write('hello');
    cat.stdin.write(' ');
    cat.stdin.write('world');
    assert.ok(cat.stdin.writable);
    assert.ok(!cat.stdin.readable);
    cat.stdin.end();
    let response = '';
    cat.stdout.setEncoding('utf8');
    cat.stdout.on('data', (chunk) => { response += chunk; });
    cat.stdout.on('end', c.mustCall());
    cat.stderr.on('data', c.mustNotCall('stderr data'));
    cat.stderr.on('end', c.mustCall());
    cat.on('exit', c.mustCall((status) => assert.strictEqual(status, 0)));
    cat.on('close', c.mustCall(() => assert.strictEqual(response, 'hello world')));
    await end;
    c.verify();
  });

  test(`${name}: stdout-flush: all 500000 characters a child writes arrive before 'close'`, async () => {
    const c = calls();
    const n = 500000;
    // Node's fixture print-chars.js: n characters, written in chunks.
    const printChars = `const n = +process.argv[1]; let i = 0;
      while (i < n) { const k = Math.min(n - i, 1024 + (i % 4096)); process.stdout.write('c'.repeat(k)); i += k; }`;
    const child = cp.spawn(process.execPath, ['-e', printChars, String(n)]);
    let count = 0;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', c.mustNotCall('stderr data'));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (data) => { count += data.length; });
    const [code, signal] = await closed(child);
    assert.strictEqual(code, 0);
    assert.strictEqual(signal, null);
    assert.strictEqual(count, n);
    c.verify();
  });

  test(`${name}: stdout-flush-exit: a child's last console.log before process.exit arrives`, async () => {
    const c = calls();
    const script = "console.log('hello'); for (let i = 0; i < 200; i++) console.log('filler'); console.log('goodbye'); process.exit(0);";
    const child = cp.spawn(process.execPath, ['-e', script]);
    const end = closed(child);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', c.mustNotCall('stderr data'));
    const out = await text(child.stdout);
    await end;
    assert.ok(out.startsWith('hello\n'), 'no hello');
    assert.ok(out.endsWith('goodbye\n'), 'no goodbye');
    c.verify();
  });

  test(`${name}: flush-stdio: 'close' comes with stdout unread, or read through 'readable'`, async () => {
    const c = calls();
    const p = cp.spawn('echo', []);
    const first = closed(p);
    p.on('close', c.mustCall((code, signal) => {
      assert.strictEqual(code, 0);
      assert.strictEqual(signal, null);
    }));
    p.stdout.read();
    await first;
    const buffer = [];
    const p2 = cp.spawn('echo', ['123']);
    const second = closed(p2);
    p2.on('close', c.mustCall((code, signal) => {
      assert.strictEqual(code, 0);
      assert.strictEqual(signal, null);
      assert.strictEqual(Buffer.concat(buffer).toString().trim(), '123');
    }));
    p2.stdout.on('readable', () => {
      let buf;
      while ((buf = p2.stdout.read()) !== null) buffer.push(buf);
    });
    await second;
    c.verify();
  });

  test(`${name}: stdio-big-write-end: stdin ended before it is flushed; every byte arrives`, async () => {
    const BUFSIZE = 1024;
    const child = cp.spawn('wc', ['-c']);
    const end = closed(child);
    const counted = text(child.stdout);
    let sent = 0;
    // Write until the buffer fills up, then a bunch more times; then end before it is flushed.
    let more;
    do {
      sent += BUFSIZE;
      more = child.stdin.write(Buffer.alloc(BUFSIZE, '.'));
    } while (more);
    for (let i = 0; i < 100; i++) {
      sent += BUFSIZE;
      child.stdin.write(Buffer.alloc(BUFSIZE, '.'));
    }
    child.stdin.end();
    assert.strictEqual(+(await counted), sent);
    assert.deepStrictEqual(await end, [0, null]);
  });

  test(`${name}: stdio-inherit: a grandchild with stdio 'inherit' writes into its parent's stdout`, async () => {
    const script = `require(${JSON.stringify(requireName(name))}).spawn('echo', ['hello', 'world'], { stdio: 'inherit' })
      .on('exit', (code) => { process.exitCode = code; });`;
    const child = cp.spawn(process.execPath, ['-e', script]);
    const end = closed(child);
    assert.strictEqual(await text(child.stdout), 'hello world\n');
    assert.deepStrictEqual(await end, [0, null]);
  });

  test(`${name}: validate-stdio: bad values refused, short arrays filled, streams' fds passed`, async () => {
    const expectedError = { code: 'ERR_INVALID_ARG_VALUE', name: 'TypeError' };
    // Should throw if string and not ignore, pipe, or inherit; or not a string or array.
    assert.throws(() => cp.spawn('true', { stdio: 'foo' }), expectedError);
    assert.throws(() => cp.spawn('true', { stdio: 600 }), expectedError);
    // Should populate stdio with undefined if len < 3 (Node: in the caller's array).
    const stdio1 = [];
    const filled = cp.spawn('true', { stdio: stdio1 });
    assert.strictEqual(stdio1.length, 3);
    assert.strictEqual(filled.stdio.length, 3);
    assert.ok(filled.stdio.every((s) => s !== null));
    // Should throw if stdio is not a valid input (a string for a synchronous fork only).
    assert.throws(() => cp.spawn('true', { stdio: ['foo'] }), { code: 'ERR_INVALID_SYNC_FORK_INPUT', name: 'TypeError' });
    // Should throw if stdio is not a valid option.
    assert.throws(() => cp.spawn('true', { stdio: [{ foo: 'bar' }] }), expectedError);
    // Streams with an fd are that fd: the child gets no stream of ours.
    const fd = fs.openSync('/dev/null', 'r');
    const viaFd = cp.spawn('true', { stdio: [fs.createReadStream(null, { fd, autoClose: false }), process.stdout, process.stderr] });
    assert.deepStrictEqual(viaFd.stdio, [null, null, null]);
    await Promise.all([closed(filled), closed(viaFd)]);
    fs.closeSync(fd);
  });

  test(`${name}: pipe-dataflow: cat | grep | wc through each other's stdout streams, 1 MB whole`, async () => {
    const c = calls();
    const KB = 1024;
    const MB = KB * KB;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rns-cp-dataflow-'));
    const file = path.join(dir, 'data.txt');
    const buf = Buffer.alloc(MB).fill('x');
    // Cut the buffer into lines at some points, forcing data flow to be split in the stream.
    for (let i = 0; i < KB; i++) buf[i * KB] = 10;
    fs.writeFileSync(file, buf.toString());
    const cat = cp.spawn('cat', [file]);
    const grep = cp.spawn('grep', ['x'], { stdio: [cat.stdout, 'pipe', 'pipe'] });
    const wc = cp.spawn('wc', ['-c'], { stdio: [grep.stdout, 'pipe', 'pipe'] });
    // We never try to start reading data ourselves.
    cat.stdout._handle.readStart = c.mustNotCall('cat.stdout readStart');
    grep.stdout._handle.readStart = c.mustNotCall('grep.stdout readStart');
    const errors = [];
    const exits = [cat, grep, wc].map((child, index) => {
      child.stderr.on('data', (d) => errors.push(`stderr of child #${index}: ${d}`));
      child.on('error', (err) => errors.push(`error of child #${index}: ${err}`));
      return new Promise((resolve) => child.on('exit', c.mustCall((code) => {
        if (code !== 0) errors.push(`child ${index} exited with code ${code}`);
        resolve();
      })));
    });
    const counted = text(wc.stdout);
    await Promise.all(exits);
    assert.strictEqual((await counted).trim(), MB.toString());
    assert.deepStrictEqual(errors, []);
    fs.rmSync(dir, { recursive: true });
    c.verify();
  });

  test(`${name}: stdio-merge-stdouts-into-cat: (cat; cat) | cat through the third one's stdin stream`, async () => {
    const c = calls();
    // Check that (cat [p1] ; cat [p2]) | cat [p3] works.
    const p3 = cp.spawn('cat', { stdio: ['pipe', 'pipe', process.stderr] });
    const p1 = cp.spawn('cat', { stdio: ['pipe', p3.stdin, process.stderr] });
    const p2 = cp.spawn('cat', { stdio: ['pipe', p3.stdin, process.stderr] });
    const ends = [p1, p2, p3].map(closed);
    p3.stdout.setEncoding('utf8');
    // Three chunks, one after the other: 'hello' through p1 and p3, 'world' through p2 and p3,
    // 'foobar' through p3 alone.
    p1.stdin.end('hello\n');
    p3.stdout.once('data', c.mustCall((chunk) => {
      assert.strictEqual(chunk, 'hello\n');
      p2.stdin.end('world\n');
      p3.stdout.once('data', c.mustCall((chunk2) => {
        assert.strictEqual(chunk2, 'world\n');
        p3.stdin.end('foobar\n');
        p3.stdout.once('data', c.mustCall((chunk3) => assert.strictEqual(chunk3, 'foobar\n')));
      }));
    }));
    await Promise.all(ends);
    c.verify();
  });

  test(`${name}: kill: SIGTERM by default, 'exit' null 'SIGTERM', streams end; kill's results`, async () => {
    const c = calls();
    const cat = cp.spawn('cat');
    const end = closed(cat);
    cat.stdout.on('end', c.mustCall());
    cat.stderr.on('data', c.mustNotCall('stderr data'));
    cat.stderr.on('end', c.mustCall());
    cat.on('exit', c.mustCall((code, signal) => {
      assert.strictEqual(code, null);
      assert.strictEqual(signal, 'SIGTERM');
      assert.strictEqual(cat.signalCode, 'SIGTERM');
    }));
    assert.strictEqual(cat.signalCode, null);
    assert.strictEqual(cat.killed, false);
    // (not Node's test: kill's other results) 0 probes; an unknown signal throws.
    assert.strictEqual(cat.kill(0), true);
    assert.throws(() => cat.kill('SIGNOPE'), { code: 'ERR_UNKNOWN_SIGNAL', name: 'TypeError', message: 'Unknown signal: SIGNOPE' });
    assert.throws(() => cat.kill(-1), { code: 'ERR_UNKNOWN_SIGNAL' });
    assert.strictEqual(cat.killed, true); // kill(0) counts, as in Node
    assert.strictEqual(cat.kill(), true);
    await end;
    // Once it has exited, kill sends nothing.
    assert.strictEqual(cat.kill(), false);
    assert.strictEqual(cat.kill('SIGKILL'), false);
    c.verify();
  });

  test(`${name}: kill: a signal by number and by lower-case name; exitCode stays null`, async () => {
    const a = cp.spawn('sleep', ['30'], { stdio: 'ignore' });
    const b = cp.spawn('sleep', ['30'], { stdio: 'ignore' });
    const ends = [closed(a), closed(b)];
    await Promise.all([new Promise((r) => a.on('spawn', r)), new Promise((r) => b.on('spawn', r))]);
    assert.strictEqual(a.kill(os.constants.signals.SIGINT), true);
    assert.strictEqual(b.kill('sigusr1'), true);
    assert.deepStrictEqual(await Promise.all(ends), [[null, 'SIGINT'], [null, 'SIGUSR1']]);
    assert.strictEqual(a.exitCode, null);
  });

  test(`${name}: detached: the child outlives its parent, in a session of its own`, () => {
    // Node's fixture parent-process-nonpersistent.js: spawns a detached child, prints its pid,
    // unrefs it and ends.
    const r = runChild(`
      const child = require(${JSON.stringify(requireName(name))}).spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
      out({ pid: child.pid });
      child.unref();`);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    const persistentPid = r.result.pid;
    try {
      process.kill(persistentPid, 0); // alive
      const stat = fs.readFileSync(`/proc/${persistentPid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      assert.strictEqual(Number(fields[3]), persistentPid, 'not a session leader'); // session id
      assert.strictEqual(Number(fields[2]), persistentPid, 'not a group leader'); // pgrp
    } finally {
      process.kill(persistentPid);
    }
  });

  test(`${name}: spawn-controller: an AbortSignal kills (now, later, already aborted) with killSignal`, async () => {
    const c = calls();
    const ends = [];
    const spawnAlive = (options, want) => {
      const child = cp.spawn('sleep', ['30'], options);
      child.on('exit', c.mustCall((code, killSignal) => {
        assert.strictEqual(code, null);
        assert.strictEqual(killSignal, want);
      }));
      child.on('error', c.mustCall((e) => {
        assert.strictEqual(e.name, 'AbortError');
        assert.strictEqual(e.code, 'ABORT_ERR');
        assert.strictEqual(e.cause, options.signal.reason);
      }));
      ends.push(closed(child));
      return child;
    };
    {
      // Passing an AbortSignal works.
      const controller = new AbortController();
      spawnAlive({ signal: controller.signal }, 'SIGTERM');
      controller.abort();
    }
    {
      // An already-aborted signal works.
      const controller = new AbortController();
      controller.abort();
      spawnAlive({ signal: controller.signal }, 'SIGTERM');
    }
    {
      // Waiting a bit and aborting works.
      const controller = new AbortController();
      spawnAlive({ signal: controller.signal }, 'SIGTERM');
      setTimeout(() => controller.abort(), 1);
    }
    {
      // A different killSignal.
      const controller = new AbortController();
      spawnAlive({ signal: controller.signal, killSignal: 'SIGKILL' }, 'SIGKILL');
      setTimeout(() => controller.abort(), 1);
    }
    {
      // Aborting after exit (before close) does nothing.
      const controller = new AbortController();
      const child = cp.spawn('sleep', ['30'], { signal: controller.signal });
      child.on('exit', c.mustCall(() => controller.abort()));
      child.on('error', c.mustNotCall("'error'"));
      setTimeout(() => child.kill(), 1);
      ends.push(closed(child));
    }
    assert.throws(() => cp.spawn('sleep', ['30'], { signal: {} }), { code: 'ERR_INVALID_ARG_TYPE' });
    await Promise.all(ends);
    c.verify();
  });

  test(`${name}: spawn-timeout-kill-signal: timeout kills with killSignal; the abort listener goes at exit`, async () => {
    const c = calls();
    const ends = [];
    const alive = (options, check) => {
      const child = cp.spawn('sleep', ['30'], options);
      child.on('exit', c.mustCall(check));
      ends.push(closed(child));
      return child;
    };
    // The default signal.
    alive({ timeout: 5 }, (code, ks) => assert.strictEqual(ks, 'SIGTERM'));
    // killSignal.
    alive({ timeout: 5, killSignal: 'SIGKILL' }, (code, ks) => assert.strictEqual(ks, 'SIGKILL'));
    // The timer goes once it has exited.
    const early = alive({ timeout: 6000, killSignal: 'SIGKILL' }, (code, ks) => assert.strictEqual(ks, 'SIGTERM'));
    setTimeout(() => early.kill(), 1);
    // The abort listener is removed at exit.
    const controller = new AbortController();
    const { signal } = controller;
    const listened = alive({ timeout: 6000, signal }, () => assert.strictEqual(getEventListeners(signal, 'abort').length, 0));
    assert.strictEqual(getEventListeners(signal, 'abort').length, 1);
    setTimeout(() => listened.kill(), 1);
    assert.throws(() => cp.spawn('sleep', ['30'], { timeout: -1 }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => cp.spawn('sleep', ['30'], { killSignal: 'SIGNOPE' }), { code: 'ERR_UNKNOWN_SIGNAL' });
    const started = Date.now();
    await Promise.all(ends);
    assert.ok(Date.now() - started < 5000, 'a timeout of 6000 ms kept a child alive');
    c.verify();
  });

  test(`${name}: ref/unref: an unref'd child does not keep the event loop alive; ref() does again`, () => {
    const r = runChild(`
      const cp = require(${JSON.stringify(requireName(name))});
      const t0 = Date.now();
      const held = cp.spawn('sleep', ['1'], { stdio: 'ignore' });
      held.unref();
      held.ref();
      held.on('exit', () => out({ held: Date.now() - t0 }));
      const free = cp.spawn('sleep', ['30'], { stdio: 'ignore' });
      free.unref();
      free.on('exit', () => out({ free: 'exited' }));
      process.on('exit', () => process.kill(free.pid));`);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    // The program ended after 'held' did (its 'exit' came) and without waiting for 'free'.
    assert.ok(r.result.held >= 900, JSON.stringify(r.result));
  });
}
