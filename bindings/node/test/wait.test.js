'use strict';
// Waiting for processes: waitForExit (the library's waiter; no threadpool worker per
// process, the event loop free), and the pidfd calls pidfdWait, pidfdGetpid, pidfdInfo,
// pidfdNsOpen.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const { spawn } = require('child_process');
const rns = require('..');
const { nsId, noPidfd, noPidfdNote, runChild } = require('./helpers');

const exitOf = (child) => new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

test('waitForExit: 1,000 children at once; fs still works meanwhile; libuv still reports each exit', async (t) => {
  if (noPidfd) {
    noPidfdNote(t, 'waitForExit needs pidfds');
    return t.skip('no pidfd_open here');
  }
  const N = 1000;
  const children = [];
  for (let i = 0; i < N; i++) children.push(spawn('sleep', ['30'], { stdio: 'ignore' }));
  const exits = children.map(exitOf);
  let ended = 0;
  const waits = children.map((ch) => rns.waitForExit(ch.pid).then((r) => { ended++; return r; }));
  // With 1,000 waits pending, a file read (libuv's threadpool) completes before any of them:
  // no worker is held by a wait.
  await fs.promises.readFile(__filename);
  assert.strictEqual(ended, 0, 'a wait ended before any child did');
  for (const ch of children) ch.kill('SIGTERM');
  const results = await Promise.all(waits);
  results.forEach((r, i) => assert.deepStrictEqual(r, { pid: children[i].pid, kind: 'killed', code: 15, signal: 'SIGTERM' }));
  // Not stolen from libuv: every child's 'exit' event still comes.
  const ex = await Promise.all(exits);
  assert.ok(ex.every((e) => e.signal === 'SIGTERM'));
});

test('waitForExit: a killed child, a pidfd target, bad input', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const ch = spawn('sleep', ['30'], { stdio: 'ignore' });
  const exited = exitOf(ch);
  const fd = rns.pidfdOpen(ch.pid);
  const p = rns.waitForExit(fd, { pidfd: true });
  ch.kill('SIGKILL');
  assert.deepStrictEqual(await p, { pid: ch.pid, kind: 'killed', code: 9, signal: 'SIGKILL' });
  fs.closeSync(fd);
  assert.deepStrictEqual(await exited, { code: null, signal: 'SIGKILL' });
  await assert.rejects(rns.waitForExit(4194305), { code: 'ESRCH', syscall: 'pidfd_open' });
  await assert.rejects(rns.waitForExit(0, { pidfd: true }), { code: 'EINVAL', syscall: 'waiter_add' }); // stdin
  await assert.rejects(rns.waitForExit(1.5), { code: 'ERR_OUT_OF_RANGE' });
  await assert.rejects(rns.waitForExit(1, 'x'), { code: 'ERR_INVALID_ARG_TYPE' });
});

test('pidfdGetpid, pidfdInfo, pidfdNsOpen of this process; pidfdWait of a non-child and bad input', (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const fd = rns.pidfdOpen(process.pid);
  assert.strictEqual(rns.pidfdGetpid(fd), process.pid);
  const info = rns.pidfdInfo(fd);
  assert.strictEqual(info.pid, process.pid);
  assert.strictEqual(info.ppid, process.ppid);
  assert.strictEqual(info.uid.real, process.getuid());
  assert.strictEqual(info.gid.effective, process.getegid());
  assert.strictEqual(info.exit, undefined);
  const ns = rns.pidfdNsOpen(fd, rns.CLONE_NEWNET);
  assert.strictEqual(nsId(`/proc/self/fd/${ns}`), nsId('/proc/self/ns/net'));
  fs.closeSync(ns);
  assert.throws(() => rns.pidfdWait(fd, rns.WEXITED | rns.WNOHANG), { code: 'ECHILD', syscall: 'pidfd_wait' });
  assert.throws(() => rns.pidfdWait(fd, rns.WNOHANG), { code: 'EINVAL' });
  assert.throws(() => rns.pidfdWait(0), { code: 'EINVAL' }); // stdin is no pidfd
  assert.throws(() => rns.pidfdInfo(0), { code: 'EINVAL' });
  assert.throws(() => rns.pidfdNsOpen(fd, rns.CLONE_NEWNET | rns.CLONE_NEWUTS), { code: 'EINVAL' });
  fs.closeSync(fd);
  assert.throws(() => rns.pidfdGetpid(fd), { code: 'EBADF' });
});

