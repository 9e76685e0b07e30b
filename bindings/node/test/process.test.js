'use strict';
// Calls that change process or thread state, each in a child process (runChild), so this
// test process keeps its namespaces, group, session, identity and nice value.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const { spawn } = require('child_process');
const rns = require('..');
const { runChild, privilege, nsId, noPidfd, noPidfdNote } = require('./helpers');

/** Runs `code` in a child with the privilege `need` asks for, or skips saying why. */
function privileged(t, code, need = {}) {
  const p = privilege(need);
  if (p.skip) {
    t.skip(p.skip);
    return null;
  }
  // need.extra: more unshare(1) options when going through a user namespace.
  const prefix = p.prefix.length && need.extra ? [...p.prefix, ...need.extra] : p.prefix;
  const r = runChild(code, { prefix });
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  return r.result;
}

test('read-only calls in this process', () => {
  assert.strictEqual(rns.getpgrp(), rns.getpgid(0));
  assert.strictEqual(rns.getpgid(), rns.getpgid(process.pid));
  assert.strictEqual(rns.getsid(), rns.getsid(process.pid));
  const u = rns.getresuid();
  assert.strictEqual(u.ruid, process.getuid());
  assert.strictEqual(u.euid, process.geteuid());
  const g = rns.getresgid();
  assert.strictEqual(g.rgid, process.getgid());
  assert.strictEqual(g.egid, process.getegid());
  // process.getgroups() adds the effective gid to the supplementary list; getgroups() does not.
  const groups = rns.getgroups();
  const node = process.getgroups();
  assert.ok(groups.every((x) => node.includes(x)));
  assert.ok(node.every((x) => groups.includes(x) || x === process.getegid()));
  assert.ok(rns.getgrouplist('root', 12345).includes(12345));
  assert.deepStrictEqual(rns.getgrouplist('no-such-user-rns', 4242), [4242]);
  const nice = rns.getpriority(rns.PRIO_PROCESS, 0);
  assert.ok(nice >= -20 && nice <= 19);
  const fd = rns.nsOpen(0, rns.CLONE_NEWNET);
  const s = fs.fstatSync(fd);
  fs.closeSync(fd);
  assert.strictEqual(`${s.dev}:${s.ino}`, nsId('/proc/thread-self/ns/net'));
});

