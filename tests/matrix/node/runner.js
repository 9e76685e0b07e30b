#!/usr/bin/env node
'use strict';
/**
 * Node runner of the cross-language matrix (protocol: tests/matrix/README.md).
 *
 *   node tests/matrix/node/runner.js CALL EXPECT [ARG...]
 *
 * Makes the resources the arguments name, calls through the Node binding (never koffi),
 * compares with EXPECT, and exits 0 (pass), 1 (FAIL, one line on stdout) or 2 (unknown call).
 * Everything runs on the main JS thread: thread-scoped calls are synchronous there.
 */

const fs = require('fs');
const { once } = require('events');
const os = require('os');
const { spawn, execFileSync } = require('child_process');
const rns = require('../../../bindings/node');
const { jsName } = require('../../../bindings/node/lib/internal/table');

const NOPID = 4194305; // above PID_MAX_LIMIT
// scenario spawn-signals: the program's blocked signals and whether SIGPIPE is ignored.
const SPAWN_SIGNALS_SCRIPT = 'b=$(sed -n \'s/^SigBlk:[[:space:]]*//p\' /proc/$$/status); i=$(sed -n \'s/^SigIgn:[[:space:]]*//p\' /proc/$$/status); [ $((0x$i & 0x1000)) -eq 0 ] && p=default || p=ignored; echo blk $b pipe $p';
// scenario spawn-identity: the program's inheritable, ambient and bounding caps, policy, root, cwd.
const SPAWN_IDENTITY_SCRIPT = "s=/proc/$$/status; echo inh $(sed -n 's/^CapInh:[[:space:]]*//p' $s) amb $(sed -n 's/^CapAmb:[[:space:]]*//p' $s)"
  + " bnd $(sed -n 's/^CapBnd:[[:space:]]*//p' $s) policy $(cut -d' ' -f41 /proc/$$/stat) root $(readlink /proc/$$/root) cwd $(pwd)";
// scenario spawn-fa: on fd 2, the program's cwd, what its fd 5 is and whether fd 6 is open.
const SPAWN_FA_SCRIPT = 'echo $(pwd) $(readlink /proc/$$/fd/5) $([ -e /proc/$$/fd/6 ] && echo 6open || echo 6closed) >&2';
// scenario spawn-seccomp: the program's seccomp mode and no_new_privs.
const SPAWN_SECCOMP_SCRIPT = "s=$(sed -n 's/^Seccomp:[[:space:]]*//p' /proc/$$/status); n=$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' /proc/$$/status); echo seccomp $s nnp $n";
// scenario spawn-flags: "blocking" or "nonblocking" for the program's fd 1, and its groups.
const SPAWN_FLAGS_SCRIPT = "f=$(sed -n 's/^flags:[[:space:]]*//p' /proc/$$/fdinfo/1); [ $((0$f & 04000)) -eq 0 ] && b=blocking "
  + "|| b=nonblocking; echo $b groups:$(sed -n 's/^Groups://p' /proc/$$/status)";

/** Prints one line and exits. stdout is written synchronously, so the line is not lost. */
function finish(code, line) {
  if (line) fs.writeSync(1, `${line}\n`);
  process.exit(code);
}
const fail = (msg) => finish(1, `FAIL ${msg}`);

// ---------------------------------------------------------------------------------------
// Argument tokens

/** The lowest fd >= 1000 that is not open. */
function closedFd() {
  for (let n = 1000; ; n++) {
    try {
      fs.fstatSync(n);
    } catch (e) {
      if (e.code === 'EBADF') return n;
      throw e;
    }
  }
}

/** One token of the case's args field, as a JS value. */
function token(tok) {
  if (/^-?\d+$/.test(tok)) return Number(tok);
  if (tok.startsWith('/')) return tok;
  if (tok.startsWith('str:')) return tok.slice(4);
  if (tok === '@self') return process.pid;
  if (tok === '@nopid') return NOPID;
  if (tok === '@uid') return process.getuid();
  if (tok === '@gid') return process.getgid();
  if (tok === '@closed') return closedFd();
  if (tok === '@devnull') return fs.openSync('/dev/null', 'r'); // Node opens O_CLOEXEC
  if (tok.startsWith('@nsfd:')) return fs.openSync(`/proc/thread-self/ns/${tok.slice(6)}`, 'r');
  if (tok === '@pidfd:self') return rns.pidfdOpen(process.pid, 0);
  if (/^[A-Z][A-Z0-9_]*(\+[A-Z][A-Z0-9_]*)*$/.test(tok)) {
    return tok.split('+').reduce((acc, name) => {
      if (!(name in rns.constants)) throw new Error(`unknown constant ${name}`);
      return acc | rns.constants[name];
    }, 0);
  }
  throw new Error(`unknown token ${tok}`);
}

