'use strict';
// Namespace identity and relations (lib/ns_handle.js): nsType, nsUserns, nsParent, nsOwnerUid,
// nsId, nsSame and the Namespace class. All read only, so they run in this process; a new
// user namespace is a child's (unshare(1)), as Node cannot make one itself.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const { spawn } = require('child_process');
const rns = require('..');

const open = (name) => fs.openSync(`/proc/thread-self/ns/${name}`, 'r');
const expectErr = (fn, code, syscall) =>
  assert.throws(fn, (e) => e.code === code && e.syscall === syscall && e.errno < 0, `${syscall}: ${code}`);

test('nsType gives the type of every namespace file', () => {
  const types = { mnt: 'CLONE_NEWNS', cgroup: 'CLONE_NEWCGROUP', uts: 'CLONE_NEWUTS', ipc: 'CLONE_NEWIPC',
    user: 'CLONE_NEWUSER', pid: 'CLONE_NEWPID', pid_for_children: 'CLONE_NEWPID', net: 'CLONE_NEWNET',
    time: 'CLONE_NEWTIME', time_for_children: 'CLONE_NEWTIME' };
  for (const [file, name] of Object.entries(types)) {
    if (!fs.existsSync(`/proc/thread-self/ns/${file}`)) continue;
    const fd = open(file);
    try {
      assert.strictEqual(rns.nsType(fd), rns[name], file);
    } finally {
      fs.closeSync(fd);
    }
  }
});

