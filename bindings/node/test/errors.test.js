'use strict';
// Error shape (Node core's system errors), errno cases, FileHandle fds, TypeErrors,
// out-of-range numbers (RangeError) and signal names. Nothing here changes the test process's state: every call fails.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const util = require('util');
const rns = require('..');
const { runChild, noPidfd, pidfdCode, noPidfdNote } = require('./helpers');

const NOPID = 4194305; // above PID_MAX_LIMIT

/** Asserts `fn` throws the system error `code` for `syscall`, shaped as Node core's. */
function assertSys(fn, code, syscall) {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, `expected ${code} from ${syscall}, got no error`);
  assert.strictEqual(err.code, code, err.stack);
  assert.strictEqual(err.errno, -os.constants.errno[code]);
  assert.strictEqual(err.syscall, syscall);
  const [, uvMessage] = util.getSystemErrorMap().get(err.errno);
  const suffix = err.path === undefined ? '' : ` '${err.path}'`;
  assert.strictEqual(err.message, `${code}: ${uvMessage}, ${syscall}${suffix}`);
  assert.strictEqual(util.getSystemErrorName(err.errno), code);
  return err;
}

/** Asserts `fn` throws TypeError [ERR_INVALID_ARG_TYPE] (or the given code). */
function assertType(fn, code = 'ERR_INVALID_ARG_TYPE') {
  assert.throws(fn, (e) => e instanceof TypeError && e.code === code);
}

test('error shape: EBADF from setns, like fs errors', () => {
  const err = assertSys(() => rns.setns(-1, rns.CLONE_NEWNET), 'EBADF', 'setns');
  assert.strictEqual(err.message, 'EBADF: bad file descriptor, setns');
  assert.deepStrictEqual(Object.keys(err).sort(), ['code', 'errno', 'syscall']);
  // The stack starts at the caller, not inside the binding.
  assert.match(err.stack.split('\n')[1], /errors\.test\.js/);
});