test('session and process group in a child', () => {
  const r = runChild(`
    const sid = rns.setsid();
    let again;
    try { rns.setpgid(0, 0); again = 'no error'; } catch (e) { again = e.code; }
    let pgrp;
    try { rns.setpgrp(); pgrp = 'no error'; } catch (e) { pgrp = e.code; }
    let setsidAgain;
    try { rns.setsid(); setsidAgain = 'no error'; } catch (e) { setsidAgain = e.code; }
    out({ pid: process.pid, sid, getsid: rns.getsid(0), getpgrp: rns.getpgrp(), getpgid: rns.getpgid(0), again, pgrp, setsidAgain });`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  const { pid, ...rest } = r.result;
  assert.deepStrictEqual(rest, { sid: pid, getsid: pid, getpgrp: pid, getpgid: pid, again: 'EPERM', pgrp: 'EPERM', setsidAgain: 'EPERM' });
});

test('setpgid and killpg of a new group in a child', () => {
  const r = runChild(`
    rns.setpgid(0, 0);
    const group = rns.getpgrp();
    process.on('SIGUSR2', () => { out({ pid: process.pid, group, got: 'SIGUSR2' }); process.exit(0); });
    rns.killpg(0, os.constants.signals.SIGUSR2);
    setTimeout(() => out({ got: 'nothing' }), 5000);`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.strictEqual(r.result.group, r.result.pid);
  assert.strictEqual(r.result.got, 'SIGUSR2');
});

test('nice is per thread: setpriority(PRIO_PROCESS, 0) leaves a Worker as it was', () => {
  const r = runChild(`
    const { Worker } = require('worker_threads');
    const w = new Worker("const { parentPort } = require('worker_threads'); const rns = require(" + JSON.stringify(${JSON.stringify(require.resolve('..'))}) + ");" +
      "parentPort.on('message', () => { parentPort.postMessage(rns.getpriority(rns.PRIO_PROCESS, 0)); parentPort.close(); }); parentPort.postMessage('ready');", { eval: true });
    const before = rns.getpriority(rns.PRIO_PROCESS, 0);
    const worker = await new Promise((resolve) => w.on('message', (m) => m === 'ready' ? (rns.setpriority(rns.PRIO_PROCESS, 0, before + 3), w.postMessage('go')) : resolve(m)));
    out({ before, main: rns.getpriority(rns.PRIO_PROCESS, 0), worker });`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  const { before, main, worker } = r.result;
  assert.strictEqual(main, Math.min(before + 3, 19));
  assert.strictEqual(worker, before);
});

test('nice round trip to -1 (needs privilege to lower it)', (t) => {
  const res = privileged(t, `
    rns.setpriority(rns.PRIO_PROCESS, 0, -1);
    const a = rns.getpriority(rns.PRIO_PROCESS, 0);
    rns.setpriority(rns.PRIO_PROCESS, 0, 0);
    out([a, rns.getpriority(rns.PRIO_PROCESS, 0)]);`, { realRoot: true });
  if (res) assert.deepStrictEqual(res, [-1, 0]);
});

test('set*id changes every thread, Workers included (real root, in a child)', (t) => {
  const res = privileged(t, `
    const { Worker } = require('worker_threads');
    const w = new Worker("const { parentPort } = require('worker_threads'); const rns = require(" + JSON.stringify(${JSON.stringify(require.resolve('..'))}) + ");" +
      "parentPort.on('message', () => parentPort.postMessage(rns.getresuid())); parentPort.postMessage('ready');", { eval: true });
    await new Promise((resolve) => w.once('message', resolve));
    rns.setgroups([65534]);
    const groups = rns.getgroups();
    rns.setresgid(65534, 65534, 65534);
    const gids = rns.getresgid();
    rns.setresuid(65534, 65534, 65534);
    const uids = rns.getresuid();
    w.postMessage('go');
    const worker = await new Promise((resolve) => w.once('message', resolve));
    // The Worker is still running (ended only below), so no thread exits while we look.
    const tasks = fs.readdirSync('/proc/self/task').map((tid) =>
      fs.readFileSync('/proc/self/task/' + tid + '/status', 'utf8').match(/^Uid:\\s+(.*)$/m)[1].split(/\\s+/).join(' '));
    await w.terminate();
    let back;
    try { rns.setresuid(0, 0, 0); back = 'no error'; } catch (e) { back = e.code; }
    out({ groups, gids, uids, worker, tasks: [...new Set(tasks)], threads: tasks.length, back });`, { realRoot: true });
  if (!res) return;
  assert.deepStrictEqual(res.groups, [65534]);
  assert.deepStrictEqual(res.gids, { rgid: 65534, egid: 65534, sgid: 65534 });
  assert.deepStrictEqual(res.uids, { ruid: 65534, euid: 65534, suid: 65534 });
  assert.deepStrictEqual(res.worker, res.uids);
  assert.deepStrictEqual(res.tasks, ['65534 65534 65534 65534']);
  assert.ok(res.threads > 1);
  assert.strictEqual(res.back, 'EPERM');
});

test('initgroups, setgroups, setuid etc. as root (in a child)', (t) => {
  const res = privileged(t, `
    rns.initgroups('root', 4242);
    const a = rns.getgroups();
    const want = rns.getgrouplist('root', 4242);
    rns.setgroups([]);
    const b = rns.getgroups();
    rns.setgroups(new Uint32Array([1, 2]));
    const c = rns.getgroups();
    rns.setegid(0); rns.seteuid(0); rns.setgid(0); rns.setregid(-1, 0); rns.setreuid(-1, 0); rns.setuid(0);
    out({ a, want, b, c, u: rns.getresuid() });`, { realRoot: true });
  if (!res) return;
  assert.deepStrictEqual(res.a.sort(), res.want.sort());
  assert.ok(res.a.includes(4242));
  assert.deepStrictEqual(res.b, []);
  assert.deepStrictEqual(res.c.sort(), [1, 2]);
  assert.deepStrictEqual(res.u, { ruid: 0, euid: 0, suid: 0 });
});

test('unshare and setns back on the main thread; setnsPath (privileged child)', (t) => {
  // Not root: in a user namespace that owns the child's net and uts namespaces, so it may
  // setns back into them (the init namespaces would refuse: EPERM).
  const res = privileged(t, `
    const fd = rns.nsOpen(0, rns.CLONE_NEWNET);
    const a = nsId('/proc/thread-self/ns/net');
    rns.unshare(rns.CLONE_NEWNET | rns.CLONE_NEWUTS);
    const b = nsId('/proc/thread-self/ns/net');
    rns.setns(fd, rns.CLONE_NEWNET);
    const c = nsId('/proc/thread-self/ns/net');
    fs.closeSync(fd);
    const uts = nsId('/proc/thread-self/ns/uts');
    rns.unshare(rns.CLONE_NEWUTS);
    rns.setnsPath('/proc/thread-self/ns/uts', rns.CLONE_NEWUTS); // its own: allowed, no change
    const d = nsId('/proc/thread-self/ns/uts');
    out({ a, b, c, uts, d });`, { extra: ['--net', '--uts'] });
  if (!res) return;
  assert.notStrictEqual(res.b, res.a);
  assert.strictEqual(res.c, res.a);
  assert.notStrictEqual(res.d, res.uts);
});

test('runInNamespaces: enters, runs, restores; errors propagate; refuses when it could not return', (t) => {
  const p = privilege({ userns: true });
  if (p.skip) return t.skip(p.skip);
  // Inside a user namespace that also owns new net and uts namespaces, so the thread may return.
  const prefix = [...p.prefix, '--net', '--uts'];
  const r = runChild(`
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '--net', '--uts', 'sleep', '30'], { stdio: 'ignore' });
    try {
      const own = nsId('/proc/thread-self/ns/net');
      const deadline = Date.now() + 5000;
      while (true) {
        try { if (nsId('/proc/' + child.pid + '/ns/net') !== own) break; } catch {}
        if (Date.now() > deadline) throw new Error('no child namespace');
        await new Promise((r) => setTimeout(r, 20));
      }
      const target = nsId('/proc/' + child.pid + '/ns/net');
      const inside = rns.runInNamespaces(child.pid, rns.CLONE_NEWNET | rns.CLONE_NEWUTS, () => nsId('/proc/thread-self/ns/net'));
      const after = nsId('/proc/thread-self/ns/net');
      let thrown;
      try { rns.runInNamespaces(child.pid, rns.CLONE_NEWNET, () => { throw new Error('boom'); }); } catch (e) { thrown = e.message; }
      const afterThrow = nsId('/proc/thread-self/ns/net');
      let missing;
      try { rns.runInNamespaces(${4194305}, rns.CLONE_NEWNET, () => 0); } catch (e) { missing = e.code; }
      out({ own, target, inside, after, thrown, afterThrow, missing });
    } finally { child.kill('SIGKILL'); }`, { prefix });
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  const res = r.result;
  assert.strictEqual(res.inside, res.target);
  assert.notStrictEqual(res.target, res.own);
  assert.strictEqual(res.after, res.own);
  assert.strictEqual(res.thrown, 'boom');
  assert.strictEqual(res.afterThrow, res.own);
  assert.strictEqual(res.missing, 'ESRCH');

  // In a user namespace whose net namespace belongs to the parent user namespace, the thread
  // could enter a child's namespace but never come back: refused before moving.
  const r2 = runChild(`
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '--net', 'sleep', '30'], { stdio: 'ignore' });
    try {
      const own = nsId('/proc/thread-self/ns/net');
      while (true) { try { if (nsId('/proc/' + child.pid + '/ns/net') !== own) break; } catch {} await new Promise((r) => setTimeout(r, 20)); }
      let code;
      try { rns.runInNamespaces(child.pid, rns.CLONE_NEWNET, () => 0); code = 'no error'; } catch (e) { code = e.code; }
      out({ code, same: nsId('/proc/thread-self/ns/net') === own });
    } finally { child.kill('SIGKILL'); }`, { prefix: p.prefix });
  assert.strictEqual(r2.status, 0, r2.stdout + r2.stderr);
  assert.deepStrictEqual(r2.result, { code: 'EPERM', same: true });
});

test('pidfds: signal a child, then ESRCH; getfd; nonblock flag', async (t) => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal)));
  if (noPidfd) {
    // ENOSYS from every call that asks the kernel, with a /proc/PID fd in place of a pidfd;
    // the library's own flag checks come first, as elsewhere.
    const proc = fs.openSync(`/proc/${child.pid}`, 'r');
    try {
      assert.throws(() => rns.pidfdOpen(child.pid, 0), { code: 'ENOSYS', syscall: 'pidfd_open' });
      assert.throws(() => rns.pidfdOpen(child.pid, rns.PIDFD_NONBLOCK), { code: 'ENOSYS', syscall: 'pidfd_open' });
      assert.throws(() => rns.pidfdSendSignal(proc, 9, 0), { code: 'ENOSYS', syscall: 'pidfd_send_signal' });
      assert.throws(() => rns.pidfdGetfd(proc, 0, 0), { code: 'ENOSYS', syscall: 'pidfd_getfd' });
      assert.throws(() => rns.pidfdSendSignal(proc, 0, 16), { code: 'EINVAL' });
      assert.throws(() => rns.pidfdGetfd(proc, 0, 1), { code: 'EINVAL', syscall: 'pidfd_getfd' });
      assert.strictEqual(child.exitCode, null);
      assert.strictEqual(child.signalCode, null); // not signalled behind our back
    } finally {
      fs.closeSync(proc);
      child.kill('SIGKILL');
    }
    assert.strictEqual(await exited, 'SIGKILL');
    noPidfdNote(t, 'pidfdOpen, pidfdSendSignal and pidfdGetfd give ENOSYS; flag errors as elsewhere');
    return;
  }
  const fd = rns.pidfdOpen(child.pid, 0);
  try {
    rns.pidfdSendSignal(fd, 0);
    rns.pidfdSendSignal(fd, 9, 0);
    assert.strictEqual(await exited, 'SIGKILL');
    assert.throws(() => rns.pidfdSendSignal(fd, 0, 0), { code: 'ESRCH', syscall: 'pidfd_send_signal' });
  } finally {
    fs.closeSync(fd);
    child.kill('SIGKILL');
  }
  const self = rns.pidfdOpen(process.pid, rns.PIDFD_NONBLOCK);
  try {
    assert.throws(() => rns.pidfdSendSignal(self, 0, 16), { code: 'EINVAL' });
    assert.throws(() => rns.pidfdGetfd(self, 0, 1), { code: 'EINVAL', syscall: 'pidfd_getfd' });
  } finally {
    fs.closeSync(self);
  }
});