test('pidfdNsOpen, nsOpen with NS_FOR_CHILDREN: the pid and time namespaces an unshare(1) process gives its children', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const child = spawn('unshare', ['--user', '--map-root-user', '--pid', '--time', '--fork', 'sleep', '30'], { stdio: 'ignore' });
  const exited = exitOf(child);
  t.after(() => child.kill('SIGKILL'));
  const ino = (name) => {
    try {
      return fs.statSync(`/proc/${child.pid}/ns/${name}`).ino;
    } catch {
      return 0;
    }
  };
  // Until it has unshared and forked (pid_for_children is unreadable in between).
  const ready = () => ino('pid_for_children') !== 0 && ino('pid_for_children') !== ino('pid') &&
    ino('time_for_children') !== ino('time');
  for (let i = 0; i < 200 && !ready() && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 10));
  if (!ready()) {
    child.kill('SIGKILL');
    await exited;
    return t.skip('unshare --user --pid --time --fork gave no new pid and time namespace for children here');
  }
  const pidfd = rns.pidfdOpen(child.pid);
  try {
    for (const [type, own, kids] of [[rns.CLONE_NEWPID, 'pid', 'pid_for_children'], [rns.CLONE_NEWTIME, 'time', 'time_for_children']]) {
      for (const fd of [rns.pidfdNsOpen(pidfd, type | rns.NS_FOR_CHILDREN), rns.nsOpen(child.pid, type | rns.NS_FOR_CHILDREN)]) {
        const got = fs.fstatSync(fd).ino;
        fs.closeSync(fd);
        assert.strictEqual(got, ino(kids), kids);
        assert.notStrictEqual(got, ino(own), own);
      }
    }
    assert.throws(() => rns.pidfdNsOpen(pidfd, rns.CLONE_NEWNET | rns.NS_FOR_CHILDREN), { code: 'EINVAL' });
  } finally {
    fs.closeSync(pidfd);
    child.kill('SIGKILL');
    await exited;
  }
});

