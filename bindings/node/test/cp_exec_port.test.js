'use strict';
// exec and execFile (issue 20): Node v20's own tests of them, ported case by case
// (test/parallel/test-child-process-exec-*.js, -execfile*.js, -execFile-promisified-
// abortController.js, -promisified.js, -bad-stdio.js, -reject-null-bytes.js and the execFile
// half of -spawn-typeerror.js), each run in three columns:
//   1. child_process itself (the peer),
//   2. lib/child_process/exec.js on child_process.spawn (the port: must match column 1),
//   3. require('librns') (exec.js on librns's own spawn, once the lead wires it).
// common.mustCall becomes a count checked after the call; fixtures become `node -e` or sh.
// Where a case also compares with the peer, the peer runs the same call beside it.

const { describe, it } = require('node:test');
const assert = require('node:assert');
const cp = require('child_process');
const { getEventListeners } = require('events');
const fs = require('fs');
const { promisify, getSystemErrorName } = require('util');
const makeExec = require('../lib/child_process/exec');
const rns = require('..');
const { searchablePath } = require('./helpers');

const node = process.execPath;
// A name not found must be ENOENT, as in Node's tests: as uid 65534, a directory of PATH that
// user cannot search (root's ~/.cargo/bin) would make it EACCES, for the peer as for the port.
process.env.PATH = searchablePath();

const columns = [
  { name: 'child_process (peer)', api: cp, ChildProcess: cp.ChildProcess },
  { name: 'exec.js on child_process.spawn', api: makeExec(cp.spawn), ChildProcess: cp.ChildProcess },
  { name: 'librns', api: rns, ChildProcess: /** @type {any} */ (rns).ChildProcess },
];

/**
 * Starts a call with a callback (run(cb) returns the child) and resolves with the first
 * callback's { err, stdout, stderr }, plus `child` and `calls` (counted a little after the
 * first, so a second call shows).
 */
function result(run) {
  return new Promise((resolve) => {
    let calls = 0;
    let first;
    const child = run((err, stdout, stderr) => {
      calls += 1;
      if (calls > 1) return;
      first = { err, stdout, stderr };
      setTimeout(() => resolve({ ...first, child, calls }), 30);
    });
  });
}

/** result(), asserting the callback ran exactly once. */
async function once(run) {
  const r = await result(run);
  assert.strictEqual(r.calls, 1, 'callback called more than once');
  return r;
}

/** Resolves when a child has emitted 'close'. */
const closed = (child) => new Promise((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) {
    if (child.stdout === null || child.stdout.destroyed) return setImmediate(resolve);
  }
  child.on('close', resolve);
});

/** The fields of an error child_process's exec callback gives, for comparing columns. */
const fields = (e) => e && {
  name: e.name, message: e.message, code: e.code, killed: e.killed, signal: e.signal, cmd: e.cmd,
  errno: e.errno, syscall: e.syscall, path: e.path, spawnargs: e.spawnargs,
};

/** What a call did: { threw } (name, code, message) or { ok } — for comparing with the peer. */
function outcome(fn) {
  try {
    const child = fn();
    return { ok: true, child };
  } catch (e) {
    return { threw: { name: e.name, code: e.code, message: e.message } };
  }
}

/** A shell-quoted `node -e CODE` command line. */
const nodeCmd = (code, ...args) => [`"${node}"`, '-e', `"${code}"`, ...args].join(' ');

