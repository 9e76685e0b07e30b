'use strict';
// spawn: a program in new namespaces, each step's error with its name, and 200 children at
// once whose exits all arrive without blocking the event loop.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const rns = require('..');
// The low-level start (lib/spawn.js: throws, stdio 'inherit' by default, the engine of rns.spawn).
const { spawn: rawSpawn } = require('../lib/spawn');
const { noPidfd, noPidfdNote, privilege, runChild } = require('./helpers');

/** Runs file/args with stdout into a temp file; returns { out, result }. */
async function run(file, args, options = {}) {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rns-spawn-')), 'out');
  const fd = fs.openSync(p, 'w');
  let child;
  try {
    child = rawSpawn(file, args, { ...options, stdio: ['ignore', fd, 'inherit'] });
  } finally {
    fs.closeSync(fd);
  }
  const result = await child.exited;
  fs.closeSync(child.pidfd);
  return { out: fs.readFileSync(p, 'utf8').trim(), result, pid: child.pid };
}

test('spawn: exit code, argv, env, PATH search; each step fails with its name', async (t) => {
  if (noPidfd) {
    noPidfdNote(t, 'spawn returns a pidfd');
    return t.skip('no pidfd_open here');
  }
  const { out, result, pid } = await run('sh', ['-c', 'echo "$0 $FOO"; exit 7'], { env: { FOO: 'bar' } });
  assert.strictEqual(out, 'sh bar');
  assert.deepStrictEqual(result, { pid, kind: 'exited', code: 7, signal: null });
  assert.throws(() => rawSpawn('/nonexistent/program'), { code: 'ENOENT', step: 'exec', syscall: 'spawn /nonexistent/program', path: '/nonexistent/program' });
  assert.throws(() => rawSpawn('true', [], { cwd: '/nonexistent' }), { code: 'ENOENT', step: 'cwd' });
  assert.throws(() => rawSpawn('true', [], { unshare: rns.CLONE_FS }), { code: 'EINVAL' });
  assert.throws(() => rawSpawn(1), { code: 'ERR_INVALID_ARG_TYPE' });
});

test('spawn: new user, pid, net and uts namespaces with a root mapping: pid 1, uid 0', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  let r;
  try {
    r = await run('sh', ['-c', 'echo $$ $(id -u)'], {
      unshare: rns.CLONE_NEWUSER | rns.CLONE_NEWPID | rns.CLONE_NEWNET | rns.CLONE_NEWUTS,
      uidMap: `0 ${process.geteuid()} 1`,
      gidMap: `0 ${process.getegid()} 1`,
      setsid: true,
    });
  } catch (e) {
    if (e.code === 'EPERM' || e.code === 'ENOSPC') return t.skip(`no user namespaces here: ${e.message}`);
    throw e;
  }
  assert.strictEqual(r.out, '1 0');
  assert.strictEqual(r.result.code, 0);
});

test('spawn: 200 children at once, every exit received, the event loop free meanwhile', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const children = [];
  for (let i = 0; i < 200; i++) children.push(rawSpawn('sh', ['-c', `read x; exit ${i % 100}`], { stdio: ['inherit', 'ignore', 'ignore'] }));
  // stdin is the test's (not a terminal): read fails at once, or blocks; make every child end
  // by killing those still running after a file read shows the loop is free.
  await fs.promises.readFile(__filename);
  for (const c of children) rns.pidfdSendSignal(c.pidfd, 'SIGKILL');
  const results = await Promise.all(children.map((c) => c.exited));
  results.forEach((r, i) => {
    assert.strictEqual(r.pid, children[i].pid);
    assert.ok(r.kind === 'killed' || (r.kind === 'exited' && r.code === i % 100), JSON.stringify(r));
  });
  for (const c of children) fs.closeSync(c.pidfd);
});

test("spawn: stdio 'pipe' gives streams: write the child's stdin, read its stdout", async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const child = rawSpawn('sh', ['-c', 'read x; echo "got $x"'], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end('hello\n');
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => { out += d; });
  const [result] = await Promise.all([child.exited, new Promise((resolve) => child.stdout.on('end', resolve))]);
  assert.strictEqual(out, 'got hello\n');
  assert.strictEqual(result.code, 0);
  fs.closeSync(child.pidfd);
});

test('spawn: umask, nice and rlimits in place; bad values refused', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const r = await run('sh', ['-c', "echo $(umask) $(cut -d' ' -f19 /proc/self/stat) $(ulimit -n) $(ulimit -Hn)"], {
    umask: 0o027, nice: 5, rlimits: [{ resource: 7 /* RLIMIT_NOFILE */, soft: 100, hard: 200 }],
  });
  assert.strictEqual(r.out, '0027 5 100 200');
  assert.throws(() => rawSpawn('true', [], { nice: 20 }), { code: 'EINVAL', syscall: 'spawn_attr_set_nice' });
  assert.throws(() => rawSpawn('true', [], { umask: 0o1000 }), { code: 'EINVAL' });
});