test('a file that is no namespace: EINVAL; a closed fd: EBADF; from every call', () => {
  const net = open('net');
  const nul = fs.openSync('/dev/null', 'r');
  const closed = fs.openSync('/dev/null', 'r');
  fs.closeSync(closed); // nothing opened after this can take its number
  try {
    for (const [fd, code] of [[nul, 'EINVAL'], [closed, 'EBADF'], [-1, 'EBADF']]) {
      expectErr(() => rns.nsType(fd), code, 'ns_type');
      expectErr(() => rns.nsUserns(fd), code, 'ns_userns');
      expectErr(() => rns.nsParent(fd), code, 'ns_parent');
      expectErr(() => rns.nsOwnerUid(fd), code, 'ns_owner_uid');
      expectErr(() => rns.nsId(fd), code, 'ns_id');
      expectErr(() => rns.nsSame(fd, net), code, 'ns_same');
      expectErr(() => rns.nsSame(net, fd), code, 'ns_same');
    }
    expectErr(() => new rns.Namespace(nul), 'EINVAL', 'ns_type');
    assert.throws(() => rns.nsType('3'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  } finally {
    fs.closeSync(nul);
    fs.closeSync(net);
  }
});

test('our own namespaces: ids, sameness, owner, no parent', () => {
  const net = rns.Namespace.open(0, rns.CLONE_NEWNET);
  const net2 = new rns.Namespace(open('net'));
  const uts = rns.Namespace.open(0, rns.CLONE_NEWUTS);
  const user = rns.Namespace.open(0, rns.CLONE_NEWUSER);
  try {
    assert.strictEqual(net.type(), rns.CLONE_NEWNET);
    const a = net.id();
    const b = net2.id();
    assert.strictEqual(typeof a.id, 'bigint');
    assert.deepStrictEqual(a, b);
    if (!a.kernel) assert.strictEqual(a.id, BigInt(fs.fstatSync(net.fd).ino));
    assert.notDeepStrictEqual(uts.id(), a);
    assert.strictEqual(net.equals(net2), true);
    assert.strictEqual(net.equals(uts), false);
    assert.strictEqual(rns.nsSame(net, net2.fd), true); // a Namespace is an Fd
    const owner = net.owner();
    assert.strictEqual(owner.equals(user), true);
    assert.strictEqual(owner.type(), rns.CLONE_NEWUSER);
    owner.close();
    expectErr(() => net.parent(), 'EINVAL', 'ns_parent');
    expectErr(() => user.parent(), 'EPERM', 'ns_parent');
    expectErr(() => user.owner(), 'EPERM', 'ns_userns');
    expectErr(() => net.ownerUid(), 'EINVAL', 'ns_owner_uid');
    assert.strictEqual(typeof user.ownerUid(), 'number');
    assert.throws(() => net.equals(3), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    // Closed: EBADF from every method, close() included.
    net2.close();
    assert.strictEqual(net2.fd, -1);
    expectErr(() => net2.close(), 'EBADF', 'close');
    expectErr(() => net2.type(), 'EBADF', 'ns_type');
    expectErr(() => net2.id(), 'EBADF', 'ns_id');
    expectErr(() => net2.owner(), 'EBADF', 'ns_userns');
    expectErr(() => net2.parent(), 'EBADF', 'ns_parent');
    expectErr(() => net2.ownerUid(), 'EBADF', 'ns_owner_uid');
    expectErr(() => net.equals(net2), 'EBADF', 'ns_same');
  } finally {
    for (const n of [net, uts, user]) n.close();
  }
});

test('a child\'s new user namespace: its parent and owner are ours, its owner uid our euid', async (t) => {
  const child = spawn('unshare', ['--user', '--net', 'sleep', '30'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  t.after(() => child.kill('SIGKILL'));
  const ours = rns.Namespace.open(0, rns.CLONE_NEWUSER);
  let theirs;
  for (let i = 0; i < 100 && !theirs; i++) {
    await new Promise((r) => setTimeout(r, 20));
    if (child.exitCode !== null) break;
    try {
      const n = rns.Namespace.open(child.pid, rns.CLONE_NEWUSER);
      if (!n.equals(ours)) theirs = n;
      else n.close();
    } catch {}
  }
  if (!theirs) {
    child.kill('SIGKILL');
    await exited;
    return t.skip('unshare --user --net did not give a child a user namespace of its own here');
  }
  const net = rns.Namespace.open(child.pid, rns.CLONE_NEWNET);
  try {
    const parent = theirs.parent();
    const owner = theirs.owner();
    assert.strictEqual(parent.equals(ours), true);
    assert.strictEqual(owner.equals(ours), true);
    assert.strictEqual(theirs.ownerUid(), process.geteuid());
    const netOwner = net.owner();
    assert.strictEqual(netOwner.equals(theirs), true);
    expectErr(() => net.parent(), 'EINVAL', 'ns_parent');
    const a = theirs.id();
    const b = ours.id();
    assert.ok(a.kernel !== b.kernel || a.id !== b.id);
    for (const n of [parent, owner, netOwner]) n.close();
  } finally {
    for (const n of [theirs, net, ours]) n.close();
    child.kill('SIGKILL');
    await exited;
  }
});

/** The NSpid numbers of /proc/PID/status, from /proc's pid namespace down. */
const nspid = (pid) => {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('NSpid:'));
  return line.slice(6).trim().split(/\s+/).map(Number);
};

test('nsPidFrom, nsPidIn: our own pid namespace is the identity; bad arguments', () => {
  const pid = rns.Namespace.open(0, rns.CLONE_NEWPID);
  const net = open('net');
  try {
    assert.strictEqual(rns.nsPidFrom(pid, process.pid), process.pid);
    assert.strictEqual(pid.pidIn(process.pid, rns.NS_PID_TGID), process.pid);
    expectErr(() => rns.nsPidFrom(net, 1), 'EINVAL', 'ns_pid_from');
    expectErr(() => rns.nsPidIn(-1, process.pid), 'EBADF', 'ns_pid_in');
    expectErr(() => pid.pidFrom(0), 'EINVAL', 'ns_pid_from');
    expectErr(() => pid.pidIn(process.pid, 2), 'EINVAL', 'ns_pid_in');
    assert.throws(() => rns.nsPidFrom(pid, '1'), { name: 'TypeError' });
  } finally {
    pid.close();
    fs.closeSync(net);
  }
});

test('nsPidFrom, nsPidIn: a child pid namespace, against /proc/PID/status NSpid', async (t) => {
  const child = spawn('unshare', ['--user', '--map-root-user', '--pid', '--fork', 'sleep', '30'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  t.after(() => child.kill('SIGKILL'));
  let inner; // the sleep, pid 1 of the new namespace
  for (let i = 0; i < 100 && !inner; i++) {
    await new Promise((r) => setTimeout(r, 20));
    if (child.exitCode !== null) break;
    try {
      const kids = fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
      if (kids && nspid(Number(kids)).length === 2) inner = Number(kids);
    } catch {}
  }
  if (!inner) {
    child.kill('SIGKILL');
    await exited;
    return t.skip('unshare --user --pid --fork did not start a process in a new pid namespace here');
  }
  const ns = rns.Namespace.open(inner, rns.CLONE_NEWPID);
  try {
    const [outer, there] = nspid(inner);
    assert.strictEqual(outer, inner);
    assert.strictEqual(there, 1);
    assert.strictEqual(ns.pidFrom(there), outer);
    assert.strictEqual(rns.nsPidFrom(ns, there, rns.NS_PID_TGID), outer);
    assert.strictEqual(ns.pidIn(outer), there);
    expectErr(() => ns.pidIn(process.pid), 'ESRCH', 'ns_pid_in'); // we are outside it
    expectErr(() => ns.pidFrom(2), 'ESRCH', 'ns_pid_from');
  } finally {
    ns.close();
    child.kill('SIGKILL');
    await exited;
  }
});

test('nsOpenId: our net namespace reopened from its kernel id, type and inode', (t) => {
  const net = rns.Namespace.open(0, rns.CLONE_NEWNET);
  try {
    const { id, kernel } = net.id();
    const ino = fs.fstatSync(net.fd, { bigint: true }).ino;
    if (!kernel) {
      expectErr(() => rns.nsOpenId(id, rns.CLONE_NEWNET, ino), 'ENOSYS', 'ns_open_id');
      return t.skip('no kernel namespace ids (before 6.18): no nsfs handles, ENOSYS checked');
    }
    const again = rns.Namespace.openId(id, rns.CLONE_NEWNET, ino);
    assert.strictEqual(again.equals(net), true);
    again.close();
    expectErr(() => rns.nsOpenId(id, rns.CLONE_NEWNET, ino + 1n), 'ENOENT', 'ns_open_id');
    expectErr(() => rns.nsOpenId(id, rns.CLONE_NEWUTS, ino), 'ENOENT', 'ns_open_id');
    expectErr(() => rns.nsOpenId(0, rns.CLONE_NEWNET, ino), 'EINVAL', 'ns_open_id');
    expectErr(() => rns.nsOpenId(id, rns.CLONE_NEWNET, 0), 'EINVAL', 'ns_open_id');
    assert.throws(() => rns.nsOpenId(-1, rns.CLONE_NEWNET, ino), { name: 'TypeError' });
  } finally {
    net.close();
  }
});

test('listns: our net namespace among those listed, or ENOSYS before Linux 6.19', (t) => {
  expectErr(() => rns.listns({ types: 1 }), 'EINVAL', 'listns');
  assert.throws(() => rns.listns({ max: -1 }), { name: 'TypeError' });
  const net = rns.Namespace.open(0, rns.CLONE_NEWNET);
  const mine = net.id().id;
  net.close();
  let ids;
  try {
    ids = rns.listns({ types: rns.CLONE_NEWNET, max: 64 });
  } catch (e) {
    assert.strictEqual(e.code, 'ENOSYS', String(e));
    t.diagnostic('no listns here (a kernel before 6.19): ENOSYS, as documented');
    return;
  }
  for (let pages = 0, after = 0n; ids.length && pages < 100000; pages++) {
    for (const id of ids) {
      assert.ok(id > after, 'ascending after the cursor');
      if (id === mine) return;
    }
    after = ids[ids.length - 1];
    ids = rns.listns({ after, types: rns.CLONE_NEWNET, max: 64 });
  }
  assert.fail(`our net namespace ${mine} is not listed`);
});