test('pidfdInfoMask: only the fields asked for; PIDFD_INFO_EXIT alone tells how a non-child ended', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  // sh's child (a subshell that exits 7) is not ours: sh reaps it.
  const sh = spawn('sh', ['-c', 'exec 3<&0; (read x <&3; exit 7) & echo $!; wait'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const exited = exitOf(sh);
  t.after(() => sh.kill('SIGKILL'));
  const pid = Number(await new Promise((resolve) => sh.stdout.once('data', (d) => resolve(String(d).trim()))));
  const fd = rns.pidfdOpen(pid);
  try {
    const p = rns.pidfdInfoMask(fd, rns.PIDFD_INFO_PID);
    assert.strictEqual(p.mask, rns.PIDFD_INFO_PID);
    assert.strictEqual(p.pid, pid);
    assert.strictEqual(p.ppid, sh.pid);
    assert.strictEqual(p.uid, undefined);
    const running = rns.pidfdInfoMask(fd, rns.PIDFD_INFO_EXIT);
    assert.strictEqual(running.mask, 0);
    assert.strictEqual(running.exit, undefined);
    assert.throws(() => rns.pidfdInfoMask(fd, 0), { code: 'EINVAL', syscall: 'pidfd_info_mask' });
    assert.throws(() => rns.pidfdInfoMask(fd, 16), { code: 'EINVAL' });
    assert.throws(() => rns.pidfdInfoMask(fd, '1'), { name: 'TypeError' });
    sh.stdin.end('\n');
    await exited;
    assert.throws(() => rns.pidfdInfoMask(fd, rns.PIDFD_INFO_PID), { code: 'ESRCH' });
    let ended;
    try {
      ended = rns.pidfdInfoMask(fd, rns.PIDFD_INFO_EXIT);
    } catch (e) {
      if (e.code !== 'ESRCH') throw e;
      return t.skip('this kernel keeps no exit status for a reaped process (before 6.15)');
    }
    assert.strictEqual(ended.mask, rns.PIDFD_INFO_EXIT);
    assert.deepStrictEqual(ended.exit, { kind: 'exited', code: 7, signal: null });
    assert.strictEqual(ended.pid, undefined);
  } finally {
    fs.closeSync(fd);
  }
});

test('pidfdWaitRusage: a child\'s usage, named as process.resourceUsage() names it', (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  // In a child process (it becomes a subreaper): sh starts dd (one 64 MiB buffer filled) and
  // exits, so dd is this process's child, not libuv's, for pidfdWaitRusage to reap.
  const r = runChild(`
    rns.setChildSubreaper(1);
    const sh = spawnSync('sh', ['-c', 'dd if=/dev/zero of=/dev/null bs=64M count=1 status=none & echo $!'], { encoding: 'utf8' });
    const pid = Number(sh.stdout.trim());
    const fd = rns.pidfdOpen(pid);
    const st = rns.pidfdWaitRusage(fd);
    let again;
    try { rns.pidfdWaitRusage(fd); } catch (e) { again = e.code + ' ' + e.syscall; }
    out({ pid, st, again, keys: Object.keys(process.resourceUsage()) });`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  const { pid, st, again, keys } = r.result;
  assert.strictEqual(st.pid, pid);
  assert.strictEqual(st.kind, 'exited');
  assert.strictEqual(st.code, 0);
  assert.ok(st.usage.maxRSS >= 65536, `peak RSS ${st.usage.maxRSS} KiB`);
  assert.ok(st.usage.userCPUTime + st.usage.systemCPUTime > 0);
  assert.ok(st.usage.minorPageFault > 0);
  for (const k of Object.keys(st.usage)) assert.ok(keys.includes(k), `${k} is not a process.resourceUsage() name`);
  assert.strictEqual(again, 'ECHILD pidfd_wait_rusage');
});

test('pidfdSendSiginfo: the receiver sees the code, the value, our pid and uid (strace(1) shows the siginfo)', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const tracer = spawn('strace', ['-qq', '-e', 'trace=none', '-e', 'signal=SIGUSR1', 'sleep', '30'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  tracer.stderr.on('data', (d) => { log += d; });
  const done = new Promise((resolve) => tracer.on('close', resolve));
  tracer.on('error', () => {});
  t.after(() => tracer.kill('SIGKILL'));
  let pid; // strace's child, once it runs sleep
  for (let i = 0; i < 200 && !pid && tracer.exitCode === null && tracer.pid; i++) {
    await new Promise((r) => setTimeout(r, 10));
    try {
      const kid = Number(fs.readFileSync(`/proc/${tracer.pid}/task/${tracer.pid}/children`, 'utf8').trim());
      if (kid && fs.readFileSync(`/proc/${kid}/comm`, 'utf8').trim() === 'sleep') pid = kid;
    } catch {}
  }
  if (!pid) {
    tracer.kill('SIGKILL');
    await done;
    return t.skip(`strace(1) could not trace a child here: ${log.trim() || 'not installed'}`);
  }
  await new Promise((r) => setTimeout(r, 50)); // strace attached before exec: it sees every signal
  const fd = rns.pidfdOpen(pid);
  try {
    assert.throws(() => rns.pidfdSendSiginfo(fd, 'SIGUSR1', { code: 0 }), { code: 'EPERM', syscall: 'pidfd_send_siginfo' });
    assert.throws(() => rns.pidfdSendSiginfo(fd, 'SIGUSR1', { value: 1 }, 8), { code: 'EINVAL' });
    assert.throws(() => rns.pidfdSendSiginfo(fd, 'SIGUSR1', 7), { name: 'TypeError' });
    rns.pidfdSendSiginfo(fd, 'SIGUSR1', { code: rns.SI_QUEUE, value: 4242 });
  } finally {
    fs.closeSync(fd);
  }
  await done;
  const line = log.split('\n').find((l) => l.startsWith('--- SIGUSR1'));
  assert.ok(line, log);
  assert.match(line, /si_code=SI_QUEUE/);
  assert.match(line, /si_int=4242\b/);
  assert.match(line, new RegExp(`si_pid=${process.pid}\\b`));
  assert.match(line, new RegExp(`si_uid=${process.getuid()}\\b`));
});