test("spawn: joins a running process's net, uts, ipc, mount, pid and user namespaces by pidfd", (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const p = privilege({ userns: true });
  if (p.skip) return t.skip(p.skip);
  const r = runChild(`
    const types = ['net', 'uts', 'ipc', 'mnt', 'pid', 'user'];
    // Two holders, made by spawn itself: one in new net, uts, ipc, mount and pid namespaces
    // (pid 1 there), one in a new user namespace.
    const h = rawSpawn('sleep', ['30'], { unshare: rns.CLONE_NEWNET | rns.CLONE_NEWUTS | rns.CLONE_NEWIPC | rns.CLONE_NEWNS | rns.CLONE_NEWPID });
    const u = rawSpawn('sleep', ['30'], { unshare: rns.CLONE_NEWUSER });
    try {
      const want = types.map((t) => fs.readlinkSync('/proc/' + (t === 'user' ? u.pid : h.pid) + '/ns/' + t)).join(' ');
      const file = os.tmpdir() + '/rns-join-' + process.pid;
      const fd = fs.openSync(file, 'w');
      const c = rawSpawn('sh', ['-c', 'for t in ' + types.join(' ') + '; do printf "%s " $(readlink /proc/self/ns/$t); done'], {
        stdio: ['ignore', fd, 'inherit'],
        join: [{ fd: h.pidfd, types: rns.CLONE_NEWNET | rns.CLONE_NEWUTS | rns.CLONE_NEWIPC | rns.CLONE_NEWNS | rns.CLONE_NEWPID },
               { fd: u.pidfd, types: rns.CLONE_NEWUSER }],
      });
      fs.closeSync(fd);
      const res = await c.exited;
      const got = fs.readFileSync(file, 'utf8').trim();
      fs.unlinkSync(file);
      out({ want, got, code: res.code });
    } finally {
      rns.pidfdSendSignal(h.pidfd, 'SIGKILL');
      rns.pidfdSendSignal(u.pidfd, 'SIGKILL');
      await Promise.all([h.exited, u.exited]);
    }`, { prefix: p.prefix });
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.strictEqual(r.result.code, 0);
  assert.strictEqual(r.result.got, r.result.want);
});

test("spawn: 'pipe' with no fd left is pipe2's EMFILE; in a Worker, no warning about the fds it closes", (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const r = runChild(`
    const held = [];
    try { for (;;) held.push(fs.openSync('/dev/null', 'r')); } catch (e) { assert.strictEqual(e.code, 'EMFILE'); }
    fs.closeSync(held.pop()); // one fd free: pipe2 needs two
    let err;
    try { rawSpawn('true', [], { stdio: ['pipe', 'inherit', 'inherit'] }); } catch (e) { err = { code: e.code, errno: e.errno, syscall: e.syscall }; }
    for (const fd of held) fs.closeSync(fd);
    const { Worker } = require('worker_threads');
    const w = new Worker(\`
      const rns = require(\${JSON.stringify(${JSON.stringify(require('./helpers').pkgDir)})});
      const c = rns.spawn('true', [], { stdio: ['pipe', 'pipe', 'ignore'] });
      c.stdin.end(); c.stdout.resume();
      c.exited.then(() => require('worker_threads').parentPort.postMessage('done'));\`, { eval: true });
    await new Promise((resolve, reject) => { w.on('message', resolve); w.on('error', reject); });
    await w.terminate();
    out(err);`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.deepStrictEqual(r.result, { code: 'EMFILE', errno: -os.constants.errno.EMFILE, syscall: 'pipe2' });
  assert.doesNotMatch(r.stderr, /Warning/, 'the Worker warned');
});

// --- rns.spawn, child_process.spawn's drop-in, with librns's options and extras -------------

test("rns.spawn: librns's options on a ChildProcess; pidfd valid through 'exit', closed after; exited as before", async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  let child;
  try {
    child = rns.spawn('sh', ['-c', 'echo $$ $(id -u) $(hostname)'], {
      unshare: rns.CLONE_NEWUSER | rns.CLONE_NEWPID | rns.CLONE_NEWUTS,
      uidMap: `0 ${process.geteuid()} 1`, gidMap: `0 ${process.getegid()} 1`,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (e) {
    if (e.code === 'EPERM' || e.code === 'ENOSPC') return t.skip(`no user namespaces here: ${e.message}`);
    throw e;
  }
  assert.ok(child instanceof rns.ChildProcess);
  assert.ok(Number.isInteger(child.pidfd) && child.pidfd >= 0);
  const pidfd = child.pidfd;
  const order = [];
  child.exited.then((r) => order.push(['exited', r.code]));
  child.on('exit', (code) => {
    order.push(['exit', code]);
    assert.strictEqual(child.pidfd, pidfd); // still ours in 'exit' listeners
    assert.throws(() => rns.pidfdGetpid(pidfd), { code: 'ESRCH' }); // reaped already
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const [code, signal] = await new Promise((resolve) => child.on('close', (...a) => resolve(a)));
  assert.deepStrictEqual([code, signal], [0, null]);
  assert.strictEqual(out, `1 0 ${os.hostname()}\n`);
  assert.deepStrictEqual(await child.exited, { pid: child.pid, kind: 'exited', code: 0, signal: null });
  // 'exit' listeners first (as for Node's 'exit' callback), then the promise's reactions.
  assert.deepStrictEqual(order, [['exit', 0], ['exited', 0]]);
  assert.strictEqual(child.pidfd, -1);
  assert.throws(() => fs.fstatSync(pidfd), { code: 'EBADF' });
});

test('rns.spawn: a start failure Node emits rejects exited too; one Node throws says its step', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const child = rns.spawn('true', [], { cwd: '/nonexistent', stdio: 'ignore' });
  const [err] = await new Promise((resolve) => child.on('error', (...a) => resolve(a)));
  assert.strictEqual(err.step, 'cwd');
  await assert.rejects(child.exited, (e) => e === err);
  assert.strictEqual(child.pidfd, undefined);
  // Not one Node emits: thrown as 'spawn EINVAL', syscall 'spawn', with the step.
  assert.throws(() => rns.spawn('true', [], { stdio: 'ignore', fileActions: [{ action: 'dup2', fd: 90, newfd: 3 }] }),
    { message: 'spawn EBADF', code: 'EBADF', syscall: 'spawn', step: 'fds', detail: 3 });
  // A librns option's own check throws before any start.
  assert.throws(() => rns.spawn('true', [], { nice: 20 }), { code: 'EINVAL', syscall: 'spawn_attr_set_nice' });
});