// ---------------------------------------------------------------------------------------
// Single calls: the C name -> the binding's function of the same name in camelCase
// (rns_setns_path -> setnsPath, as the binding's table names its wrappers), called with the
// tokens as its arguments; its result is printed the usual way (show). Only calls whose
// arguments are not the tokens one for one need an override here.

const overrides = {
  rns_setgroups: (...ids) => rns.setgroups(ids), // one array of ids, not one argument each
  // AFTER TYPES OWNER MAX, as the options object
  rns_listns: (after, types, owner, max) => rns.listns({ after, types, owner, max }).length,
  // the struct as two tokens, CODE VALUE
  rns_pidfd_send_siginfo: (fd, sig, code, value, flags) => rns.pidfdSendSiginfo(fd, sig, { code, value }, flags),
};

/** The function that makes CALL, or undefined when neither an override nor the binding has it. */
function lookupCall(call) {
  if (Object.hasOwn(overrides, call)) return overrides[call];
  if (!/^rns_[a-z0-9_]+$/.test(call)) return undefined;
  const fn = rns[jsName(call)];
  return typeof fn === 'function' ? fn : undefined;
}

/** How the runner prints a result: numbers in decimal, strings as is, lists space-separated. */
function show(v) {
  if (v === undefined) return '(nothing)';
  if (Array.isArray(v)) return v.join(' ');
  if (typeof v === 'object' && v !== null) return Object.values(v).join(' ');
  return String(v);
}

/** Compares the outcome of `fn` with EXPECT; returns a failure message or null. */
function compare(label, expect, fn) {
  let value;
  try {
    value = fn();
  } catch (e) {
    if (expect === 'ok' || expect.startsWith('=')) return `${label}: expected ${expect}, got ${e.code || ''} (${e.message})`;
    const want = os.constants.errno[expect];
    if (want === undefined) return `${label}: unknown errno name ${expect}`;
    if (e.code === expect && e.errno === -want) return null;
    return `${label}: expected ${expect} (errno ${-want}), got code ${e.code} errno ${e.errno} (${e.message})`;
  }
  if (expect === 'ok') return null;
  if (expect.startsWith('=')) {
    let want = expect.slice(1).trim();
    if (want.startsWith('@')) want = String(token(want));
    return show(value) === want ? null : `${label}: expected = ${want}, got ${show(value)}`;
  }
  return `${label}: expected ${expect}, got success (${show(value)})`;
}

// ---------------------------------------------------------------------------------------
// Scenarios

/** "dev:ino" of a namespace file, or of an fd. */
const nsId = (file) => { const s = fs.statSync(file); return `${s.dev}:${s.ino}`; };
const fdId = (fd) => { const s = fs.fstatSync(fd); return `${s.dev}:${s.ino}`; };
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
function expectErr(label, code, fn) {
  const msg = compare(label, code, fn);
  if (msg) throw new Error(msg);
}
function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** Starts a child; returns it with a promise of its exit { code, signal }. */
/**
 * The error of a start that fails, as child_process reports it: thrown (a bad option, or a
 * failure such as EPERM: 'spawn EPERM') or emitted as 'error' (ENOENT, EACCES, EAGAIN, EMFILE,
 * ENFILE); null when the program ran.
 */
async function spawnFailure(file, args, options) {
  let child;
  try {
    child = rns.spawn(file, args, { stdio: 'ignore', ...options });
  } catch (e) {
    return e;
  }
  return Promise.race([once(child, 'error').then(([e]) => e), once(child, 'exit').then(() => null)]);
}

/**
 * Runs `sh -c script` through rns.spawn with `options`, its stdout a file; what it printed (it
 * must exit 0). The ChildProcess closes its pidfd itself after 'exit'.
 */
