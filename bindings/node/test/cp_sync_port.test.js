'use strict';
// lib/child_process/sync.js (spawnSync, execFileSync, execSync) against child_process itself:
// Node's own tests ported, each case run once with child_process and once with librns's
// (a loop over the two), so both must pass the same assertions. Ported from Node's
// test/parallel/test-child-process-spawnsync.js, -spawnsync-input.js, -spawnsync-maxbuf.js,
// -spawnsync-timeout.js, -spawnsync-kill-signal.js, -spawnsync-env.js, -spawnsync-args.js,
// -spawnsync-shell.js, -spawnsync-validation-errors.js, -execfilesync-maxbuf.js,
// -execsync-maxbuf.js and test/sequential/test-child-process-execsync.js. Node's fixtures
// (a node child) become sh and coreutils commands where that keeps the case; the cases left
// out are listed in README.md ("child_process's own tests", spawnSync).

const test = require('node:test');
const assert = require('node:assert');
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { getSystemErrorName } = require('util');
const sync = require('../lib/child_process/sync');
const { searchablePath } = require('./helpers');

const IMPLS = [['child_process', cp], ['librns', require('..')]];

// Node's cases expect ENOENT for a name on no PATH directory. As uid 65534 the inherited
// PATH starts with /root/... directories this user may not search, where execvp (and both
// implementations, alike) report EACCES instead: keep the ones it can search.
process.env.PATH = searchablePath();
const SYNC_PATH = require.resolve('../lib/child_process/sync');

/** Defines the case once per implementation: fn(impl, name). */
function both(title, fn) {
  for (const [name, impl] of IMPLS) test(`${title} [${name}]`, () => fn(impl, name));
}

/** The fields of Node's spawnSync error (librns adds step and detail). */
const errorFields = (e) => ({ name: e.name, message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path, spawnargs: e.spawnargs });

// --- test-child-process-spawnsync.js ---------------------------------------------------

both('spawnsync: exit status, ENOENT error, cwd, encoding', ({ spawnSync }) => {
  assert.strictEqual(spawnSync('sleep', ['0']).status, 0);
  const err = spawnSync('command_does_not_exist', ['bar']).error;
  assert.strictEqual(err.code, 'ENOENT');
  assert.strictEqual(err.errno, -2); // Node 20: a number (the ported test's 'ENOENT' is from Node 0.12)
  assert.strictEqual(err.syscall, 'spawnSync command_does_not_exist');
  assert.strictEqual(err.path, 'command_does_not_exist');
  assert.deepStrictEqual(err.spawnargs, ['bar']);
  assert.strictEqual(spawnSync('pwd', [], { cwd: '/' }).stdout.toString().trim(), '/');
  const noEncoding = spawnSync('pwd');
  const bufferEncoding = spawnSync('pwd', { encoding: 'buffer' });
  const utf8Encoding = spawnSync('pwd', { encoding: 'utf8' });
  assert.deepStrictEqual(noEncoding.output, bufferEncoding.output);
  assert.deepStrictEqual([null, noEncoding.stdout.toString(), noEncoding.stderr.toString()], utf8Encoding.output);
});

both('spawnsync: a failed start has Node\'s result (pid 0, output null)', ({ spawnSync }, name) => {
  const ret = spawnSync('/nonexistent/prog', ['a']);
  assert.deepStrictEqual(Object.keys(ret), ['error', 'status', 'signal', 'output', 'pid', 'stdout', 'stderr']);
  assert.deepStrictEqual({ ...ret, error: undefined }, { error: undefined, status: null, signal: null, output: null, pid: 0, stdout: null, stderr: null });
  assert.strictEqual(ret.error.message, 'spawnSync /nonexistent/prog ENOENT');
  if (name === 'librns') assert.strictEqual(ret.error.step, 'exec');
  const cwd = spawnSync('pwd', { cwd: '/nonexistent' }).error;
  assert.deepStrictEqual(errorFields(cwd), errorFields(cp.spawnSync('pwd', { cwd: '/nonexistent' }).error));
  if (name === 'librns') assert.strictEqual(cwd.step, 'cwd');
});

