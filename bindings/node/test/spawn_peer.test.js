'use strict';
// rawSpawn beside child_process.spawn, case by case: the environment (issue 17 item 14), cwd
// (15), option checking (16), the blocking stdio the program gets (17.1) and the supplementary
// groups it keeps (17.2). Ported from Node's own tests (test/parallel/test-child-process-env.js,
// -default-options.js, -cwd.js, -spawn-error.js, -spawn-typeerror.js,
// -spawnsync-validation-errors.js), each run with both spawns and compared.

const test = require('node:test');
const assert = require('node:assert');
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL, URL } = require('url');
const { Worker } = require('worker_threads');
const koffi = require('koffi');
const rns = require('..');
// The low-level start (lib/spawn.js: throws, stdio 'inherit' by default, the engine of rns.spawn).
const { spawn: rawSpawn } = require('../lib/spawn');
const { noPidfd, privilege, runChild, pkgDir } = require('./helpers');

/** The fields of a spawn error child_process sets (rawSpawn adds `step`). */
const errorFields = (e) => ({ name: e.name, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path, spawnargs: e.spawnargs });

/** Reads a stream to its end as text. */
function text(stream) {
  return new Promise((resolve) => {
    let s = '';
    stream.setEncoding('utf8');
    stream.on('data', (d) => { s += d; });
    stream.on('end', () => resolve(s));
  });
}

/** child_process.spawn with stdout a pipe: { out, code } or { error } (sync throw or 'error'). */
function viaNode(file, args, options) {
  return new Promise((resolve) => {
    let c;
    try {
      c = cp.spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
    } catch (e) {
      return resolve({ error: errorFields(e) });
    }
    c.on('error', (e) => resolve({ error: errorFields(e) }));
    Promise.all([text(c.stdout), new Promise((r) => c.on('exit', r))]).then(([out, code]) => resolve({ out, code }));
  });
}

/** rawSpawn the same way. */
async function viaRns(file, args, options) {
  let c;
  try {
    c = rawSpawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (e) {
    return { error: errorFields(e) };
  }
  const [out, res] = await Promise.all([text(c.stdout), c.exited]);
  fs.closeSync(c.pidfd);
  return { out, code: res.code };
}

/** Runs both; asserts the same outcome; returns it. */
async function same(file, args, options, what) {
  const [node, ours] = await Promise.all([viaNode(file, args, options), viaRns(file, args, options)]);
  assert.deepStrictEqual(ours, node, `${what}: rawSpawn differs from child_process.spawn`);
  return ours;
}

/** A temp directory with an executable `mytool` (prints "mytool ran") in bin/. */
function toolDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rns-path-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'mytool'), '#!/bin/sh\necho mytool ran\n', { mode: 0o755 });
  return dir;
}

function skipWithoutPidfd(t) {
  if (noPidfd) t.skip('no pidfd_open here: rawSpawn needs it');
  return noPidfd;
}

test('env: undefined values left out, inherited and null values kept (test-child-process-env.js)', async (t) => {
  if (skipWithoutPidfd(t)) return;
  const env = { LANG: 'C', HELLO: 'WORLD', UNDEFINED: undefined, NULL: null, EMPTY: '' };
  Object.setPrototypeOf(env, { FOO: 'BAR' });
  const r = await same('/usr/bin/env', [], { env }, 'env');
  const lines = r.out.split('\n');
  for (const want of ['HELLO=WORLD', 'FOO=BAR', 'NULL=null', 'EMPTY=']) assert.ok(lines.includes(want), `${want} missing`);
  assert.ok(!lines.some((l) => l.startsWith('UNDEFINED=')), 'UNDEFINED passed');
});