test('EPERM: setns and setuid as an unprivileged user (in a child)', () => {
  // As root, drop to uid 65534 first; as anyone else the calls fail already.
  const r = runChild(`
    const fd = rns.nsOpen(0, rns.CLONE_NEWNET);
    if (process.getuid() === 0) { rns.setgroups([]); rns.setresgid(65534, 65534, 65534); rns.setresuid(65534, 65534, 65534); }
    const seen = [];
    for (const f of [() => rns.setns(fd, rns.CLONE_NEWNET), () => rns.setuid(0), () => rns.setgroups([0])]) {
      try { f(); seen.push('no error'); } catch (e) { seen.push([e.code, e.errno, e.syscall, e.message]); }
    }
    out(seen);`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.deepStrictEqual(r.result, [
    ['EPERM', -1, 'setns', 'EPERM: operation not permitted, setns'],
    ['EPERM', -1, 'setuid', 'EPERM: operation not permitted, setuid'],
    ['EPERM', -1, 'setgroups', 'EPERM: operation not permitted, setgroups'],
  ]);
});

test('EBADF, ESRCH, EINVAL, ENOENT, ENOTTY cases', (t) => {
  const closed = fs.openSync('/dev/null', 'r');
  fs.closeSync(closed);
  assertSys(() => rns.setns(closed, 0), 'EBADF', 'setns');
  assertSys(() => rns.tcgetpgrp(closed), 'EBADF', 'tcgetpgrp');
  assertSys(() => rns.pidfdSendSignal(closed, 0), pidfdCode('EBADF'), 'pidfd_send_signal');
  assertSys(() => rns.getpgid(NOPID), 'ESRCH', 'getpgid');
  assertSys(() => rns.getsid(NOPID), 'ESRCH', 'getsid');
  assertSys(() => rns.nsOpen(NOPID, rns.CLONE_NEWNET), 'ESRCH', 'ns_open');
  assertSys(() => rns.setnsPid(NOPID, rns.CLONE_NEWNET), 'ESRCH', 'setns_pid');
  assertSys(() => rns.pidfdOpen(NOPID), pidfdCode('ESRCH'), 'pidfd_open');
  assertSys(() => rns.killpg(NOPID, 0), 'ESRCH', 'killpg');
  assertSys(() => rns.getpriority(rns.PRIO_PROCESS, NOPID), 'ESRCH', 'getpriority');
  assertSys(() => rns.unshare(1), 'EINVAL', 'unshare');
  assertSys(() => rns.unshare(rns.CLONE_NEWUSER), 'EINVAL', 'unshare'); // Node is multithreaded
  assertSys(() => rns.nsOpen(0, rns.CLONE_NEWNET | rns.CLONE_NEWUTS), 'EINVAL', 'ns_open');
  assertSys(() => rns.setnsPid(-5, rns.CLONE_NEWNET), 'EINVAL', 'setns_pid');
  assertSys(() => rns.killpg(1, 0), 'EINVAL', 'killpg');
  assertSys(() => rns.getpriority(99, 0), 'EINVAL', 'getpriority');
  assertSys(() => rns.pidfdOpen(0), 'EINVAL', 'pidfd_open');
  assertSys(() => rns.setuid(-1), 'EINVAL', 'setuid');
  assertSys(() => rns.setgroups([-1]), 'EINVAL', 'setgroups');
  const devnull = fs.openSync('/dev/null', 'r');
  try {
    assertSys(() => rns.setns(devnull, 0), 'EINVAL', 'setns');
    assertSys(() => rns.tcgetpgrp(devnull), 'ENOTTY', 'tcgetpgrp');
  } finally {
    fs.closeSync(devnull);
  }
  const err = assertSys(() => rns.setnsPath('/nonexistent/ns', rns.CLONE_NEWNET), 'ENOENT', 'setns_path');
  assert.strictEqual(err.path, '/nonexistent/ns');
  assert.strictEqual(err.message, "ENOENT: no such file or directory, setns_path '/nonexistent/ns'");
  assertSys(() => rns.setnsPath(Buffer.from('/nonexistent/ns')), 'ENOENT', 'setns_path');
  assertSys(() => rns.setnsPath(new URL('file:///nonexistent/ns')), 'ENOENT', 'setns_path');
  assertSys(() => rns.setnsPath('/proc/self/ns/uts', rns.CLONE_NEWNET), 'EINVAL', 'setns_path');
  if (noPidfd) noPidfdNote(t, 'pidfdOpen(NOPID) and pidfdSendSignal(closed fd) give ENOSYS; the rest as elsewhere');
});

test('a FileHandle is accepted where an fd is; a closed one is EBADF', async (t) => {
  const ns = await fsp.open('/proc/thread-self/ns/net');
  const nul = await fsp.open('/dev/null');
  try {
    // The call reached the kernel with the handle's fd: a type mismatch, not a TypeError.
    assertSys(() => rns.setns(ns, rns.CLONE_NEWUTS), 'EINVAL', 'setns');
    assertSys(() => rns.tcgetpgrp(nul), 'ENOTTY', 'tcgetpgrp');
    if (noPidfd) {
      // The handle reached C (ENOSYS from the kernel, not a TypeError), through a /proc/PID fd.
      assertSys(() => rns.pidfdOpen(process.pid), 'ENOSYS', 'pidfd_open');
      const proc = fs.openSync(`/proc/${process.pid}`, 'r');
      try {
        assertSys(() => rns.pidfdGetfd(proc, nul), 'ENOSYS', 'pidfd_getfd');
      } finally {
        fs.closeSync(proc);
      }
      noPidfdNote(t, 'pidfdOpen and pidfdGetfd(fd, FileHandle) give ENOSYS');
    } else {
      const pidfd = rns.pidfdOpen(process.pid);
      try {
        const dup = rns.pidfdGetfd(pidfd, nul);
        assert.strictEqual(fs.fstatSync(dup).rdev, fs.statSync('/dev/null').rdev);
        fs.closeSync(dup);
      } finally {
        fs.closeSync(pidfd);
      }
    }
  } finally {
    await ns.close();
    await nul.close();
  }
  assert.strictEqual(ns.fd, -1);
  assertSys(() => rns.setns(ns, 0), 'EBADF', 'setns');
  assertSys(() => rns.tcgetpgrp(nul), 'EBADF', 'tcgetpgrp');
});

test('wrong JS types throw TypeError [ERR_INVALID_ARG_TYPE]', () => {
  assertType(() => rns.setns('3', 0));
  assertType(() => rns.setns({}, 0));
  assertType(() => rns.setns({ fd: '3', close() {} }, 0));
  assertType(() => rns.setns(3, '0'));
  assertType(() => rns.setns(undefined));
  assertType(() => rns.unshare());
  assertType(() => rns.unshare(BigInt(rns.CLONE_NEWNET)));
  assertType(() => rns.setuid(null));
  assertType(() => rns.setuid('0'));
  assertType(() => rns.setresuid(0, 0));
  assertType(() => rns.setgroups('0'));
  assertType(() => rns.setgroups(0));
  assertType(() => rns.setgroups([0, 'x']));
  assertType(() => rns.initgroups(5, 0));
  assertType(() => rns.getgrouplist('root'));
  assertType(() => rns.setnsPath(5));
  assertType(() => rns.errname('EPERM'));
  assertType(() => rns.runInNamespaces(1, rns.CLONE_NEWNET, 'not a function'));
  assertType(() => rns.setnsPath('/proc/self/ns/net\0x'), 'ERR_INVALID_ARG_VALUE');
  assertType(() => rns.getgrouplist('ro\0ot', 0), 'ERR_INVALID_ARG_VALUE');
  assert.throws(() => rns.setuid('0'), {
    name: 'TypeError',
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "uid" argument must be of type number. Received type string (\'0\')',
  });
});

/** Asserts `fn` throws RangeError [ERR_OUT_OF_RANGE] for argument `name`, as Node core's fs and os. */
function assertRange(fn, name, range) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof RangeError, e && e.stack);
    assert.strictEqual(e.code, 'ERR_OUT_OF_RANGE');
    assert.ok(e.message.startsWith(`The value of "${name}" is out of range. It must be ${range}. Received `), e.message);
    assert.strictEqual(e.errno, undefined); // not a system error: no call was made
    return true;
  });
}