both('spawnsync: what the child refuses is the result\'s error: cwd \'\', uid or gid -1, a closed fd', ({ spawnSync }) => {
  const code = (opts) => spawnSync('true', opts).error?.code;
  assert.strictEqual(code({ cwd: '' }), 'ENOENT');
  assert.strictEqual(code({ uid: -1 }), 'EINVAL');
  assert.strictEqual(code({ gid: -1 }), 'EINVAL');
  const bad = spawnSync('true', { stdio: [0, 1, 2, 99] });
  assert.strictEqual(bad.error.code, 'EBADF');
  assert.strictEqual(bad.error.syscall, 'spawnSync true');
  assert.strictEqual(bad.pid, 0);
});

// --- test-child-process-spawnsync-input.js ---------------------------------------------

const msgOut = 'this is stdout';
const msgErr = 'this is stderr';
const outErrScript = ['-c', `echo "${msgOut}"; echo "${msgErr}" >&2`];

both('spawnsync-input: stdio inherit in a child passes its output up', (impl, name) => {
  const mod = name === 'librns' ? SYNC_PATH : 'child_process';
  for (const stdio of ["'inherit'", "['inherit', 'inherit', 'inherit']"]) {
    const code = `const r = require(${JSON.stringify(mod)}).spawnSync('sh', ${JSON.stringify(outErrScript)}, { stdio: ${stdio} });
      if (r.status !== 0 || r.error !== undefined) process.exit(9);`;
    const ret = cp.spawnSync(process.execPath, ['-e', code]);
    assert.strictEqual(ret.status, 0);
    assert.strictEqual(ret.stdout.toString(), `${msgOut}\n`);
    assert.strictEqual(ret.stderr.toString(), `${msgErr}\n`);
  }
});