test('signals by name: killpg(pgid, "SIGTERM") and pidfdSendSignal(fd, "SIGKILL") reach the child', async (t) => {
  // A child in a process group of its own (detached: setsid), so killpg reaches only it.
  const group = spawn('sleep', ['30'], { stdio: 'ignore', detached: true });
  const groupExit = new Promise((resolve) => group.on('exit', (code, signal) => resolve(signal)));
  try {
    await new Promise((resolve) => group.on('spawn', resolve));
    assert.strictEqual(rns.getpgid(group.pid), group.pid);
    rns.killpg(group.pid, 'SIGTERM');
    assert.strictEqual(await groupExit, 'SIGTERM');
  } finally {
    group.kill('SIGKILL');
  }

  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal)));
  try {
    await new Promise((resolve) => child.on('spawn', resolve));
    if (noPidfd) {
      const proc = fs.openSync(`/proc/${child.pid}`, 'r');
      try {
        assert.throws(() => rns.pidfdSendSignal(proc, 'SIGKILL'), { code: 'ENOSYS', syscall: 'pidfd_send_signal' });
      } finally {
        fs.closeSync(proc);
      }
      noPidfdNote(t, "pidfdSendSignal(fd, 'SIGKILL') gives ENOSYS; killpg by name as elsewhere");
      return;
    }
    const fd = rns.pidfdOpen(child.pid);
    try {
      rns.pidfdSendSignal(fd, 'SIGKILL');
      assert.strictEqual(await exited, 'SIGKILL');
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    child.kill('SIGKILL');
  }
});