const INT = '>= -2147483648 && <= 2147483647';
const ID = '>= -1 && <= 4294967295';
const FLAGS = '>= -2147483648 && <= 4294967295';

test('numbers C cannot hold throw RangeError [ERR_OUT_OF_RANGE] without calling C', () => {
  // getpgid(2^32 + pid) would be getpgid(pid) after a C cast: it must fail instead.
  assertRange(() => rns.getpgid(2 ** 32 + process.pid), 'pid', INT);
  assertRange(() => rns.getpgid(1.5), 'pid', 'an integer');
  assertRange(() => rns.getpgid(NaN), 'pid', 'an integer');
  assertRange(() => rns.getpgid(Infinity), 'pid', 'an integer');
  assertRange(() => rns.setuid(2 ** 32), 'uid', ID); // would be uid 0
  assertRange(() => rns.setuid(-2), 'uid', ID);
  assertRange(() => rns.setresuid(0, 0.5, 0), 'euid', 'an integer');
  assertRange(() => rns.setgroups([2 ** 32]), 'groups[0]', ID);
  assertRange(() => rns.setns(2 ** 31, 0), 'fd', INT);
  assertRange(() => rns.unshare(2 ** 32), 'flags', FLAGS);
  assertRange(() => rns.pidfdOpen(process.pid, -(2 ** 31) - 1), 'flags', FLAGS);
  assertRange(() => rns.getpriority(rns.PRIO_PROCESS, 2 ** 32), 'who', ID);
  assertRange(() => rns.errname(2 ** 31), 'err', INT);
  assertRange(() => rns.killpg(0, 2 ** 31), 'sig', INT);
  assertRange(() => rns.runInNamespaces(2 ** 31, rns.CLONE_NEWNET, () => 0), 'pid', INT);
  // The message is Node core's, separators and all (compare os.setPriority(2 ** 40)).
  assert.throws(() => rns.getpgid(2 ** 40), {
    name: 'RangeError',
    code: 'ERR_OUT_OF_RANGE',
    message: 'The value of "pid" is out of range. It must be >= -2147483648 && <= 2147483647. Received 1_099_511_627_776',
  });
  assert.throws(() => os.setPriority(2 ** 40), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE', message: /Received 1_099_511_627_776$/ });
  // The stack starts at the caller, not inside the binding.
  try {
    rns.setuid(-2);
  } catch (e) {
    assert.match(e.stack.split('\n')[1], /errors\.test\.js/);
  }
  // In range but refused: the EINVAL system error, as before (CLONE_NEWUSER, CLONE_NEWNS).
  assertSys(() => rns.runInNamespaces(1, rns.CLONE_NEWUSER, () => 0), 'EINVAL', 'ns_enter_pid');
  // a mount namespace needs a thread with its own fs state: Node's threads share theirs
  assertSys(() => rns.runInNamespaces(process.pid, rns.CLONE_NEWNS, () => 0), 'EINVAL', 'ns_enter_pid');
  assertSys(() => rns.runInNamespacesOf(-1, rns.CLONE_NEWNET, () => 0), 'EBADF', 'ns_enter');
  assertSys(() => rns.runInNamespacesOf(0, 0, () => 0), 'EINVAL', 'ns_enter');
});

test('signals by name, as process.kill takes them; an unknown name is ERR_UNKNOWN_SIGNAL', (t) => {
  // The name reached the kernel (ESRCH: no such group), so it was taken.
  assertSys(() => rns.killpg(NOPID, 'SIGTERM'), 'ESRCH', 'killpg');
  assertSys(() => rns.killpg(1, 'SIGKILL'), 'EINVAL', 'killpg'); // group 1 refused, as with 9
  for (const [fn, args] of [[rns.killpg, [NOPID]], [rns.pidfdSendSignal, [-1]]]) {
    for (const bad of ['SIGFOO', 'sigterm', 'TERM', 'toString', '__proto__', '']) {
      assert.throws(() => fn(...args, bad), {
        name: 'TypeError',
        code: 'ERR_UNKNOWN_SIGNAL',
        message: `Unknown signal: ${bad}`,
      });
    }
    assertType(() => fn(...args, {}));
    assertType(() => fn(...args, null));
    assertType(() => fn(...args, 9n));
  }
  // Node says the same for the same name.
  assert.throws(() => process.kill(process.pid, 'SIGFOO'), { name: 'TypeError', code: 'ERR_UNKNOWN_SIGNAL', message: 'Unknown signal: SIGFOO' });
  const closed = fs.openSync('/dev/null', 'r');
  fs.closeSync(closed);
  assertSys(() => rns.pidfdSendSignal(closed, 'SIGKILL'), pidfdCode('EBADF'), 'pidfd_send_signal');
  if (noPidfd) noPidfdNote(t, "pidfdSendSignal(closed fd, 'SIGKILL') gives ENOSYS");
});

test('-1 is all ones for ids, as in C ("unchanged")', () => {
  // setres*id(-1, -1, -1) changes nothing: safe in the test process.
  rns.setresuid(-1, -1, -1);
  rns.setresgid(-1, -1, -1);
  rns.setreuid(-1, -1);
  rns.setregid(-1, -1);
  rns.setresuid(2 ** 32 - 1, 2 ** 32 - 1, 2 ** 32 - 1);
});

test('errname, strerror, and errnos libuv does not know', () => {
  assert.strictEqual(rns.errname(1), 'EPERM');
  assert.strictEqual(rns.errname(-1), 'EPERM');
  assert.strictEqual(rns.errname(0), 'OK');
  assert.strictEqual(rns.errname(100000), 'UNKNOWN');
  assert.strictEqual(rns.strerror(1), 'Operation not permitted');
  for (const [name, n] of Object.entries(os.constants.errno)) {
    // Aliases (EWOULDBLOCK, ENOTSUP, ...) share a number: the name maps back to it.
    assert.strictEqual(os.constants.errno[rns.errname(n)], n, name);
    assert.ok(rns.strerror(n).length > 0);
  }
  // EUSERS (87) is not in libuv's table: the library's name and message are used.
  const { systemError } = require('../lib/internal/errors');
  assert.strictEqual(util.getSystemErrorMap().get(-87), undefined);
  const err = systemError(-87, 'unshare');
  assert.strictEqual(err.code, 'EUSERS');
  assert.strictEqual(err.errno, -87);
  assert.strictEqual(err.message, 'EUSERS: too many users, unshare');
});

test('bad input never crashes: every function, every bad value (in a child)', () => {
  const r = runChild(`
    const bad = [undefined, null, true, {}, [], 'x', '1', NaN, Infinity, -Infinity, 1.5, 2 ** 31,
      2 ** 32, 2 ** 53, -(2 ** 31) - 1, Symbol('s'), 10n, () => {}, { fd: 'x', close() {} }];
    // Each template is valid-ish; one argument at a time is replaced by a bad value.
    const templates = {
      setns: [-1, 0], unshare: [1], setnsPath: ['/nonexistent', 0], nsOpen: [0, 1], setnsPid: [-5, 1],
      setpgid: [${NOPID}, 0], getpgid: [${NOPID}], getsid: [${NOPID}], tcgetpgrp: [-1], tcsetpgrp: [-1, 0],
      killpg: [${NOPID}, 0], getpriority: [99, 0], setpriority: [99, 0, 0], setuid: [-1], setgid: [-1],
      seteuid: [-1], setegid: [-1], setreuid: [-1, -1], setregid: [-1, -1], setresuid: [-1, -1, -1],
      setresgid: [-1, -1, -1], setgroups: [[-1]], initgroups: ['root', -1], getgrouplist: ['root', 0],
      pidfdOpen: [0, 0], pidfdSendSignal: [-1, 0, 0], pidfdGetfd: [-1, 0, 0], errname: [1], strerror: [1],
      runInNamespaces: [0, 1, () => 0], runInNamespacesOf: [-1, 1, () => 0],
      setPdeathsig: [65], setChildSubreaper: [2], setNoNewPrivs: [0],
    };
    const problems = [];
    let calls = 0;
    for (const [name, args] of Object.entries(templates)) {
      for (let i = 0; i < args.length; i++) {
        for (const v of bad) {
          const a = args.slice(); a[i] = v;
          if (name === 'setgroups') a[0] = [v];
          calls++;
          try { rns[name](...a); }
          catch (e) {
            const okType = e instanceof TypeError && ['ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE', 'ERR_UNKNOWN_SIGNAL'].includes(e.code);
            const okRange = e instanceof RangeError && e.code === 'ERR_OUT_OF_RANGE';
            const okSys = e instanceof Error && typeof e.errno === 'number' && e.errno < 0 && typeof e.syscall === 'string';
            if (!okType && !okRange && !okSys) problems.push(name + ' arg ' + i + ': ' + e);
          }
        }
      }
    }
    out({ calls, problems });`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.deepStrictEqual(r.result.problems, []);
  assert.ok(r.result.calls > 500);
});