both('spawnsync-input: input as string, Buffer, Uint8Array; a number refused', ({ spawnSync }) => {
  const thrown = (() => {
    try {
      spawnSync('cat', [], { input: 1234 });
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.strictEqual(thrown.name, 'TypeError');
  assert.strictEqual(thrown.code, 'ERR_INVALID_ARG_TYPE');
  assert.strictEqual(thrown.message, 'The "options.stdio[0]" property must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (1234)');
  let ret = spawnSync('cat', [], { input: 'hello world' });
  assert.strictEqual(ret.status, 0);
  assert.strictEqual(ret.error, undefined);
  assert.strictEqual(ret.stdout.toString('utf8'), 'hello world');
  assert.strictEqual(ret.stderr.toString('utf8'), '');
  ret = spawnSync('cat', [], { input: Buffer.from('hello world') });
  assert.deepStrictEqual(ret.stdout, Buffer.from('hello world'));
  assert.deepStrictEqual(ret.stderr, Buffer.from(''));
  const u8 = Uint8Array.from(Buffer.from('hello world'));
  ret = spawnSync('cat', [], { input: u8 });
  assert.deepStrictEqual(ret.stdout, Buffer.from(u8));
  ret = spawnSync('sh', outErrScript);
  assert.deepStrictEqual(ret.stdout, Buffer.from(`${msgOut}\n`));
  assert.deepStrictEqual(ret.stderr, Buffer.from(`${msgErr}\n`));
  ret = spawnSync('sh', outErrScript, { encoding: 'utf8' });
  assert.strictEqual(ret.stdout, `${msgOut}\n`);
  assert.strictEqual(ret.stderr, `${msgErr}\n`);
});

both('spawnsync-input: a DataView, a large input both ways, a string in the encoding', ({ spawnSync }) => {
  const bytes = Buffer.from('data view');
  const ret = spawnSync('cat', { input: new DataView(bytes.buffer, bytes.byteOffset, bytes.length) });
  assert.strictEqual(ret.stdout.toString(), 'data view');
  const big = Buffer.alloc(3 << 20, 'abcdefgh'); // more than a pipe holds: written and read in turns
  const echoed = spawnSync('cat', { input: big, maxBuffer: Infinity });
  assert.strictEqual(echoed.error, undefined);
  assert.ok(echoed.stdout.equals(big));
  assert.strictEqual(spawnSync('od', ['-An', '-tx1'], { input: 'é', encoding: 'latin1' }).stdout.trim(), 'e9');
});

both('spawnsync-input: the child not reading its input is EPIPE, with its status', ({ spawnSync }) => {
  const ret = spawnSync('true', { input: Buffer.alloc(4 << 20) });
  assert.strictEqual(ret.status, 0);
  assert.strictEqual(ret.error.code, 'EPIPE');
  assert.strictEqual(ret.error.syscall, 'spawnSync true');
});

// --- test-child-process-spawnsync-maxbuf.js, -execfilesync-maxbuf.js, -execsync-maxbuf.js

const msgOutBuf = Buffer.from(`${msgOut}\n`);
const echoOut = ['-c', `echo "${msgOut}"`];

both('spawnsync-maxbuf: past maxBuffer is ENOBUFS (the chunk kept); Infinity works', ({ spawnSync }) => {
  let ret = spawnSync('sh', echoOut, { maxBuffer: 1 });
  assert.ok(ret.error, 'maxBuffer should error');
  assert.strictEqual(ret.error.code, 'ENOBUFS');
  assert.strictEqual(ret.error.errno, -105);
  assert.deepStrictEqual(ret.stdout, msgOutBuf);
  ret = spawnSync('sh', echoOut, { maxBuffer: Infinity });
  assert.ifError(ret.error);
  assert.deepStrictEqual(ret.stdout, msgOutBuf);
});

both('spawnsync-maxbuf: stdout and stderr count together; exactly maxBuffer passes; 0 is no limit', ({ spawnSync }) => {
  assert.strictEqual(spawnSync('sh', ['-c', 'printf 123; printf 456 >&2'], { maxBuffer: 5 }).error.code, 'ENOBUFS');
  assert.strictEqual(spawnSync('sh', ['-c', 'printf 123; printf 45 >&2'], { maxBuffer: 5 }).error, undefined);
  assert.strictEqual(spawnSync('sh', ['-c', 'printf 123456'], { maxBuffer: 0 }).error, undefined);
  const killed = spawnSync('sh', ['-c', 'yes'], { maxBuffer: 100 });
  assert.strictEqual(killed.error.code, 'ENOBUFS');
  assert.strictEqual(killed.signal, 'SIGTERM');
  assert.strictEqual(killed.status, null);
});

both('execfilesync-maxbuf: ENOBUFS thrown with stdout; Infinity; default 1 MiB', ({ execFileSync }) => {
  assert.throws(() => execFileSync('sh', echoOut, { maxBuffer: 1 }), (e) => {
    assert.strictEqual(e.code, 'ENOBUFS');
    assert.strictEqual(getSystemErrorName(e.errno), 'ENOBUFS');
    assert.deepStrictEqual(e.stdout, msgOutBuf);
    return true;
  });
  assert.deepStrictEqual(execFileSync('sh', echoOut, { maxBuffer: Infinity }), msgOutBuf);
  assert.throws(() => execFileSync('head', ['-c', String(1024 * 1024 + 1), '/dev/zero']), (e) => {
    assert.strictEqual(e.code, 'ENOBUFS');
    return true;
  });
});

both('execsync-maxbuf: ENOBUFS thrown with stdout; Infinity; 1 MiB exactly passes', ({ execSync }) => {
  assert.throws(() => execSync(`echo "${msgOut}"`, { maxBuffer: 1 }), (e) => {
    assert.strictEqual(e.code, 'ENOBUFS');
    assert.strictEqual(getSystemErrorName(e.errno), 'ENOBUFS');
    assert.deepStrictEqual(e.stdout, msgOutBuf);
    return true;
  });
  assert.deepStrictEqual(execSync(`echo "${msgOut}"`, { maxBuffer: Infinity }), msgOutBuf);
  assert.throws(() => execSync(`head -c ${1024 * 1024 + 1} /dev/zero`), { code: 'ENOBUFS' });
  assert.strictEqual(execSync(`head -c ${1024 * 1024} /dev/zero`).length, 1024 * 1024);
});

// --- test-child-process-spawnsync-timeout.js, -spawnsync-kill-signal.js ----------------

const SLEEP = 5000;

both('spawnsync-timeout: ETIMEDOUT well before the child would end, killed', ({ spawnSync }) => {
  const start = Date.now();
  const ret = spawnSync('sleep', [String(SLEEP / 1000)], { timeout: 200 });
  assert.strictEqual(ret.error.code, 'ETIMEDOUT');
  assert.strictEqual(getSystemErrorName(ret.error.errno), 'ETIMEDOUT');
  assert.strictEqual(ret.error.syscall, 'spawnSync sleep');
  assert.ok(Date.now() - start < SLEEP);
  assert.ok(ret.status > 128 || ret.signal);
});

both('spawnsync-timeout: a child that ignores the signal is waited for; a grandchild holding the pipe is not', ({ spawnSync }) => {
  const trapped = spawnSync('sh', ['-c', 'trap "" TERM; sleep 0.5; exit 7'], { timeout: 100 });
  assert.strictEqual(trapped.error.code, 'ETIMEDOUT');
  assert.strictEqual(trapped.status, 7);
  const start = Date.now();
  const held = spawnSync('sh', ['-c', '(sleep 3; echo late) & echo early'], { timeout: 300, encoding: 'utf8' });
  assert.strictEqual(held.error.code, 'ETIMEDOUT');
  assert.strictEqual(held.stdout, 'early\n');
  assert.ok(Date.now() - start < 2500);
  const waited = spawnSync('sh', ['-c', '(sleep 0.3; echo late) & echo early'], { encoding: 'utf8' });
  assert.strictEqual(waited.stdout, 'early\nlate\n'); // no timeout: until every pipe is at its end
});

both('spawnsync-timeout: a child that writes without a pause still times out', ({ spawnSync }) => {
  const start = Date.now();
  const ret = spawnSync('sh', ['-c', 'while :; do echo x; done'], { timeout: 200, maxBuffer: Infinity });
  assert.strictEqual(ret.error.code, 'ETIMEDOUT');
  assert.strictEqual(ret.signal, 'SIGTERM');
  assert.ok(ret.stdout.length > 0);
  assert.ok(Date.now() - start < 3000);
});

both('spawnsync-kill-signal: unknown refused; default SIGTERM; by name; by number', ({ spawnSync }) => {
  const spawn = (killSignal) => {
    const child = spawnSync('sleep', ['10'], { killSignal, timeout: 100 });
    assert.strictEqual(child.status, null);
    assert.strictEqual(child.error.code, 'ETIMEDOUT');
    return child;
  };
  assert.throws(() => spawn('SIG_NOT_A_REAL_SIGNAL'), { code: 'ERR_UNKNOWN_SIGNAL', name: 'TypeError' });
  assert.strictEqual(spawn(undefined).signal, 'SIGTERM');
  assert.strictEqual(spawn('SIGKILL').signal, 'SIGKILL');
  assert.strictEqual(spawn(os.constants.signals.SIGKILL).signal, 'SIGKILL');
  assert.strictEqual(spawn('sigint').signal, 'SIGINT');
});

// --- test-child-process-spawnsync-env.js, -spawnsync-args.js ----------------------------

both('spawnsync-env: options.env is the environment', ({ spawnSync }) => {
  const child = spawnSync('/usr/bin/env', { env: { foo: 'bar' } });
  assert.strictEqual(child.stdout.toString(), 'foo=bar\n');
});

both('spawnsync-args: undefined, null and [] as args keep the options', ({ spawnSync }) => {
  const dir = fs.realpathSync(os.tmpdir());
  const results = [undefined, null, []].map((args) => {
    const { stdout, stderr } = spawnSync('pwd', args, { cwd: dir });
    assert.deepStrictEqual(stderr, Buffer.alloc(0));
    return stdout.toString().trim();
  });
  assert.deepStrictEqual([...new Set(results)], [dir]);
});

both('spawnsync: argv0, arguments as strings (ToString), detached is a new session', ({ spawnSync }) => {
  assert.strictEqual(spawnSync('sh', ['-c', 'echo $0'], { argv0: 'myArgv0', encoding: 'utf8' }).stdout, 'myArgv0\n');
  assert.strictEqual(spawnSync('echo', [1, true], { encoding: 'utf8' }).stdout, '1 true\n');
  const ret = spawnSync('sh', ['-c', 'cut -d" " -f6 /proc/self/stat'], { detached: true, encoding: 'utf8' });
  assert.notStrictEqual(Number(ret.stdout), process.pid);
  assert.ok(Number(ret.stdout) > 0);
  const own = spawnSync('sh', ['-c', 'exec cut -d" " -f6 /proc/self/stat'], { detached: true, encoding: 'utf8' });
  assert.strictEqual(Number(own.stdout), own.pid); // the session of its own
});

// --- test-child-process-spawnsync-shell.js ---------------------------------------------

both('spawnsync-shell: a shell runs the command, its features and the env', ({ spawnSync }) => {
  const doesNotExist = spawnSync('does-not-exist', { shell: true });
  assert.strictEqual(doesNotExist.error, undefined);
  assert.strictEqual(doesNotExist.signal, null);
  assert.strictEqual(doesNotExist.status, 127);
  assert.strictEqual(spawnSync('echo', ['foo'], { shell: true }).stdout.toString().trim(), 'foo');
  assert.strictEqual(spawnSync('echo bar | cat', { shell: true }).stdout.toString().trim(), 'bar');
  const env = spawnSync('echo "$BAZ"', { env: { ...process.env, BAZ: 'buzz' }, shell: true });
  assert.strictEqual(env.stdout.toString().trim(), 'buzz');
  assert.strictEqual(spawnSync('echo $0', { shell: '/bin/bash' }).stdout.toString().trim(), '/bin/bash');
});

// --- test-child-process-spawnsync-validation-errors.js ---------------------------------

both('spawnsync-validation-errors: each option\'s accepted and refused values', ({ spawnSync }) => {
  const rootUser = process.getuid() === 0;
  const invalidArgType = { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' };
  const invalidRange = { code: 'ERR_OUT_OF_RANGE', name: 'RangeError' };
  const unknownSignal = { code: 'ERR_UNKNOWN_SIGNAL', name: 'TypeError' };
  const counts = { pass: 0, fail: 0 };
  const pass = (option, value) => {
    const child = spawnSync('not_a_real_command', { [option]: value });
    assert.strictEqual(child.error.code, 'ENOENT', `${option}: ${String(value)}`);
    counts.pass++;
  };
  const fail = (option, value, expected) => {
    assert.throws(() => spawnSync('not_a_real_command', { [option]: value }), expected, `${option}: ${String(value)}`);
    counts.fail++;
  };
  const fn = () => {};
  pass('cwd', undefined); pass('cwd', null); pass('cwd', __dirname);
  for (const v of [0, 1, true, false, [], {}, fn]) fail('cwd', v, invalidArgType);
  for (const v of [undefined, null, true, false]) pass('detached', v);
  for (const v of [0, 1, __dirname, [], {}, fn]) fail('detached', v, invalidArgType);
  if (!rootUser) {
    for (const v of [undefined, null, process.getuid()]) pass('uid', v);
    for (const v of [__dirname, true, false, [], {}, fn, NaN, Infinity, 3.1, -3.1]) fail('uid', v, invalidArgType);
  }
  if (process.getgid() !== 0) {
    for (const v of [undefined, null, process.getgid()]) pass('gid', v);
    for (const v of [__dirname, true, false, [], {}, fn, NaN, Infinity, 3.1, -3.1]) fail('gid', v, invalidArgType);
  }
  for (const v of [undefined, null, false]) pass('shell', v);
  for (const v of [0, 1, [], {}, fn]) fail('shell', v, invalidArgType);
  for (const v of [undefined, null, 'myArgv0']) pass('argv0', v);
  for (const v of [0, 1, true, false, [], {}, fn]) fail('argv0', v, invalidArgType);
  for (const key of ['windowsHide', 'windowsVerbatimArguments']) {
    for (const v of [undefined, null, true, false]) pass(key, v);
    for (const v of [0, 1, __dirname, [], {}, fn]) fail(key, v, invalidArgType);
  }
  for (const v of [undefined, null, 1, 0]) pass('timeout', v);
  for (const v of [-1, true, false, __dirname, [], {}, fn, NaN, Infinity, 3.1, -3.1]) fail('timeout', v, invalidRange);
  for (const v of [undefined, null, 1, 0, Infinity, 3.14]) pass('maxBuffer', v);
  for (const v of [-1, NaN, -Infinity, true, false, __dirname, [], {}, fn]) fail('maxBuffer', v, invalidRange);
  for (const v of [undefined, null, 'SIGKILL']) pass('killSignal', v);
  fail('killSignal', 'SIGNOTAVALIDSIGNALNAME', unknownSignal);
  for (const v of [true, false, [], {}, fn]) fail('killSignal', v, invalidArgType);
  for (const v of [500, 0, -200, 3.14]) fail('killSignal', v, unknownSignal);
  for (const property of Object.getOwnPropertyNames(Object.prototype)) fail('killSignal', property, unknownSignal);
  for (const [signalName, n] of Object.entries(os.constants.signals)) {
    pass('killSignal', n);
    pass('killSignal', signalName);
    pass('killSignal', signalName.toLowerCase());
  }
  // Node's counts: 42 argument-type errors as root, 62 otherwise; 20 range errors.
  assert.ok(counts.fail >= (rootUser ? 42 : 62) + 20, `${counts.fail} refusals`);
  assert.ok(counts.pass > 3 * Object.keys(os.constants.signals).length);
});

both('spawnsync-validation-errors: the same messages as Node', ({ spawnSync }) => {
  const thrown = (opts) => {
    try {
      spawnSync('not_a_real_command', opts);
    } catch (e) {
      return { name: e.name, code: e.code, message: e.message };
    }
    return null;
  };
  const peer = (opts) => {
    try {
      cp.spawnSync('not_a_real_command', opts);
    } catch (e) {
      return { name: e.name, code: e.code, message: e.message };
    }
    return null;
  };
  const bad = [{ cwd: 1 }, { timeout: -1 }, { maxBuffer: NaN }, { killSignal: 'nope' }, { killSignal: {} },
    { shell: 1 }, { argv0: 1 }, { input: 5 }, { stdio: 'bogus' }, { stdio: ['ipc'] }, { env: { A: 'x\0y' } }];
  for (const opts of bad) assert.deepStrictEqual(thrown(opts), peer(opts), JSON.stringify(opts));
});

// --- test/sequential/test-child-process-execsync.js ------------------------------------

both('execsync: a bad shell is ENOENT thrown', ({ execSync, execFileSync }) => {
  assert.throws(() => execSync('exit -1', { shell: 'bad_shell' }), /spawnSync bad_shell ENOENT/);
  assert.throws(() => execFileSync('exit -1', { shell: 'bad_shell' }), /spawnSync bad_shell ENOENT/);
});

both('execsync: timeout throws ETIMEDOUT with the signal, no return value', ({ execSync }) => {
  const start = Date.now();
  let ret;
  let err;
  try {
    ret = execSync('sleep 2', { timeout: 200 });
  } catch (e) {
    err = e;
  }
  assert.strictEqual(ret, undefined);
  assert.strictEqual(err.code, 'ETIMEDOUT');
  assert.ok(Date.now() - start < 2000);
  assert.ok(err.status > 128 || err.signal);
});

both('execsync: output as Buffer or string; a failing command; cwd; stdio ignore', ({ execSync, execFileSync }) => {
  assert.throws(() => execSync('iamabadcommand', { stdio: 'pipe' }), /Command failed: iamabadcommand/);
  const msgBuf = Buffer.from('foobar\n');
  assert.deepStrictEqual(execSync('echo foobar'), msgBuf);
  assert.strictEqual(execSync('echo foobar', { encoding: 'utf8' }), 'foobar\n');
  assert.deepStrictEqual(execFileSync('echo', ['foobar']), msgBuf);
  assert.strictEqual(execFileSync('echo', ['foobar'], { encoding: 'utf8' }), 'foobar\n');
  assert.strictEqual(execSync('pwd', { cwd: '/' }).toString().trim(), '/');
  assert.throws(() => execSync('exit -1', { stdio: 'ignore' }), /Command failed: exit -1/);
  assert.strictEqual(execFileSync('sh', { shell: true, encoding: 'utf8', input: 'echo shelled' }), 'shelled\n');
});

both('execsync: execFileSync\'s error for a non-zero exit carries the spawnSync result', ({ spawnSync, execFileSync }) => {
  const args = ['-c', 'echo out; echo err >&2; exit 1'];
  const spawnSyncResult = spawnSync('sh', args);
  const spawnSyncKeys = Object.keys(spawnSyncResult).sort();
  assert.deepStrictEqual(spawnSyncKeys, ['output', 'pid', 'signal', 'status', 'stderr', 'stdout']);
  assert.throws(() => execFileSync('sh', args, { stdio: 'pipe' }), (err) => {
    assert.ok(err instanceof Error);
    assert.strictEqual(err.message, `Command failed: sh ${args.join(' ')}\nerr\n`);
    assert.strictEqual(err.status, 1);
    assert.strictEqual(typeof err.pid, 'number');
    for (const key of spawnSyncKeys) if (key !== 'pid') assert.deepStrictEqual(err[key], spawnSyncResult[key]);
    return true;
  });
  assert.throws(() => execFileSync('sh', ['-c', 'exit 3'], { argv0: 'named' }), { message: 'Command failed: named -c exit 3', status: 3 });
});

both('execsync: the child\'s stderr goes on to process.stderr unless stdio is given', (impl, name) => {
  const mod = name === 'librns' ? SYNC_PATH : 'child_process';
  const code = `const m = require(${JSON.stringify(mod)});
    const a = m.execFileSync('sh', ['-c', 'echo one >&2; echo out']);
    const b = m.execSync('echo two >&2', { stdio: 'pipe' });
    process.stdout.write(a.toString() + '|' + b.length);`;
  const ret = cp.spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  assert.strictEqual(ret.status, 0, ret.stderr);
  assert.strictEqual(ret.stdout, 'out\n|0');
  assert.strictEqual(ret.stderr, 'one\n');
});

// --- librns only: what the loop must not leave behind ----------------------------------

/** This process's open fds. */
const openFds = () => fs.readdirSync('/proc/self/fd').length;
/** This process's children still in the process table (a zombie is one). */
function childrenOf(pid) {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      return fs.readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1] === String(pid);
    } catch {
      return false; // gone meanwhile
    }
  });
}