test('runInNamespaces refuses an async fn: restores the namespaces, then throws TypeError', (t) => {
  const p = privilege({ userns: true });
  if (p.skip) return t.skip(p.skip);
  const r = runChild(`
    process.on('unhandledRejection', (e) => { out({ unhandled: String(e) }); process.exit(4); });
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '--net', 'sleep', '30'], { stdio: 'ignore' });
    try {
      const own = nsId('/proc/thread-self/ns/net');
      while (true) { try { if (nsId('/proc/' + child.pid + '/ns/net') !== own) break; } catch {} await new Promise((r) => setTimeout(r, 20)); }
      const target = nsId('/proc/' + child.pid + '/ns/net');
      let before, afterAwait, err;
      try {
        rns.runInNamespaces(child.pid, rns.CLONE_NEWNET, async () => {
          before = nsId('/proc/thread-self/ns/net');
          await null;
          afterAwait = nsId('/proc/thread-self/ns/net');
          throw new Error('rejected later'); // must not end the process as unhandled
        });
      } catch (e) { err = { name: e.name, code: e.code, message: e.message, top: e.stack.split('\\n')[1] }; }
      const back = nsId('/proc/thread-self/ns/net');
      // A thenable that is no Promise is refused the same way.
      let thenable;
      try { rns.runInNamespaces(child.pid, rns.CLONE_NEWNET, () => ({ then() {} })); } catch (e) { thenable = e.code; }
      await new Promise((r) => setTimeout(r, 50));
      out({ own, target, before, afterAwait, err, back, thenable, now: nsId('/proc/thread-self/ns/net') });
    } finally { child.kill('SIGKILL'); }`, { prefix: [...p.prefix, '--net'] });
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  const res = r.result;
  assert.notStrictEqual(res.target, res.own);
  assert.strictEqual(res.before, res.target, 'fn ran in the target namespace up to its first await');
  assert.strictEqual(res.afterAwait, res.own, 'after the await it ran outside: hence the refusal');
  assert.strictEqual(res.err.name, 'TypeError');
  assert.strictEqual(res.err.code, 'ERR_INVALID_RETURN_VALUE');
  assert.match(res.err.message, /returned a promise.*after its first await\s+would run outside the namespaces/s);
  assert.match(res.err.top, /\[eval\]/);
  assert.strictEqual(res.back, res.own);
  assert.strictEqual(res.now, res.own);
  assert.strictEqual(res.thenable, 'ERR_INVALID_RETURN_VALUE');
});