test("env: null or undefined is this process's environment (test-child-process-default-options.js)", async (t) => {
  if (skipWithoutPidfd(t)) return;
  const r = runChild(`
    process.env.HELLO = 'WORLD';
    const res = {};
    for (const env of [null, undefined]) {
      const c = rawSpawn('sh', ['-c', 'echo "$HELLO"'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      let s = '';
      c.stdout.on('data', (d) => { s += d; });
      await Promise.all([c.exited, new Promise((r) => c.stdout.on('end', r))]);
      res[String(env)] = s.trim();
    }
    out(res);`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.deepStrictEqual(r.result, { null: 'WORLD', undefined: 'WORLD' });
});

test("env: the program is searched in options.env's PATH, relative entries from cwd, as execvp", async (t) => {
  if (skipWithoutPidfd(t)) return;
  const dir = toolDir(t);
  const bin = path.join(dir, 'bin');
  assert.deepStrictEqual(await same('mytool', [], { env: { PATH: `/nonexistent:${bin}` } }, 'absolute entry'), { out: 'mytool ran\n', code: 0 });
  assert.deepStrictEqual(await same('mytool', [], { env: { PATH: 'bin' }, cwd: dir }, 'relative entry'), { out: 'mytool ran\n', code: 0 });
  assert.deepStrictEqual(await same('mytool', [], { env: { PATH: ':/nonexistent' }, cwd: bin }, 'empty entry'), { out: 'mytool ran\n', code: 0 });
  // No PATH: execvp's default, /bin:/usr/bin.
  assert.deepStrictEqual(await same('sh', ['-c', 'echo ok'], { env: {} }, 'no PATH'), { out: 'ok\n', code: 0 });
  const missing = await same('mytool', ['a'], { env: { PATH: '/nonexistent' } }, 'not found');
  assert.deepStrictEqual(missing.error, {
    name: 'Error', code: 'ENOENT', errno: -os.constants.errno.ENOENT, syscall: 'spawn mytool', path: 'mytool', spawnargs: ['a'],
  });
  // A match that cannot be executed is remembered (EACCES) while the search goes on.
  const noexec = path.join(dir, 'noexec');
  fs.mkdirSync(noexec);
  fs.writeFileSync(path.join(noexec, 'mytool'), '#!/bin/sh\n', { mode: 0o644 });
  const denied = await same('mytool', [], { env: { PATH: `${noexec}:/nonexistent` } }, 'EACCES');
  assert.strictEqual(denied.error.code, 'EACCES');
  assert.deepStrictEqual(await same('mytool', [], { env: { PATH: `${noexec}:${bin}` } }, 'EACCES then found'), { out: 'mytool ran\n', code: 0 });
});

test("env: in a Worker, the default is the Worker's process.env (its PATH too)", async (t) => {
  if (skipWithoutPidfd(t)) return;
  const dir = toolDir(t);
  const code = `
    const { parentPort, workerData } = require('worker_threads');
    const rns = require(workerData.pkgDir);
    const cp = require('child_process');
    process.env.PATH = workerData.bin + ':' + process.env.PATH;
    process.env.WHERE = 'worker';
    const collect = (c) => new Promise((resolve) => {
      let s = ''; c.stdout.on('data', (d) => { s += d; }); c.stdout.on('end', () => resolve(s));
    });
    (async () => {
      const node = await collect(cp.spawn('sh', ['-c', 'mytool; echo "$WHERE"'], { stdio: ['ignore', 'pipe', 'inherit'] }));
      const c = rns.spawn('sh', ['-c', 'mytool; echo "$WHERE"'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const ours = await collect(c);
      await c.exited;
      let direct;
      try { const d = rns.spawn('mytool', [], { stdio: ['ignore', 'pipe', 'inherit'] }); direct = await collect(d); await d.exited; }
      catch (e) { direct = e.code; }
      parentPort.postMessage({ node, ours, direct });
    })();`;
  const w = new Worker(code, { eval: true, workerData: { pkgDir, bin: path.join(dir, 'bin') } });
  const ended = new Promise((r) => w.on('exit', r)); // (listening from the start: 'exit' may follow the message at once)
  const res = await new Promise((resolve, reject) => { w.on('message', resolve); w.on('error', reject); });
  await ended;
  assert.strictEqual(res.node, 'mytool ran\nworker\n');
  assert.strictEqual(res.ours, res.node);
  assert.strictEqual(res.direct, 'mytool ran\n');
  assert.strictEqual(process.env.WHERE, undefined);
});

test("env: a value with a NUL byte is refused as child_process refuses it", () => {
  for (const spawn of [cp.spawn, rawSpawn]) {
    assert.throws(() => spawn('true', [], { env: { A: 'a\0b' } }), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => spawn('true', [], { env: { 'A\0': 'a' } }), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
  }
});

test('cwd: a directory, a file: URL; missing is ENOENT; "", null, undefined are unset (test-child-process-cwd.js)', async (t) => {
  if (skipWithoutPidfd(t)) return;
  for (const cwd of ['', null, undefined]) {
    assert.deepStrictEqual(await same('pwd', [], { cwd }, `cwd ${cwd}`), { out: `${process.cwd()}\n`, code: 0 });
  }
  const tmp = fs.realpathSync(os.tmpdir());
  assert.deepStrictEqual(await same('pwd', [], { cwd: tmp }, 'tmpdir'), { out: `${tmp}\n`, code: 0 });
  assert.deepStrictEqual(await same('pwd', [], { cwd: '/dev' }, '/dev'), { out: '/dev\n', code: 0 });
  assert.deepStrictEqual(await same('pwd', [], { cwd: pathToFileURL(tmp) }, 'file URL'), { out: `${tmp}\n`, code: 0 });
  const missing = await same('pwd', [], { cwd: 'does-not-exist' }, 'does-not-exist');
  assert.strictEqual(missing.error.code, 'ENOENT');
  for (const spawn of [cp.spawn, rawSpawn]) {
    assert.throws(() => spawn('pwd', [], { cwd: new URL('http://example.com/') }), /The URL must be of scheme file/);
    assert.throws(() => spawn('pwd', [], { cwd: new URL('file://host/dev/null') }), /File URL host must be "localhost" or empty on/);
  }
});

test('errors: a program not found is ENOENT with child_process\'s fields (test-child-process-spawn-error.js)', async (t) => {
  if (skipWithoutPidfd(t)) return;
  // Searched in this process's PATH (by the library) and in another (here): the same error.
  // (In this PATH a directory we may not search, as /root/... for uid 65534, makes it EACCES
  // for both, as execvp reports it.)
  const own = await same('foo123', ['bar'], {}, 'not found in our PATH');
  const fields = { name: 'Error', syscall: 'spawn foo123', path: 'foo123', spawnargs: ['bar'] };
  assert.deepStrictEqual(own.error, { ...fields, code: own.error.code, errno: -os.constants.errno[own.error.code] });
  assert.ok(['ENOENT', 'EACCES'].includes(own.error.code), own.error.code);
  const other = await same('foo123', ['bar'], { env: { PATH: '/nonexistent:/usr/bin' } }, 'not found in another PATH');
  assert.deepStrictEqual(other.error, { ...fields, code: 'ENOENT', errno: -os.constants.errno.ENOENT });
  assert.throws(() => rawSpawn('foo123', ['bar'], { env: {} }), { message: 'spawn foo123 ENOENT', step: 'exec' });
});

/** Calls spawn; returns the error's { name, code } or 'ok' (waiting for the child it started). */
async function outcome(spawn, args) {
  let c;
  try {
    c = spawn(...args);
  } catch (e) {
    return { name: e.name, code: e.code };
  }
  if (typeof c.on === 'function') {
    // a ChildProcess (child_process's or rns.spawn's): a failed start is emitted
    let err = null;
    c.on('error', (e) => { err = e; });
    await new Promise((r) => c.on('close', r));
    if (err) return { name: err.name, code: err.code };
  } else {
    await c.exited;
    fs.closeSync(c.pidfd);
  }
  return 'ok';
}

test('arguments: the combinations child_process takes or refuses (test-child-process-spawn-typeerror.js)', async (t) => {
  if (skipWithoutPidfd(t)) return;
  // 'true' rather than Node's 'ls': no output, so child_process's pipes end unread.
  const cmd = 'true';
  const [a, o, u, n, s] = [[], {}, undefined, null, 'string'];
  const calls = [
    [cmd], [cmd, a], [cmd, a, o], [cmd, o], [cmd, u, o], [cmd, a, u], [cmd, n, o], [cmd, a, n],
    [cmd, s], [cmd, a, s], [cmd, true], [cmd, [], 1], [cmd, [], []], [cmd, a, () => {}],
    [], [''], [5], [cmd, ['a\0']], ['true\0'],
  ];
  for (const args of calls) {
    const node = await outcome(cp.spawn, args);
    const what = `spawn(${args.map((x) => JSON.stringify(x)).join(', ')})`;
    assert.deepStrictEqual(await outcome(rawSpawn, args), node, `lib/spawn.js ${what}`);
    assert.deepStrictEqual(await outcome(rns.spawn, args), node, `rns.spawn ${what}`);
  }
});

test('options: own properties only; booleans are booleans (test-child-process-spawnsync-validation-errors.js)', async (t) => {
  if (skipWithoutPidfd(t)) return;
  // Inherited properties are no options (Node spreads options: own properties only).
  const inherited = Object.create({ setsid: 'yes', cwd: '/nonexistent' });
  assert.strictEqual(await outcome(rawSpawn, ['true', [], inherited]), 'ok');
  const bad = [0, 1, 'false', [], {}, () => {}];
  for (const [ours, theirs] of [['setsid', 'detached'], ['noNewPrivs', 'detached']]) {
    for (const v of [undefined, null, true, false]) {
      assert.strictEqual(await outcome(rawSpawn, ['true', [], { [ours]: v, stdio: ['ignore', 'ignore', 'ignore'] }]), 'ok', `${ours}: ${v}`);
    }
    for (const v of bad) {
      const node = await outcome(cp.spawn, ['true', [], { [theirs]: v }]);
      assert.deepStrictEqual(await outcome(rawSpawn, ['true', [], { [ours]: v }]), node, `${ours}: ${String(v)}`);
    }
  }
  for (const v of [0, 1, true, false, [], {}, () => {}]) {
    const node = await outcome(cp.spawn, ['true', [], { cwd: v }]);
    assert.deepStrictEqual(await outcome(rawSpawn, ['true', [], { cwd: v }]), node, `cwd: ${String(v)}`);
  }
  for (const opt of ['uid', 'gid']) {
    for (const v of [null, undefined]) assert.strictEqual(await outcome(rawSpawn, ['true', [], { [opt]: v }]), 'ok');
    for (const v of ['x', true, false, [], {}, () => {}]) {
      const node = await outcome(cp.spawn, ['true', [], { [opt]: v }]);
      assert.deepStrictEqual(await outcome(rawSpawn, ['true', [], { [opt]: v }]), node, `${opt}: ${String(v)}`);
    }
    // A number that is no id: child_process and rns.spawn say ERR_INVALID_ARG_TYPE (int32
    // only); lib/spawn.js's low-level spawn, as every id argument of the binding, RangeError
    // ERR_OUT_OF_RANGE.
    for (const v of [NaN, Infinity, 3.1, -3.1, 2 ** 31]) {
      assert.deepStrictEqual(await outcome(cp.spawn, ['true', [], { [opt]: v }]), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
      assert.deepStrictEqual(await outcome(rns.spawn, ['true', [], { [opt]: v }]), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
      if (v !== 2 ** 31) assert.deepStrictEqual(await outcome(rawSpawn, ['true', [], { [opt]: v }]), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
    }
  }
  const typeError = { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' };
  for (const [opt, v] of [['join', {}], ['join', 5], ['join', [5]], ['join', [null]], ['rlimits', 5], ['rlimits', {}], ['rlimits', [7]],
    ['stdio', {}], ['env', 5], ['env', 'PATH=/bin']]) {
    assert.deepStrictEqual(await outcome(rawSpawn, ['true', [], { [opt]: v }]), typeError, `${opt}: ${JSON.stringify(v)}`);
  }
  assert.throws(() => rawSpawn('true', [], { setsid: 'false' }),
    { message: 'The "options.setsid" property must be of type boolean. Received type string (\'false\')' });
});

test('options: setsid "false" and noNewPrivs 1 are refused (they were read as truthy: a new session)', (t) => {
  if (skipWithoutPidfd(t)) return;
  // Before: any truthy value started a new session.
  assert.throws(() => rawSpawn('true', [], { setsid: 'false' }), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => rawSpawn('true', [], { noNewPrivs: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
});

// --- 17.1: the program's stdio is blocking, as libuv makes it -----------------------------

const libc = koffi.load('libc.so.6');
const pipe2 = libc.func('int pipe2(int *fds, int flags)');
const fcntl = libc.func('int fcntl(int fd, int cmd, int arg)');
const F_GETFL = 3;
const F_SETFL = 4;
const SIZE = 50_000_000;

/** A pipe whose write end's open file description is O_NONBLOCK, as libuv leaves its pipes. */
function nonblockingPipe() {
  const fds = new Int32Array(2);
  assert.strictEqual(pipe2(fds, 0o2000000 /* O_CLOEXEC */), 0);
  fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL, 0) | fs.constants.O_NONBLOCK);
  return [fds[0], fds[1]];
}

/** Reads fd to EOF; returns the byte count. */
function drain(fd) {
  const buf = Buffer.alloc(1 << 20);
  let total = 0;
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) total += n;
  return total;
}

/** Starts `start(w)` (which spawns the writer), closes w here, reads from 1 s later on. */
async function lateReader(start) {
  const [r, w] = nonblockingPipe();
  let done;
  try {
    done = start(w);
  } finally {
    fs.closeSync(w);
  }
  await new Promise((res) => setTimeout(res, 1000));
  const bytes = drain(r);
  fs.closeSync(r);
  return { bytes, code: await done };
}

const head = ['head', ['-c', String(SIZE), '/dev/zero']];

test('17.1: stdout an O_NONBLOCK pipe, reader 1 s late: all 50 MB arrive, as through child_process', async (t) => {
  if (skipWithoutPidfd(t)) return;
  const ours = await lateReader((w) => {
    const c = rawSpawn(...head, { stdio: ['ignore', w, 'inherit'] });
    return c.exited.then((res) => { fs.closeSync(c.pidfd); return res.code; });
  });
  const node = await lateReader((w) => {
    const c = cp.spawn(...head, { stdio: ['ignore', w, 'inherit'] });
    return new Promise((res) => c.on('exit', res));
  });
  assert.deepStrictEqual(node, { bytes: SIZE, code: 0 }, 'child_process');
  assert.deepStrictEqual(ours, { bytes: SIZE, code: 0 }, 'rawSpawn');
});

test('17.1: inherited stdout (the default) an O_NONBLOCK pipe: all 50 MB arrive, as through child_process', async (t) => {
  if (skipWithoutPidfd(t)) return;
  // A node child makes its own fd 1 O_NONBLOCK, then spawns head with stdio inherited.
  const inner = (how) => `
    const koffi = require(${JSON.stringify(require.resolve('koffi'))});
    const fcntl = koffi.load('libc.so.6').func('int fcntl(int fd, int cmd, int arg)');
    fcntl(1, ${F_SETFL}, fcntl(1, ${F_GETFL}, 0) | ${fs.constants.O_NONBLOCK});
    const head = ${JSON.stringify(head)};
    if (${JSON.stringify(how)} === 'rns') {
      const c = require(${JSON.stringify(pkgDir)}).spawn(...head, { stdio: 'inherit' });
      c.exited.then((r) => { process.exitCode = r.code; });
    } else {
      require('child_process').spawn(...head, { stdio: 'inherit' }).on('exit', (code) => { process.exitCode = code; });
    }`;
  const run = (how) => lateReader((w) => {
    const c = cp.spawn(process.execPath, ['-e', inner(how)], { stdio: ['ignore', w, 'inherit'] });
    return new Promise((res) => c.on('exit', res));
  });
  assert.deepStrictEqual(await run('node'), { bytes: SIZE, code: 0 }, 'child_process');
  assert.deepStrictEqual(await run('rns'), { bytes: SIZE, code: 0 }, 'rawSpawn');
});

// --- 17.2: uid/gid without groups drop the supplementary groups, as libuv's setgroups(0) ---

test('17.2: uid/gid 65534 without groups: the program has no supplementary groups, as through child_process', (t) => {
  if (skipWithoutPidfd(t)) return;
  const p = privilege({ realRoot: true });
  if (p.skip) return t.skip(`${p.skip}: setgroups and a change to uid 65534 need root in the initial user namespace`);
  const r = runChild(`
    process.setgroups([4, 27]);
    const grep = ['grep', ['^Groups:', '/proc/self/status']];
    const collect = (c) => new Promise((resolve) => {
      let s = ''; c.stdout.on('data', (d) => { s += d; }); c.stdout.on('end', () => resolve(s.trim()));
    });
    const opts = { uid: 65534, gid: 65534, cwd: '/', stdio: ['ignore', 'pipe', 'inherit'] };
    const own = await collect(rawSpawn(...grep, { cwd: '/', stdio: ['ignore', 'pipe', 'inherit'] }));
    const ours = await collect(rawSpawn(...grep, opts));
    const node = await collect(spawn(...grep, opts));
    out({ own, ours, node });`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.match(r.result.own, /^Groups:\s+4 27\s*$/, 'the parent had groups 4 and 27 to drop');
  assert.match(r.result.node, /^Groups:\s*$/, 'child_process');
  assert.match(r.result.ours, /^Groups:\s*$/, 'rawSpawn');
});

// 18: sigmask and sigdefault, as posix_spawn's SETSIGMASK and SETSIGDEF: SIGINT and SIGUSR1
// blocked; SIGPIPE, which Node ignores (and its children inherit ignored), back to SIG_DFL.
test('18: options.sigmask and options.sigdefault', async (t) => {
  if (skipWithoutPidfd(t)) return;
  const lines = async (options) => {
    const c = rawSpawn('/bin/grep', ['-E', '^Sig(Blk|Ign):', '/proc/self/status'], { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
    let s = '';
    c.stdout.on('data', (d) => { s += d; });
    await Promise.all([c.exited, new Promise((r) => c.stdout.on('end', r))]);
    return s.trim().split(/\s+/).join(' ');
  };
  const ign = BigInt(`0x${(await lines({})).split(' ')[3]}`);
  assert.ok(ign & (1n << 12n), 'Node ignores SIGPIPE, and so does its child by default');
  const got = (await lines({ sigmask: ['SIGINT', 10], sigdefault: ['SIGPIPE'] })).split(' ');
  assert.strictEqual(got[1], '0000000000000202');
  assert.strictEqual(BigInt(`0x${got[3]}`) & (1n << 12n), 0n);
  assert.throws(() => rawSpawn('/bin/true', [], { sigmask: [65] }), { code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => rawSpawn('/bin/true', [], { sigdefault: 'SIGPIPE' }), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => rawSpawn('/bin/true', [], { sigmask: ['SIGNOPE'] }), { code: 'ERR_UNKNOWN_SIGNAL' });
});