async function spawnOutput(script, options) {
  const p = `${fs.mkdtempSync(`${os.tmpdir()}/rns-matrix-`)}/out`;
  const fd = fs.openSync(p, 'w');
  let child;
  try {
    child = rns.spawn('/bin/sh', ['-c', script], { ...options, stdio: ['inherit', fd, 'inherit'] });
  } finally {
    fs.closeSync(fd);
  }
  const r = await child.exited;
  const got = fs.readFileSync(p, 'utf8').trim();
  fs.rmSync(p.slice(0, -4), { recursive: true, force: true });
  check(r.kind === 'exited' && r.code === 0, `the program ended ${JSON.stringify(r)}`);
  return got;
}

function start(cmd, args) {
  const child = spawn(cmd, args, { stdio: 'ignore' });
  child.done = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.spawned = new Promise((resolve, reject) => {
    child.on('spawn', resolve);
    child.on('error', reject);
  });
  return child;
}

/** Starts `unshare --net --uts sleep 30` and waits (up to 5 s) until it has its own net namespace. */
async function startNsChild() {
  const child = start('unshare', ['--net', '--uts', 'sleep', '30']);
  await child.spawned;
  const ours = nsId('/proc/thread-self/ns/net');
  const deadline = Date.now() + 5000;
  for (;;) {
    let theirs = null;
    try {
      theirs = nsId(`/proc/${child.pid}/ns/net`);
    } catch {}
    if (theirs && theirs !== ours) return child;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await child.done;
      throw new Error('child never got its own net namespace');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

const scenarios = {
  'unshare-setns-back'() {
    const fd = rns.nsOpen(0, rns.CLONE_NEWNET);
    const first = nsId('/proc/thread-self/ns/net');
    rns.unshare(rns.CLONE_NEWNET);
    check(nsId('/proc/thread-self/ns/net') !== first, 'net namespace unchanged after unshare');
    rns.setns(fd, rns.CLONE_NEWNET);
    check(nsId('/proc/thread-self/ns/net') === first, 'not back in the first net namespace');
    fs.closeSync(fd);
  },

  async 'setns-pid-child'() {
    const child = await startNsChild();
    try {
      rns.setnsPid(child.pid, rns.CLONE_NEWNET | rns.CLONE_NEWUTS);
      for (const t of ['net', 'uts']) {
        check(nsId(`/proc/thread-self/ns/${t}`) === nsId(`/proc/${child.pid}/ns/${t}`), `${t} namespace is not the child's`);
      }
      const fd = rns.nsOpen(child.pid, rns.CLONE_NEWNET);
      check(fdId(fd) === nsId(`/proc/${child.pid}/ns/net`), 'ns_open(PID) gives another namespace');
      fs.closeSync(fd);
    } finally {
      child.kill('SIGKILL');
      await child.done;
    }
  },

  async 'run-in-ns-child'() {
    const child = await startNsChild();
    try {
      const ids = (dir) => [nsId(`${dir}/ns/net`), nsId(`${dir}/ns/uts`)].join(' ');
      const ours = ids('/proc/thread-self');
      const theirs = ids(`/proc/${child.pid}`);
      const inside = rns.runInNamespaces(child.pid, rns.CLONE_NEWNET | rns.CLONE_NEWUTS, () => ids('/proc/thread-self'));
      check(inside === theirs, 'runInNamespaces: fn is not in the child\'s net and uts namespaces');
      check(ids('/proc/thread-self') === ours, 'runInNamespaces: the thread is not back');
      const fd = rns.nsOpen(child.pid, rns.CLONE_NEWNET);
      try {
        const net = rns.runInNamespacesOf(fd, 0, () => nsId('/proc/thread-self/ns/net'));
        check(net === nsId(`/proc/${child.pid}/ns/net`), 'runInNamespacesOf: fn is not in the child\'s net namespace');
      } finally {
        fs.closeSync(fd);
      }
      check(ids('/proc/thread-self') === ours, 'runInNamespacesOf: the thread is not back');
      let called = false;
      expectErr('runInNamespaces(NEWUSER)', 'EINVAL', () => rns.runInNamespaces(child.pid, rns.CLONE_NEWUSER, () => { called = true; }));
      check(!called, 'fn ran although entering was refused');
    } finally {
      child.kill('SIGKILL');
      await child.done;
    }
  },

  async 'ns-handle-child'() {
    const child = start('unshare', ['--user', '--net', 'sleep', '30']);
    await child.spawned;
    const ours = rns.Namespace.open(0, rns.CLONE_NEWUSER);
    const open = [ours];
    try {
      let user = null;
      for (const deadline = Date.now() + 5000; !user;) {
        try {
          const n = rns.Namespace.open(child.pid, rns.CLONE_NEWUSER);
          if (n.equals(ours)) n.close();
          else user = n;
        } catch {}
        if (user) break;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error('child never got its own user namespace');
        await new Promise((r) => setTimeout(r, 10));
      }
      open.push(user);
      const net = rns.Namespace.open(child.pid, rns.CLONE_NEWNET);
      open.push(net);
      check(user.type() === rns.CLONE_NEWUSER, 'type of the child\'s user namespace');
      const parent = user.parent();
      open.push(parent);
      check(parent.equals(ours), 'the parent of the child\'s user namespace is not ours');
      const owner = net.owner();
      open.push(owner);
      check(owner.equals(user), 'the owner of the child\'s net namespace is not its user namespace');
      expectErr('parent of a net namespace', 'EINVAL', () => net.parent());
      check(user.ownerUid() === process.geteuid(), `owner uid ${user.ownerUid()}, not our euid`);
      const a = user.id();
      const b = ours.id();
      check(a.kernel !== b.kernel || a.id !== b.id, 'two user namespaces with one id');
    } finally {
      for (const n of open) n.close();
      child.kill('SIGKILL');
      await child.done;
    }
  },

  'session-in-child'() {
    const pid = process.pid;
    check(rns.setsid() === pid, 'setsid did not return our pid');
    check(rns.getsid(0) === pid, 'getsid(0) is not our pid');
    check(rns.getpgrp() === pid, 'getpgrp() is not our pid');
    check(rns.getpgid(0) === pid, 'getpgid(0) is not our pid');
    expectErr('setpgid(0, 0) as session leader', 'EPERM', () => rns.setpgid(0, 0));
  },

  'nice-round-trip'() {
    rns.setpriority(rns.PRIO_PROCESS, 0, -1);
    const a = rns.getpriority(rns.PRIO_PROCESS, 0);
    check(a === -1, `nice is ${a}, not -1`);
    rns.setpriority(rns.PRIO_PROCESS, 0, 0);
    const b = rns.getpriority(rns.PRIO_PROCESS, 0);
    check(b === 0, `nice is ${b}, not 0`);
  },

  'prctl-round-trip'() {
    const usr1 = os.constants.signals.SIGUSR1;
    rns.setPdeathsig('SIGUSR1');
    check(rns.getPdeathsig() === usr1, `getPdeathsig() is ${rns.getPdeathsig()}, not ${usr1}`);
    rns.setPdeathsig(0);
    check(rns.getPdeathsig() === 0, `getPdeathsig() is ${rns.getPdeathsig()}, not 0`);
    for (const on of [1, 0]) {
      rns.setChildSubreaper(on);
      check(rns.getChildSubreaper() === on, `getChildSubreaper() is ${rns.getChildSubreaper()}, not ${on}`);
    }
    rns.setNoNewPrivs(1);
    check(rns.getNoNewPrivs() === 1, `getNoNewPrivs() is ${rns.getNoNewPrivs()}, not 1`);
  },

  'creds-in-child'() {
    const N = 65534;
    rns.setgroups([N]);
    check(show(rns.getgroups()) === `${N}`, `getgroups() is ${show(rns.getgroups())}`);
    rns.setresgid(N, N, N);
    const g = rns.getresgid();
    check(g.rgid === N && g.egid === N && g.sgid === N, `getresgid() is ${show(g)}`);
    rns.setresuid(N, N, N);
    const u = rns.getresuid();
    check(u.ruid === N && u.euid === N && u.suid === N, `getresuid() is ${show(u)}`);
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const line = fs.readFileSync(`/proc/self/task/${tid}/status`, 'utf8').match(/^Uid:\s+(.*)$/m)[1];
      check(line.split(/\s+/).join(' ') === `${N} ${N} ${N} ${N}`, `thread ${tid} has Uid: ${line}`);
    }
    expectErr('setresuid(0, 0, 0) after dropping', 'EPERM', () => rns.setresuid(0, 0, 0));
  },

  'userns-acquire'() {
    const own = (id) => `0 ${id} 1`;
    expectErr('usernsAcquire("0 0")', 'EINVAL', () => rns.usernsAcquire('0 0', own(process.getegid())));
    const fd = rns.usernsAcquire(own(process.geteuid()), own(process.getegid()));
    try {
      check(rns.nsType(fd) === rns.CLONE_NEWUSER, `its type is ${rns.nsType(fd)}`);
      check(rns.nsOwnerUid(fd) === process.geteuid(), `its owner is ${rns.nsOwnerUid(fd)}`);
    } finally {
      fs.closeSync(fd);
    }
  },

  'drop-privileges-child'() {
    const N = 65534;
    expectErr('dropPrivileges(-1, -1, [])', 'EINVAL', () => rns.dropPrivileges(-1, -1, []));
    rns.dropPrivileges(N, N, [N], rns.DROP_NO_NEW_PRIVS);
    const u = rns.getresuid();
    check(u.ruid === N && u.euid === N && u.suid === N, `getresuid() is ${show(u)}`);
    expectErr('setresuid(0, 0, 0) after the drop', 'EPERM', () => rns.setresuid(0, 0, 0));
  },

  async 'pidfd-kill-child'() {
    const child = start('sleep', ['30']);
    try {
      await child.spawned;
      const fd = rns.pidfdOpen(child.pid, 0);
      rns.pidfdSendSignal(fd, 9, 0);
      const { signal } = await child.done;
      check(signal === 'SIGKILL', `child ended with signal ${signal}`);
      expectErr('pidfd_send_signal after reaping', 'ESRCH', () => rns.pidfdSendSignal(fd, 0, 0));
      fs.closeSync(fd);
    } finally {
      child.kill('SIGKILL');
    }
  },

  async 'waiter-child'() {
    const child = start('sleep', ['30']);
    try {
      await child.spawned;
      const ended = rns.waitForExit(child.pid);
      child.kill('SIGKILL');
      const r = await ended;
      check(r.kind === 'killed' && r.code === 9 && r.signal === 'SIGKILL' && r.pid === child.pid,
        `waitForExit gave ${JSON.stringify(r)}`);
      const { signal } = await child.done; // libuv still reaps it and reports it
      check(signal === 'SIGKILL', `child_process saw signal ${signal}`);
    } finally {
      child.kill('SIGKILL');
    }
  },

  async 'spawn-child'() {
    const host = os.hostname();
    const runRead = async (file, args, options, want) => {
      const p = `${fs.mkdtempSync(`${os.tmpdir()}/rns-matrix-`)}/out`;
      const fd = fs.openSync(p, 'w');
      let child;
      try {
        child = rns.spawn(file, args, { ...options, stdio: ['inherit', fd, 'inherit'] });
      } finally {
        fs.closeSync(fd);
      }
      const r = await child.exited;
      const got = fs.readFileSync(p, 'utf8').trim();
      check(r.kind === 'exited' && r.code === 0 && got === want, `spawned program printed '${got}', ended ${JSON.stringify(r)}; want '${want}'`);
    };
    const net = fs.openSync('/proc/thread-self/ns/net', 'r');
    try {
      await runRead('/bin/sh', ['-c', "echo $(id -u) $(hostname) $(umask) $(cut -d' ' -f19 /proc/self/stat) $(ulimit -n)"], {
        unshare: rns.CLONE_NEWUSER | rns.CLONE_NEWNS, join: [{ fd: net }], uidMap: '0 0 1', gidMap: '0 0 1',
        mountPropagation: 0x4000 | 0x80000 /* MS_REC | MS_SLAVE */, setsid: true, cwd: '/', uid: 0, gid: 0,
        groups: [0], noNewPrivs: true, pdeathsig: 'SIGKILL', umask: 0o027, nice: 3,
        rlimits: [{ resource: 7 /* RLIMIT_NOFILE */, soft: 100, hard: 200 }],
      }, `0 ${host} 0027 3 100`);
    } finally {
      fs.closeSync(net);
    }
    await runRead('sh', ['-c', "test $(cut -d' ' -f5 /proc/$$/stat) -eq $$ && echo ok"], { pgroup: 0 }, 'ok');
    // As child_process: a missing program is emitted as 'error', then 'close' with -ENOENT.
    const missing = rns.spawn('/nonexistent/program');
    const [e] = await once(missing, 'error');
    const [code] = await once(missing, 'close');
    check(e.code === 'ENOENT' && e.step === 'exec' && code === -2, `a missing program: ${e.code} at ${e.step}, close ${code}`);
  },

  // The program starts in the cgroup given (our own v2 directory) and says so; a file that is
  // not on cgroup2 is refused.
  async 'spawn-cgroup'() {
    const mnt = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
      .filter((l) => l.includes(' - cgroup2 ')).map((l) => l.split(' ')).find((f) => f[3] === '/');
    const line = fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.startsWith('0::'));
    check(mnt && line, 'no cgroup v2 directory of our own');
    const cg = fs.openSync(`${mnt[4]}${line.slice(3)}`, 'r');
    const nul = fs.openSync('/dev/null', 'r');
    const p = `${fs.mkdtempSync(`${os.tmpdir()}/rns-matrix-`)}/out`;
    const out = fs.openSync(p, 'w');
    try {
      const e = await spawnFailure('/bin/true', [], { cgroup: nul });
      check(e && e.code === 'EINVAL', `cgroup: /dev/null gave ${e && e.code}, want EINVAL`);
      const child = rns.spawn('/bin/grep', ['^0::', '/proc/self/cgroup'], { cgroup: cg, stdio: ['inherit', out, 'inherit'] });
      const r = await child.exited;
      const got = fs.readFileSync(p, 'utf8').trim();
      check(r.kind === 'exited' && r.code === 0 && got === line, `spawned program printed '${got}', ended ${JSON.stringify(r)}; want '${line}'`);
    } finally {
      [cg, nul, out].forEach((fd) => fs.closeSync(fd));
    }
  },

  // The program's stdout is a FIFO opened O_NONBLOCK: it says whether its fd 1 still has
  // O_NONBLOCK (rns.spawn clears it, as libuv does) and its groups (uid/gid 65534 without
  // groups drops ours).
  async 'spawn-flags'() {
    process.setgroups([4]);
    const fifo = `${fs.mkdtempSync(`${os.tmpdir()}/rns-matrix-`)}/fifo`;
    execFileSync('mkfifo', [fifo]);
    const fd = fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    try {
      const child = rns.spawn('/bin/sh', ['-c', SPAWN_FLAGS_SCRIPT], { uid: 65534, gid: 65534, stdio: ['inherit', fd, 'inherit'] });
      const r = await child.exited;
      const buf = Buffer.alloc(256);
      const got = buf.toString('utf8', 0, fs.readSync(fd, buf)).trim();
      check(r.kind === 'exited' && r.code === 0 && got === 'blocking groups:', `spawned program printed '${got}', ended ${JSON.stringify(r)}`);
    } finally {
      fs.closeSync(fd);
    }
  },

  // Signals blocked (SIGINT, SIGUSR1: 0x202) and SIGPIPE, which Node ignores, back to SIG_DFL.
  async 'spawn-signals'() {
    const p = `${fs.mkdtempSync(`${os.tmpdir()}/rns-matrix-`)}/out`;
    const fd = fs.openSync(p, 'w');
    let child;
    try {
      child = rns.spawn('/bin/sh', ['-c', SPAWN_SIGNALS_SCRIPT], { sigmask: ['SIGINT', 'SIGUSR1'], sigdefault: ['SIGPIPE'], stdio: ['inherit', fd, 'inherit'] });
    } finally {
      fs.closeSync(fd);
    }
    const r = await child.exited;
    const got = fs.readFileSync(p, 'utf8').trim();
    check(r.kind === 'exited' && r.code === 0 && got === 'blk 0000000000000202 pipe default', `spawned program printed '${got}', ended ${JSON.stringify(r)}`);
  },

  // setgroups 'deny' with this process's ids mapped to 0 in a new user namespace: the program
  // reads "deny" from its setgroups.
  async 'spawn-setgroups'() {
    const p = `${fs.mkdtempSync(`${os.tmpdir()}/rns-matrix-`)}/out`;
    const fd = fs.openSync(p, 'w');
    let child;
    try {
      child = rns.spawn('/bin/sh', ['-c', 'cat /proc/$$/setgroups'], {
        unshare: rns.CLONE_NEWUSER, uidMap: `0 ${process.geteuid()} 1`, gidMap: `0 ${process.getegid()} 1`,
        setgroups: 'deny', stdio: ['inherit', fd, 'inherit'],
      });
    } finally {
      fs.closeSync(fd);
    }
    const r = await child.exited;
    const got = fs.readFileSync(p, 'utf8').trim();
    check(r.kind === 'exited' && r.code === 0 && got === 'deny', `spawned program printed '${got}', ended ${JSON.stringify(r)}`);
  },

  // SCHED_BATCH, chroot '/' with cwd /tmp, resetIds, securebits 0, the bounding set {CHOWN,
  // KILL, NET_RAW}, inheritable {KILL}, ambient {NET_RAW}; SCHED_DEADLINE is EINVAL, a missing root
  // fails at the chroot step.
  async 'spawn-identity'() {
    let err = await spawnFailure('/bin/true', [], { scheduler: { policy: 6 } });
    check(err && err.code === 'EINVAL', `scheduler SCHED_DEADLINE: ${err}`);
    err = await spawnFailure('/bin/true', [], { chroot: '/nonexistent/rns-root' });
    check(err && err.code === 'ENOENT' && err.step === 'chroot', `chroot missing: ${err}, step ${err && err.step}`);
    const p = `${fs.mkdtempSync(`${os.tmpdir()}/rns-matrix-`)}/out`;
    const fd = fs.openSync(p, 'w');
    let child;
    try {
      child = rns.spawn('/bin/sh', ['-c', SPAWN_IDENTITY_SCRIPT], {
        scheduler: { policy: 3 }, chroot: '/', cwd: '/tmp', resetIds: true, securebits: 0,
        boundingSet: ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_RAW'], inheritableCaps: ['CAP_KILL'], ambientCaps: ['CAP_NET_RAW'],
        stdio: ['inherit', fd, 'inherit'],
      });
    } finally {
      fs.closeSync(fd);
    }
    const r = await child.exited;
    const got = fs.readFileSync(p, 'utf8').trim();
    const want = 'inh 0000000000002020 amb 0000000000002000 bnd 0000000000002021 policy 3 root / cwd /tmp';
    check(r.kind === 'exited' && r.code === 0 && got === want, `spawned program printed '${got}', ended ${JSON.stringify(r)}`);
  },

  // stdio 1 a file, then fileActions dup2 1 -> 2, open onto 5 and 6, chdir /tmp, fchdir 6,
  // closefrom 6: "/ /dev/null 6closed" on fd 2. A missing open fails at 'fds' with detail 4,
  // noctty and ctty (fd 0 /dev/null) at 'tty' with detail 0, tcsetpgrp on 0 at 'fds', 3.
  async 'spawn-fa'() {
    const p = `${fs.mkdtempSync(`${os.tmpdir()}/rns-matrix-`)}/out`;
    const fd = fs.openSync(p, 'w');
    let child;
    try {
      child = rns.spawn('/bin/sh', ['-c', SPAWN_FA_SCRIPT], {
        stdio: ['inherit', fd, 'inherit'],
        fileActions: [
          { action: 'dup2', fd: 1, newfd: 2 },
          { action: 'open', fd: 5, path: '/dev/null' },
          { action: 'open', fd: 6, path: '/', flags: fs.constants.O_RDONLY | fs.constants.O_DIRECTORY },
          { action: 'chdir', path: '/tmp' },
          { action: 'fchdir', fd: 6 },
          { action: 'closefrom', fd: 6 },
        ],
      });
    } finally {
      fs.closeSync(fd);
    }
    const r = await child.exited;
    const got = fs.readFileSync(p, 'utf8').trim();
    check(r.kind === 'exited' && r.code === 0 && got === '/ /dev/null 6closed', `spawned program printed '${got}', ended ${JSON.stringify(r)}`);
    const stdio = ['ignore', 'ignore', 'ignore'];
    for (const [options, code, step, detail] of [
      [{ fileActions: [{ action: 'close', fd: 40 }, { action: 'open', fd: 3, path: '/nonexistent/x' }] }, 'ENOENT', 'fds', 4],
      [{ noctty: true }, 'ENOTTY', 'tty', 0],
      [{ setsid: true, ctty: 0 }, 'ENOTTY', 'tty', 0],
      [{ fileActions: [{ action: 'tcsetpgrp', fd: 0 }] }, 'ENOTTY', 'fds', 3],
      [{ fileActions: [{ action: 'close', fd: -1 }] }, 'EBADF', undefined, undefined],
    ]) {
      const err = await spawnFailure('/bin/true', [], { stdio, ...options });
      check(err && err.code === code && err.step === step && err.detail === detail,
        `${JSON.stringify(options)}: got ${err && `${err.code} at ${err.step}, detail ${err.detail}`}, want ${code} at ${step}, detail ${detail}`);
    }
  },

  // A filter refusing every syscall (ENOMSG) stops the execve (step 'exec'); one allowing
  // everything is in place in the program (Seccomp: 2, NoNewPrivs: 1).
  async 'spawn-seccomp'() {
    const RET_K = 0x06; // BPF_RET | BPF_K; SECCOMP_RET_ERRNO 0x00050000, _ALLOW 0x7fff0000
    const err = await spawnFailure('/bin/true', [], { noNewPrivs: true, seccomp: [{ code: RET_K, k: 0x00050000 | os.constants.errno.ENOMSG }] });
    check(err && err.code === 'ENOMSG' && err.step === 'exec', `a deny-all filter: ${err && `${err.code} at ${err.step}`}, want ENOMSG at exec`);
    const got = await spawnOutput(SPAWN_SECCOMP_SCRIPT, { noNewPrivs: true, seccomp: [{ code: RET_K, k: 0x7fff0000 }] });
    check(got === 'seccomp 2 nnp 1', `the program printed '${got}'`);
  },

  // A ruleset handling read-file that allows it beneath /usr only: the program cannot read a
  // file the runner can. Landlock's syscall numbers are the same on every architecture.
  async 'spawn-landlock'() {
    const koffi = require(require.resolve('koffi', { paths: [`${__dirname}/../../../bindings/node`] }));
    const syscall = koffi.load('libc.so.6').func('long syscall(long nr, ...)');
    const le = os.endianness() === 'LE';
    const attr = Buffer.alloc(8); // struct landlock_ruleset_attr: handled_access_fs = READ_FILE (1 << 2)
    if (le) attr.writeBigUInt64LE(4n); else attr.writeBigUInt64BE(4n);
    const rs = Number(syscall(444, 'void *', attr, 'size_t', 8, 'uint32_t', 0));
    check(rs >= 0, `landlock_create_ruleset: errno ${koffi.errno()}`);
    const usr = fs.openSync('/usr', 'r');
    const rule = Buffer.alloc(12); // struct landlock_path_beneath_attr, packed: u64 allowed, s32 parent_fd
    if (le) { rule.writeBigUInt64LE(4n, 0); rule.writeInt32LE(usr, 8); } else { rule.writeBigUInt64BE(4n, 0); rule.writeInt32BE(usr, 8); }
    const r = Number(syscall(445, 'int', rs, 'int', 1, 'void *', rule, 'uint32_t', 0));
    fs.closeSync(usr);
    check(r === 0, `landlock_add_rule: errno ${koffi.errno()}`);
    const dir = fs.mkdtempSync(`${os.tmpdir()}/rns-matrix-`);
    try {
      fs.chmodSync(dir, 0o755);
      fs.writeFileSync(`${dir}/f`, 'x', { mode: 0o644 });
      const got = await spawnOutput(`cat ${dir}/f >/dev/null 2>&1 && echo read || echo denied`, { noNewPrivs: true, landlock: rs });
      check(got === 'denied', `the program printed '${got}'`);
    } finally {
      fs.closeSync(rs);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },

  'error-names'() {
    for (const name of ['EPERM', 'ENOENT', 'ESRCH', 'EBADF', 'EINVAL', 'EACCES', 'ENOTTY']) {
      const n = os.constants.errno[name];
      check(rns.errname(n) === name, `errname(${n}) is ${rns.errname(n)}`);
      check(rns.strerror(n).length > 0, `strerror(${n}) is empty`);
    }
  },
};

// ---------------------------------------------------------------------------------------
// Main

async function main() {
  const [call, expect, ...toks] = process.argv.slice(2);
  if (!call || expect === undefined) finish(2, 'usage: runner.js CALL EXPECT [ARG...]');

  if (call.startsWith('scenario:')) {
    const name = call.slice('scenario:'.length);
    const run = scenarios[name];
    if (!run) finish(2, `unknown scenario ${name}`);
    let msg = null;
    try {
      await run();
    } catch (e) {
      msg = `${call}: ${e.code ? `${e.code} ` : ''}${e.message}`;
    }
    if (expect !== 'ok' && !msg) fail(`${call}: expected ${expect}, got ok`);
    if (msg) fail(msg);
    finish(0);
  }

  const fn = lookupCall(call);
  if (!fn) finish(2, `unknown call ${call}`);
  let args;
  try {
    args = toks.map(token);
  } catch (e) {
    fail(`${call}: ${e.message}`);
  }
  const msg = compare(`${call}(${toks.join(' ')})`, expect, () => fn(...args));
  if (msg) fail(msg);
  finish(0);
}

main().catch((e) => fail(`runner error: ${e.stack || e}`));