test('sethostname and setdomainname name the thread\'s own UTS namespace (privileged child)', (t) => {
  const res = privileged(t, `
    const os = require('os');
    const before = os.hostname();
    rns.unshare(rns.CLONE_NEWUTS);
    rns.sethostname('rns-node-host');
    rns.setdomainname('rns.node.example');
    const host = os.hostname();
    const domain = fs.readFileSync('/proc/sys/kernel/domainname', 'utf8').trim();
    let tooLong = null, nul = null;
    try { rns.sethostname('x'.repeat(65)); } catch (e) { tooLong = e.code; }
    try { rns.setdomainname('a\\0b'); } catch (e) { nul = e.code; }
    out({ before, host, domain, tooLong, nul });`);
  if (!res) return;
  assert.strictEqual(res.host, 'rns-node-host');
  assert.strictEqual(res.domain, 'rns.node.example');
  assert.strictEqual(res.tooLong, 'EINVAL');
  assert.strictEqual(res.nul, 'ERR_INVALID_ARG_VALUE');
});

// 17.6: PIDFD_SELF_THREAD_GROUP reaches the kernel, which signals this process (Linux 6.15;
// an older kernel's EBADF is a skip); a call that needs a real fd refuses it with EBADF.
test('pidfdSendSignal(PIDFD_SELF_THREAD_GROUP) signals this process', async (t) => {
  assert.throws(() => rns.pidfdWait(rns.PIDFD_SELF_THREAD_GROUP, rns.WEXITED), { code: 'EBADF' });
  const got = new Promise((resolve) => process.once('SIGUSR2', resolve));
  try {
    rns.pidfdSendSignal(rns.PIDFD_SELF_THREAD_GROUP, 'SIGUSR2');
  } catch (e) {
    process.removeAllListeners('SIGUSR2');
    if (e.code === 'ENOSYS' && noPidfd) {
      t.skip('no pidfd_send_signal here (sandboxed): ENOSYS, as documented');
      return;
    }
    if (e.code !== 'EBADF') throw e;
    t.skip('this kernel takes no PIDFD_SELF_THREAD_GROUP (before 6.15): EBADF, as documented');
    return;
  }
  // (A signal handle does not keep the event loop alive: a timer does, until it arrives.)
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('SIGUSR2 never arrived')), 10000); });
  try {
    await Promise.race([got, late]);
  } finally {
    clearTimeout(timer);
  }
});