test('librns spawnSync: no fd and no child left on any path (exit, start failure, timeout, ENOBUFS, EPIPE)', () => {
  sync.spawnSync('true'); // the library and libc loaded first
  const before = openFds();
  sync.spawnSync('sh', ['-c', 'echo hi; echo e >&2'], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  sync.spawnSync('/nonexistent');
  sync.spawnSync('pwd', { cwd: '/nonexistent' });
  sync.spawnSync('sleep', ['5'], { timeout: 50 });
  sync.spawnSync('yes', { maxBuffer: 10 });
  sync.spawnSync('true', { input: Buffer.alloc(1 << 20) });
  assert.throws(() => sync.spawnSync('true', { unshare: 'x' }), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.strictEqual(openFds(), before);
  assert.deepStrictEqual(childrenOf(process.pid), []);
});

test('librns spawnSync: librns\'s options pass through (a new UTS namespace, in a user namespace)', (t) => {
  const rns = require('..');
  const probe = sync.spawnSync('unshare', ['--user', '--map-root-user', 'true']);
  if (probe.status !== 0) return t.skip(`no user namespaces here: ${probe.stderr}`);
  const ret = sync.spawnSync('sh', ['-c', 'hostname inside && hostname'], {
    unshare: rns.CLONE_NEWUSER | rns.CLONE_NEWUTS, uidMap: `0 ${process.getuid()} 1`, encoding: 'utf8',
  });
  assert.strictEqual(ret.error, undefined);
  assert.strictEqual(ret.stdout, 'inside\n');
  assert.notStrictEqual(os.hostname(), 'inside');
});

test('librns spawnSync: a Buffer or string in stdio[0] is stdin\'s input (Node 20 drops the entry)', () => {
  // child_process 20 leaves such an entry out of the array it passes on (the later slots move
  // down one, and a Buffer at slot 0 leaves stdin open: cat waits for ever), so no peer run.
  const ret = sync.spawnSync('cat', { stdio: [Buffer.from('in0'), 'pipe', 'pipe', 'pipe'], encoding: 'utf8' });
  assert.deepStrictEqual(ret.output, [null, 'in0', '', '']);
  const s = sync.spawnSync('cat', { stdio: ['slot zero', 'pipe', 'inherit'], encoding: 'utf8' });
  assert.deepStrictEqual(s.output, [null, 'slot zero', null]);
});

test('librns spawnSync: a Worker runs it too (no event loop needed)', async () => {
  const { Worker } = require('worker_threads');
  const code = `const { parentPort } = require('worker_threads');
    const r = require(${JSON.stringify(SYNC_PATH)}).spawnSync('sh', ['-c', 'echo $X'], { env: { X: 'w' }, encoding: 'utf8' });
    parentPort.postMessage(r.stdout);`;
  const out = await new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.on('message', resolve);
    w.on('error', reject);
  });
  assert.strictEqual(out, 'w\n');
});

test('cp_sync_port: the case list names a fixture the machine has', () => {
  for (const prog of ['sleep', 'cat', 'od', 'head', 'pwd', 'yes', 'cut']) {
    assert.strictEqual(cp.spawnSync('sh', ['-c', `command -v ${prog}`]).status, 0, prog);
  }
  assert.ok(path.isAbsolute(process.execPath));
});