for (const col of columns) {
  describe(col.name, () => {
    const { exec, execFile } = col.api;

    // test-child-process-exec-maxbuf.js
    it('exec maxBuffer: default, Infinity, cut at maxBuffer bytes, setEncoding after exec', async () => {
      const maxChecks = (r, streamName, expected) => {
        assert.ok(r.err instanceof RangeError, String(r.err));
        assert.strictEqual(r.err.message, `${streamName} maxBuffer length exceeded`);
        assert.strictEqual(r.err.code, 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER');
        assert.deepStrictEqual(r[streamName], expected);
      };
      const unicode = '中文测试'; // length 4, 12 bytes
      const big = nodeCmd("console.log('a'.repeat(1024 * 1024))");
      const fits = nodeCmd("console.log('a'.repeat(1024 * 1024 - 1))");
      const cases = [
        once((cb) => exec(big, cb)).then((r) => maxChecks(r, 'stdout', 'a'.repeat(1024 * 1024))),
        once((cb) => exec(fits, cb)).then((r) => {
          assert.ifError(r.err);
          assert.strictEqual(r.stdout.trim(), 'a'.repeat(1024 * 1024 - 1));
          assert.strictEqual(r.stderr, '');
        }),
        once((cb) => exec(nodeCmd("console.log('hello world');"), { maxBuffer: Infinity }, cb)).then((r) => {
          assert.ifError(r.err);
          assert.strictEqual(r.stdout.trim(), 'hello world');
          assert.strictEqual(r.stderr, '');
        }),
        once((cb) => exec('echo hello world', { maxBuffer: 5 }, cb)).then((r) => maxChecks(r, 'stdout', 'hello')),
        once((cb) => exec(nodeCmd(`console.log('${unicode}');`), { maxBuffer: 10 }, cb))
          .then((r) => maxChecks(r, 'stdout', '中文测试\n')),
        once((cb) => exec(nodeCmd(`console.error('${unicode}');`), { maxBuffer: 3 }, cb))
          .then((r) => maxChecks(r, 'stderr', '中文测')),
        once((cb) => {
          const child = exec(nodeCmd(`console.log('${unicode}');`), { encoding: null, maxBuffer: 10 }, cb);
          child.stdout.setEncoding('utf-8');
          return child;
        }).then((r) => maxChecks(r, 'stdout', '中文测试\n')),
        once((cb) => {
          const child = exec(nodeCmd(`console.error('${unicode}');`), { encoding: null, maxBuffer: 3 }, cb);
          child.stderr.setEncoding('utf-8');
          return child;
        }).then((r) => maxChecks(r, 'stderr', '中文测')),
        once((cb) => exec(nodeCmd(`console.error('${unicode}');`), { encoding: null, maxBuffer: 5 }, cb))
          .then((r) => maxChecks(r, 'stderr', Buffer.from(unicode).subarray(0, 5))),
      ];
      await Promise.all(cases);
    });

    // test-child-process-execfile-maxbuf.js
    it('execFile maxBuffer: default, Infinity, multi-byte output, setEncoding after execFile', async () => {
      const tooBig = (streamName) => (r) => {
        assert.ok(r.err instanceof RangeError, String(r.err));
        assert.strictEqual(r.err.message, `${streamName} maxBuffer length exceeded`);
        assert.strictEqual(r.err.code, 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER');
      };
      const unicode = '中文测试';
      const cases = [
        once((cb) => execFile(node, ['-e', 'console.log("a".repeat(1024 * 1024))'], cb)).then(tooBig('stdout')),
        once((cb) => execFile(node, ['-e', 'console.log("a".repeat(1024 * 1024 - 1))'], cb)).then((r) => {
          assert.ifError(r.err);
          assert.strictEqual(r.stdout.trim(), 'a'.repeat(1024 * 1024 - 1));
          assert.strictEqual(r.stderr, '');
        }),
        once((cb) => execFile(node, ['-e', 'console.log("hello world");'], { maxBuffer: Infinity }, cb)).then((r) => {
          assert.ifError(r.err);
          assert.strictEqual(r.stdout.trim(), 'hello world');
        }),
        once((cb) => execFile('echo', ['hello world'], { maxBuffer: 5 }, cb)).then(tooBig('stdout')),
        once((cb) => execFile(node, ['-e', `console.log('${unicode}');`], { maxBuffer: 10 }, cb)).then(tooBig('stdout')),
        once((cb) => execFile(node, ['-e', `console.error('${unicode}');`], { maxBuffer: 10 }, cb)).then(tooBig('stderr')),
        once((cb) => {
          const child = execFile(node, ['-e', `console.log('${unicode}');`], { encoding: null, maxBuffer: 10 }, cb);
          child.stdout.setEncoding('utf-8');
          return child;
        }).then(tooBig('stdout')),
        once((cb) => {
          const child = execFile(node, ['-e', `console.error('${unicode}');`], { encoding: null, maxBuffer: 10 }, cb);
          child.stderr.setEncoding('utf-8');
          return child;
        }).then(tooBig('stderr')),
      ];
      await Promise.all(cases);
    });

    // test-child-process-execfile.js
    it('execFile: the error names the arguments; a negative code is a UV name; shell', async () => {
      const failed = await once((cb) => execFile(node, ['-e', 'process.exit(process.argv[1])', 42], cb));
      assert.strictEqual(failed.err.message.trim(), `Command failed: ${node} -e process.exit(process.argv[1]) 42`);
      assert.strictEqual(failed.err.code, 42);

      const negative = await once((cb) => {
        const child = execFile(node, cb);
        child.kill();
        child.emit('close', -1, null);
        return child;
      });
      assert.strictEqual(negative.err.toString().trim(), `Error: Command failed: ${node}`);
      assert.strictEqual(negative.err.code, getSystemErrorName(-1));
      assert.strictEqual(negative.err.killed, true);
      assert.strictEqual(negative.err.signal, null);
      assert.strictEqual(negative.err.cmd, node);
      assert.strictEqual(negative.stdout.trim(), '');
      assert.strictEqual(negative.stderr.trim(), '');
      await closed(negative.child);

      const shell = await once((cb) => execFile(node, ['-e', "'process.exit(process.argv[1])'", 0],
        { encoding: 'utf8', shell: true }, cb));
      assert.ifError(shell.err);
    });

    it('execFile: options.signal aborts (before and after the start), is checked, its listener removed', async () => {
      const aborted = (r) => {
        assert.strictEqual(r.err.code, 'ABORT_ERR');
        assert.strictEqual(r.err.name, 'AbortError');
        assert.strictEqual(r.err.signal, undefined);
      };
      const ac = new AbortController();
      const running = once((cb) => execFile(node, ['-e', 'setTimeout(() => {}, 5000)'], { signal: ac.signal }, cb));
      ac.abort();
      aborted(await running);
      aborted(await once((cb) => execFile(node, ['-e', '0'], { signal: AbortSignal.abort() }, cb)));

      let calls = 0;
      assert.throws(() => execFile(node, ['-e', '0'], { signal: 'hello' }, () => { calls += 1; }),
        { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });

      const kept = new AbortController();
      const done = await once((cb) => execFile(node, ['-e', '0'], { signal: kept.signal }, (err, ...rest) => {
        calls += getEventListeners(kept.signal).length; // 0 once the child has exited
        cb(err, ...rest);
      }));
      assert.strictEqual(done.err, null);
      assert.strictEqual(calls, 0);
    });

    it('execFile: stdout as execFileSync gives it, with options null and { shell: true }', async () => {
      for (const options of [null, { shell: true }]) {
        const sync = cp.execFileSync('echo', ['foo', 'bar'], options);
        assert.deepStrictEqual(sync, Buffer.from('foo bar\n'));
        const r = await once((cb) => execFile('echo', ['foo', 'bar'], options, cb));
        assert.deepStrictEqual(Buffer.from(r.stdout), sync);
      }
    });

    // test-child-process-promisified.js
    it('util.promisify: { stdout, stderr }, promise.child, rejections carry stdout and stderr', async () => {
      const pExec = promisify(exec);
      const pExecFile = promisify(execFile);
      const checkChild = (p) => assert.ok(p.child instanceof col.ChildProcess, 'promise.child is a ChildProcess');

      const p1 = pExec(`"${node}" -p 42`);
      checkChild(p1);
      assert.deepStrictEqual(await p1, { stdout: '42\n', stderr: '' });
      const p2 = pExecFile(node, ['-p', '42']);
      checkChild(p2);
      assert.deepStrictEqual(await p2, { stdout: '42\n', stderr: '' });

      for (const start of [() => pExec('doesntexist'), () => pExecFile('doesntexist', ['-p', '42'])]) {
        const p = start();
        checkChild(p);
        await assert.rejects(p, (err) => err.message.includes('doesntexist'));
      }
      const failing = 'console.log(42);console.error(43);process.exit(1)';
      for (const start of [() => pExec(nodeCmd(failing)), () => pExecFile(node, ['-e', failing])]) {
        await assert.rejects(start(), (err) => {
          assert.strictEqual(err.code, 1);
          assert.strictEqual(err.stdout, '42\n');
          assert.strictEqual(err.stderr, '43\n');
          return true;
        });
      }
    });

    // test-child-process-exec-abortcontroller-promisified.js and
    // test-child-process-execFile-promisified-abortController.js (v20: a bad signal throws
    // at the call, as spawn checks it; later Node versions reject instead)
    it('util.promisify with options.signal: AbortError; a bad signal is refused at the call', async () => {
      const pExec = promisify(exec);
      const pExecFile = promisify(execFile);
      // `exec` so the signal reaches sleep itself: dash forks for a last command, and a sleep
      // left behind would keep running after the test (Node's test runs 'sleep 2m')
      const waitCommand = 'exec sleep 120';
      const ac = new AbortController();
      const p = pExec(waitCommand, { signal: ac.signal });
      ac.abort();
      await assert.rejects(p, /AbortError/);
      const pre = new AbortController();
      pre.abort();
      await assert.rejects(pExec(waitCommand, { signal: pre.signal }), /AbortError/);
      const ac2 = new AbortController();
      const p2 = pExecFile(node, ['-e', 'setTimeout(() => {}, 5000)'], { signal: ac2.signal });
      ac2.abort();
      await assert.rejects(p2, { name: 'AbortError' });
      await assert.rejects(pExecFile(node, ['-e', '0'], { signal: AbortSignal.abort() }), { name: 'AbortError' });

      const invalid = { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' };
      assert.throws(() => pExec(waitCommand, { signal: {} }), invalid);
      assert.throws(() => pExec(waitCommand, { signal() {} }), invalid);
      assert.throws(() => pExecFile(node, ['-e', '0'], { signal: {} }), {
        ...invalid,
        message: 'The "options.signal" property must be an instance of AbortSignal. Received an instance of Object',
      });
      assert.throws(() => pExecFile(node, ['-e', '0'], { signal: 'world!' }), {
        ...invalid,
        message: 'The "options.signal" property must be an instance of AbortSignal. Received type string (\'world!\')',
      });
    });

    // test-child-process-exec-cwd.js, -exec-env.js, -exec-error.js
    it('exec: cwd, env, a command that is not there (127) and execFile of one (ENOENT)', async () => {
      const cwd = await once((cb) => exec('pwd', { cwd: '/dev' }, cb));
      assert.ifError(cwd.err);
      assert.ok(cwd.stdout.startsWith('/dev'), cwd.stdout);

      let response = '';
      const env = await once((cb) => {
        const child = exec('/usr/bin/env', { env: { HELLO: 'WORLD' } }, cb);
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk) => { response += chunk; });
        return child;
      });
      assert.ifError(env.err);
      assert.notStrictEqual(env.stdout, '');
      assert.ok(response.includes('HELLO=WORLD'), response);

      const viaShell = await once((cb) => exec('does-not-exist', cb));
      assert.strictEqual(viaShell.err.code, 127);
      assert.ok(viaShell.err.cmd.includes('does-not-exist'));
      const direct = await once((cb) => execFile('does-not-exist', cb));
      assert.strictEqual(direct.err.code, 'ENOENT');
      assert.ok(direct.err.cmd.includes('does-not-exist'));
    });

    // test-child-process-exec-encoding.js, -exec-std-encoding.js
    it('exec: encoding utf8 (default) gives strings; undefined, null, buffer, an unknown one Buffers', async () => {
      const cmd = nodeCmd("console.log('foo'); console.error('bar')");
      for (const options of [{}, { encoding: 'utf8' }]) {
        const r = await once((cb) => exec(cmd, options, cb));
        assert.ifError(r.err);
        assert.strictEqual(r.stdout, 'foo\n');
        assert.strictEqual(r.stderr, 'bar\n');
      }
      for (const encoding of [undefined, null, 'buffer', 'invalid']) {
        const r = await once((cb) => exec(cmd, { encoding }, cb));
        assert.ifError(r.err);
        assert.ok(Buffer.isBuffer(r.stdout) && Buffer.isBuffer(r.stderr), `encoding ${encoding}`);
        assert.strictEqual(r.stdout.toString(), 'foo\n');
        assert.strictEqual(r.stderr.toString(), 'bar\n');
      }
      const std = await once((cb) => {
        const child = exec(cmd, cb);
        child.stdout.encoding = 'utf-8';
        return child;
      });
      assert.ifError(std.err);
      assert.strictEqual(std.stdout, 'foo\n');
      assert.strictEqual(std.stderr, 'bar\n');
    });

    // test-child-process-exec-stdout-stderr-data-string.js
    it("exec: the child's stdout and stderr give 'data' (strings) to the caller's own listeners", async () => {
      let stdoutCalls = 0;
      let stderrCalls = 0;
      const a = exec('ls');
      a.stdout.on('data', () => { stdoutCalls += 1; });
      const b = exec('fhqwhgads');
      b.stderr.on('data', (data) => {
        assert.strictEqual(typeof data, 'string');
        stderrCalls += 1;
      });
      await Promise.all([closed(a), closed(b)]);
      assert.ok(stdoutCalls > 0);
      assert.ok(stderrCalls > 0);
    });

    // test-child-process-exec-kill-throws.js (kill patched on the child rather than on
    // internal/child_process's prototype)
    it('exec: when kill() throws past maxBuffer, its error is the result', async () => {
      const r = await once((cb) => {
        const child = exec(nodeCmd("console.log('foo')"), { maxBuffer: 0, killSignal: 'SIGKILL' }, cb);
        const kill = child.kill;
        child.kill = function (...args) {
          kill.apply(this, args);
          throw new Error('mock error');
        };
        return child;
      });
      assert.strictEqual(r.err.message, 'mock error');
      assert.strictEqual(r.stdout, '');
      assert.strictEqual(r.stderr, '');
      assert.strictEqual(r.child.killed, true);
    });

    // test-child-process-exec-timeout-expire.js, -timeout-kill.js (v20: no err.timedOut)
    it('exec: timeout kills with SIGTERM, or options.killSignal', async () => {
      // `exec`: the signal reaches node itself, not only the shell (dash forks for it)
      const cmd = `exec ${nodeCmd("setTimeout(() => { console.log('child stdout'); console.error('child stderr'); }, 5000)")}`;
      for (const [killSignal, signal] of [[undefined, 'SIGTERM'], ['SIGKILL', 'SIGKILL']]) {
        const r = await once((cb) => exec(cmd, { timeout: 1, killSignal }, cb));
        assert.strictEqual(r.err.killed, true);
        assert.strictEqual(r.err.code, null);
        assert.strictEqual(r.err.signal, signal);
        assert.strictEqual(r.err.cmd, cmd);
        assert.strictEqual(r.stdout.trim(), '');
        assert.strictEqual(r.stderr.trim(), '');
      }
    });

    // test-child-process-exec-timeout-not-expired.js (v20: no timedOut)
    it('exec: a timeout that does not expire; one that fires after the exit while a descendant holds stdout', async () => {
      const enoent = await once((cb) => execFile('this-command-does-not-exist', { timeout: 2 ** 30 }, cb));
      assert.strictEqual(enoent.err.code, 'ENOENT');

      const late = await once((cb) => execFile(node, ['-e', `
        const { spawn } = require('child_process');
        spawn(process.execPath, ['-e', 'setTimeout(() => {}, 3000)'], { stdio: 'inherit' }).unref();
      `], { timeout: 1000 }, cb));
      assert.ifError(late.err);
      assert.strictEqual(late.child.exitCode, 0);
      // The same with a failing exit: err.killed says the timeout tried, though the kill found
      // the child gone (child.killed stays false).
      const lateFail = await once((cb) => execFile(node, ['-e', `
        const { spawn } = require('child_process');
        spawn(process.execPath, ['-e', 'setTimeout(() => {}, 3000)'], { stdio: 'inherit' }).unref();
        process.exitCode = 3;
      `], { timeout: 1000 }, cb));
      assert.strictEqual(lateFail.err.code, 3);
      assert.strictEqual(lateFail.err.killed, true);
      assert.strictEqual(lateFail.child.killed, false);

      const cmd = nodeCmd("setTimeout(() => { console.log('child stdout'); console.error('child stderr'); }, 100)");
      const r = await once((cb) => exec(cmd, { timeout: 2 ** 30 }, cb));
      assert.ifError(r.err);
      assert.strictEqual(r.stdout.trim(), 'child stdout');
      assert.strictEqual(r.stderr.trim(), 'child stderr');
    });

    // test-child-process-bad-stdio.js (ChildProcess.prototype.spawn patched to drop stdout/stderr)
    it('exec: a child without stdout/stderr streams: success, an emitted error, a timeout', async (t) => {
      const proto = col.ChildProcess?.prototype;
      if (typeof proto?.spawn !== 'function') {
        return t.skip(`${col.name}'s ChildProcess has no prototype.spawn to patch (the case drops the streams there)`);
      }
      const cmd = nodeCmd('setTimeout(() => {}, 1000)');
      const start = (options, cb) => {
        const original = proto.spawn;
        proto.spawn = function (...args) {
          const err = original.apply(this, args);
          this.stdout.destroy();
          this.stderr.destroy();
          this.stdout = null;
          this.stderr = null;
          return err;
        };
        try {
          return exec(cmd, options, cb);
        } finally {
          proto.spawn = original;
        }
      };
      const normal = await once((cb) => start({}, cb));
      assert.deepStrictEqual([normal.err, normal.stdout, normal.stderr], [null, '', '']);
      const error = new Error('foo');
      const emitted = await once((cb) => {
        const child = start({}, cb);
        child.emit('error', error);
        return child;
      });
      assert.deepStrictEqual([emitted.err, emitted.stdout, emitted.stderr], [error, '', '']);
      await closed(emitted.child);
      const killed = await once((cb) => start({ timeout: 1 }, cb));
      assert.strictEqual(killed.err.killed, true);
      assert.deepStrictEqual([killed.stdout, killed.stderr], ['', '']);
    });

    // test-child-process-reject-null-bytes.js (the exec/execFile cases), each error also
    // compared with the peer's
    it('exec/execFile: a NUL byte in the command, file, args, cwd, argv0, shell or env is refused as by the peer', () => {
      const calls = [
        ['exec', [`${node} AAA BBB\0XXX CCC`]],
        ['exec', ['BBB\0XXX AAA CCC']],
        ['execFile', ['BBB\0XXX']],
        ['execFile', [node, ['AAA', 'BBB\0XXX', 'CCC']]],
        ['exec', [node, { cwd: 'BBB\0XXX' }]],
        ['execFile', [node, { cwd: 'BBB\0XXX' }]],
        ['exec', [node, { argv0: 'BBB\0XXX' }]],
        ['execFile', [node, { argv0: 'BBB\0XXX' }]],
        ['exec', [node, { shell: 'BBB\0XXX' }]],
        ['execFile', [node, { shell: 'BBB\0XXX' }]],
        ['exec', [node, { env: { AAA: 'BBB\0XXX' } }]],
        ['exec', [node, { env: { 'BBB\0XXX': 'AAA' } }]],
        ['execFile', [node, { env: { AAA: 'BBB\0XXX' } }]],
        ['execFile', [node, { env: { 'BBB\0XXX': 'AAA' } }]],
      ];
      let called = 0;
      const cb = () => { called += 1; };
      for (const [fn, args] of calls) {
        const ours = outcome(() => col.api[fn](...args, cb));
        assert.strictEqual(ours.threw?.code, 'ERR_INVALID_ARG_VALUE', `${fn} ${JSON.stringify(args)}`);
        assert.strictEqual(ours.threw?.name, 'TypeError');
        assert.deepStrictEqual(ours, outcome(() => cp[fn](...args, cb)), `${fn} ${JSON.stringify(args)}: not as the peer`);
      }
      assert.strictEqual(called, 0);
    });

    // test-child-process-spawn-typeerror.js (execFile's argument shapes; v20 checks the
    // callback, so (f, a, o, 'string') throws), and the option checks, errors compared with the peer's
    it("execFile's argument shapes and option checks: the peer's errors", async () => {
      const a = [];
      const o = {};
      const c = () => {};
      const s = 'string';
      const shapes = {
        ok: [[], [a], [a, o], [a, o, c], [a, c], [o], [o, c], [c], [undefined, o, c], [a, undefined, c],
          [a, o, undefined], [null, o, c], [a, null, c], [a, o, null]],
        throws: [[s, o, c], [a, s, c], [a, o, s], [a, [], c]],
      };
      const children = [];
      for (const [want, list] of Object.entries(shapes)) {
        for (const args of list) {
          const ours = outcome(() => execFile('ls', ...args));
          if (ours.child) children.push(ours.child);
          assert.strictEqual(!!ours.ok, want === 'ok', `execFile('ls', ${args.map(String)}): ${JSON.stringify(ours)}`);
          if (ours.threw) {
            assert.strictEqual(ours.threw.name, 'TypeError');
            assert.deepStrictEqual(ours, outcome(() => cp.execFile('ls', ...args)));
          }
        }
      }
      const bad = [
        ['execFile', [1]], ['exec', [1]], ['exec', ['true', {}, 'x']],
        ['execFile', ['true', { timeout: -1 }]], ['execFile', ['true', { timeout: 1.5 }]],
        ['execFile', ['true', { maxBuffer: -1 }]], ['execFile', ['true', { maxBuffer: '1' }]],
        ['execFile', ['true', { killSignal: 'SIGFOO' }]], ['execFile', ['true', { killSignal: {} }]],
        ['execFile', ['true', { killSignal: 999 }]], ['execFile', ['true', { argv0: 1 }]],
        ['execFile', ['true', { shell: 1 }]], ['execFile', ['true', { cwd: 1 }]],
        ['execFile', ['true', { uid: 1.5 }]], ['exec', ['true', { timeout: -1 }]],
        // a function in the options' place is the callback, and its own properties are
        // still read as options (Node spreads it)
        ['execFile', ['true', [], Object.assign(() => {}, { maxBuffer: -1 })]],
      ];
      for (const [fn, args] of bad) {
        const ours = outcome(() => col.api[fn](...args));
        assert.ok(ours.threw, `${fn} ${JSON.stringify(args)} did not throw`);
        assert.deepStrictEqual(ours, outcome(() => cp[fn](...args)), `${fn} ${JSON.stringify(args)}: not as the peer`);
      }
      await Promise.all(children.map(closed));
    });

    // Beyond Node's tests: the callback's error and output for commands that fail in each way
    // (exit status, signal, stderr, an encoding other than utf8), compared with the peer's.
    it("failures and encodings: the callback's (err, stdout, stderr) as the peer's", async () => {
      const calls = [
        ['exec', ['echo out; echo err >&2; exit 3']],
        ['exec', ['kill -9 $$']],
        ['execFile', ['sh', ['-c', 'kill -TERM $$'], {}]],
        ['execFile', ['sh', ['-c', 'printf "\\377\\001"'], { encoding: 'latin1' }]],
        ['execFile', ['sh', ['-c', 'printf "\\377\\001"; exit 1'], { encoding: 'hex' }]],
        ['execFile', ['printf', ['abc'], { encoding: 'base64' }]],
        ['execFile', ['sh', ['-c', 'echo $0'], { argv0: 'other' }]],
        ['exec', ['echo $0', { shell: '/bin/bash' }]],
        ['execFile', ['echo', ['a', 'b'], { shell: '/bin/sh' }]],
        ['execFile', ['./missing', ['x']]],
        ['exec', ['echo "$X"', { env: { X: 'set', PATH: process.env.PATH } }]],
        ['execFile', ['sh', ['-c', 'echo out; echo err >&2; exit 2'], { encoding: 'buffer' }]],
        ['exec', ['echo hi', { encoding: 'UTF-8' }]],
        ['exec', ['echo hi', 'not options']],
        ['execFile', ['true', [], { maxBuffer: 0 }]],
        ['exec', ['exec sleep 5', { timeout: 50, killSignal: 9 }]],
      ];
      for (const [fn, args] of calls) {
        const what = `${fn} ${JSON.stringify(args)}`;
        const [ours, peer] = await Promise.all([
          once((cb) => col.api[fn](...args, cb)),
          once((cb) => cp[fn](...args, cb)),
        ]);
        assert.deepStrictEqual(fields(ours.err), fields(peer.err), `${what}: error`);
        assert.deepStrictEqual([ours.stdout, ours.stderr], [peer.stdout, peer.stderr], `${what}: output`);
      }
    });

    it('execFile with uid and gid: the program runs as them; refused as by the peer when not allowed', async (t) => {
      const ids = (uid, gid) => once((cb) => execFile('sh', ['-c', 'echo $(id -u) $(id -g)'], { uid, gid }, cb));
      const nobody = await ids(65534, 65534);
      assert.ifError(nobody.err);
      assert.strictEqual(nobody.stdout, '65534 65534\n');
      await t.test('another uid and gid (needs root)', async (t2) => {
        if (process.getuid() !== 0) return t2.skip(`needs root to change uid (running as uid ${process.getuid()})`);
        const other = await ids(4242, 4343);
        assert.ifError(other.err);
        assert.strictEqual(other.stdout, '4242 4343\n');
      });
      await t.test('uid 0 refused (needs a non-root uid)', async (t2) => {
        if (process.getuid() === 0) return t2.skip('runs as root: uid 0 is allowed');
        // Node's spawn throws this one at the call (libuv's EPERM is no 'error' event)
        const ours = outcome(() => execFile('true', { uid: 0 }, () => {}));
        assert.strictEqual(ours.threw?.code, 'EPERM', JSON.stringify(ours));
        assert.deepStrictEqual(ours, outcome(() => cp.execFile('true', { uid: 0 }, () => {})));
      });
    });
  });
}
