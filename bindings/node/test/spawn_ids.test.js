'use strict';
// The identity options of rawSpawn (issue 18): capabilities beside setpriv(1), the
// scheduler beside chrt(1), chroot beside unshare(1) --root, resetIds, and Go's
// TestAmbientCapsUserns (child_process has none of these).

const test = require('node:test');
const assert = require('node:assert');
const cp = require('child_process');
const rns = require('..');
// The low-level start (lib/spawn.js: throws, stdio 'inherit' by default, the engine of rns.spawn).
const { spawn: rawSpawn } = require('../lib/spawn');
const { noPidfd, privilege, runChild, isRoot } = require('./helpers');

/** Runs file with rawSpawn(options) and returns its stdout, trimmed. */
async function output(file, args, options) {
  const c = rawSpawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
  let s = '';
  c.stdout.on('data', (d) => { s += d; });
  const [res] = await Promise.all([c.exited, new Promise((r) => c.stdout.on('end', r))]);
  assert.strictEqual(res.code, 0, `${file} exited ${res.code}`);
  return s.trim();
}

test('18: options.scheduler beside chrt', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const strip = (s) => s.replace(/pid \d+'s /g, '').trim();
  for (const [policy, opts] of [[3, ['--batch']], [5, ['--idle']], [3 | 0x40000000, ['--batch', '--reset-on-fork']]]) {
    const peer = cp.spawnSync('chrt', [...opts, '0', 'chrt', '-p', '0'], { encoding: 'utf8' });
    assert.strictEqual(peer.status, 0, peer.stderr);
    assert.strictEqual(strip(await output('chrt', ['-p', '0'], { scheduler: { policy } })), strip(peer.stdout));
  }
  assert.throws(() => rawSpawn('/bin/true', [], { scheduler: { policy: 6 } }), { code: 'EINVAL', syscall: 'spawn_attr_set_scheduler' });
  assert.throws(() => rawSpawn('/bin/true', [], { scheduler: { policy: 1, priority: 100 } }), { code: 'EINVAL' });
  assert.throws(() => rawSpawn('/bin/true', [], { scheduler: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
});

test('18: capability options are checked', () => {
  assert.strictEqual(rns.CAP_NET_RAW, 13);
  assert.strictEqual(rns.CAP_SYS_TIME, 25);
  assert.throws(() => rawSpawn('/bin/true', [], { boundingSet: ['CAP_NOPE'] }), { code: 'ERR_INVALID_ARG_VALUE' });
  assert.throws(() => rawSpawn('/bin/true', [], { ambientCaps: ['SPAWN_RESETIDS'] }), { code: 'ERR_INVALID_ARG_VALUE' });
  assert.throws(() => rawSpawn('/bin/true', [], { inheritableCaps: [64] }), { code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => rawSpawn('/bin/true', [], { inheritableCaps: [63] }), { code: 'EINVAL', syscall: 'spawn_attr_set_inheritable_caps' });
  assert.throws(() => rawSpawn('/bin/true', [], { ambientCaps: 'CAP_NET_RAW' }), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => rawSpawn('/bin/true', [], { securebits: -2 }), { code: 'EINVAL', syscall: 'spawn_attr_set_securebits' });
  assert.throws(() => rawSpawn('/bin/true', [], { resetIds: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => rawSpawn('/bin/true', [], { chroot: 5 }), { code: 'ERR_INVALID_ARG_TYPE' });
});

// Go's TestAmbientCapsUserns: as anyone, nobody of a new user namespace with two ambient caps.
test('18: options.ambientCaps through a user namespace', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const out = await output('grep', ['^Cap', '/proc/self/status'], {
    unshare: rns.CLONE_NEWUSER, uidMap: `65534 ${process.geteuid()} 1`, gidMap: `65534 ${process.getegid()} 1`,
    uid: 65534, gid: 65534, ambientCaps: ['CAP_SYS_TIME', rns.CAP_SYSLOG],
  });
  const want = ((1n << 25n) | (1n << 34n)).toString(16).padStart(16, '0');
  assert.match(out, new RegExp(`CapEff:\\s+${want}`));
  assert.match(out, new RegExp(`CapAmb:\\s+${want}`));
});

test('18: capability options beside setpriv', (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const p = privilege();
  if (p.skip) return t.skip(p.skip);
  const r = runChild(`
    const cases = [
      [{ boundingSet: ['CAP_CHOWN', 'CAP_NET_RAW'] }, ['--bounding-set=-all,+chown,+net_raw']],
      [{ inheritableCaps: ['CAP_NET_RAW', 25] }, ['--inh-caps=-all,+net_raw,+sys_time']],
      [{ ambientCaps: ['CAP_NET_RAW'], boundingSet: ['CAP_NET_RAW', 'CAP_KILL'] },
       ['--bounding-set=-all,+net_raw,+kill', '--inh-caps=+net_raw', '--ambient-caps=+net_raw']],
      [{ securebits: 1 }, ['--securebits=+noroot']],
    ];
    const got = [];
    for (const [options, opts] of cases) {
      const peer = spawnSync('setpriv', [...opts, '--', 'grep', '^Cap', '/proc/self/status'], { encoding: 'utf8' });
      const c = rawSpawn('grep', ['^Cap', '/proc/self/status'], { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
      let s = '';
      c.stdout.on('data', (d) => { s += d; });
      await Promise.all([c.exited, new Promise((r) => c.stdout.on('end', r))]);
      got.push({ opts, ours: s.trim(), peer: peer.stdout.trim() });
    }
    out(got);`, { prefix: p.prefix });
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  for (const g of r.result) assert.strictEqual(g.ours, g.peer, `setpriv ${g.opts.join(' ')}`);
});

test('18: options.chroot beside unshare --root', (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const p = privilege();
  if (p.skip) return t.skip(p.skip);
  const prefix = p.prefix.length ? [...p.prefix, '--mount'] : ['unshare', '--mount'];
  const r = runChild(`
    const d = fs.mkdtempSync(os.tmpdir() + '/rns-root-');
    const run = (cmd, ...args) => assert.strictEqual(spawnSync(cmd, args, { stdio: 'inherit' }).status, 0, cmd + ' ' + args.join(' '));
    run('mount', '-t', 'tmpfs', 'tmpfs', d);
    for (const l of ['bin', 'lib', 'lib64']) fs.symlinkSync('usr/' + l, d + '/' + l);
    fs.mkdirSync(d + '/usr'); fs.mkdirSync(d + '/sub');
    run('mount', '--rbind', '/usr', d + '/usr');
    fs.writeFileSync(d + '/marker', 'inside');
    const show = ['-c', 'pwd; cat /marker'];
    const got = async (options) => {
      const c = rawSpawn('/bin/sh', show, { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
      let s = '';
      c.stdout.on('data', (x) => { s += x; });
      await Promise.all([c.exited, new Promise((r) => c.stdout.on('end', r))]);
      return s.trim();
    };
    const peer = spawnSync('unshare', ['--root=' + d, '/bin/sh', ...show], { encoding: 'utf8' }).stdout.trim();
    const ours = await got({ chroot: d, cwd: '/' });
    const sub = await got({ chroot: d, cwd: '/sub' });
    let missing;
    try { rawSpawn('/bin/true', [], { chroot: d + '/missing' }); } catch (e) { missing = [e.code, e.step]; }
    run('umount', '-l', d);
    fs.rmdirSync(d);
    out({ peer, ours, sub, missing });`, { prefix });
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.strictEqual(r.result.ours, r.result.peer);
  assert.strictEqual(r.result.ours, '/\ninside');
  assert.strictEqual(r.result.sub, '/sub\ninside');
  assert.deepStrictEqual(r.result.missing, ['ENOENT', 'chroot']);
});

test('18: options.resetIds from a set-user-ID-like process', (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  if (!isRoot) return t.skip('needs real root: a user namespace of our own maps one id, so real and effective ids cannot differ');
  const r = runChild(`
    rns.setresgid(65534, 0, 0);
    rns.setresuid(65534, 0, 0);
    const got = async (options) => {
      const c = rawSpawn('grep', ['-E', '^(Uid|Gid):', '/proc/self/status'], { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
      let s = '';
      c.stdout.on('data', (x) => { s += x; });
      await Promise.all([c.exited, new Promise((r) => c.stdout.on('end', r))]);
      return s.trim().split(/\\s+/).join(' ');
    };
    out({ plain: await got({}), reset: await got({ resetIds: true }) });`);
  assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  assert.strictEqual(r.result.plain, 'Uid: 65534 0 0 0 Gid: 65534 0 0 0');
  assert.strictEqual(r.result.reset, 'Uid: 65534 65534 65534 65534 Gid: 65534 65534 65534 65534');
});

test('18: options.setgroups beside unshare --setgroups', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here');
  const peer = cp.spawnSync('unshare', ['--user', '--setgroups', 'deny', 'cat', '/proc/self/setgroups'], { encoding: 'utf8' });
  if (peer.status !== 0) return t.skip(`no user namespace here: ${peer.stderr.trim()}`);
  const maps = { uidMap: `0 ${process.getuid()} 1`, gidMap: `0 ${process.getgid()} 1` };
  const cat = (o) => output('/bin/cat', ['/proc/self/setgroups'], { unshare: rns.CLONE_NEWUSER, ...o });
  assert.strictEqual(await cat({ setgroups: 'deny' }), peer.stdout.trim());
  assert.strictEqual(await cat({ setgroups: 'deny', ...maps }), 'deny');
  assert.strictEqual(await cat({ setgroups: 'allow', ...maps }), isRoot ? 'allow' : 'deny');
  assert.strictEqual(await cat({}), 'allow');
  assert.throws(() => rawSpawn('/bin/true', [], { setgroups: 'maybe' }), { code: 'ERR_INVALID_ARG_VALUE' });
  assert.throws(() => rawSpawn('/bin/true', [], { setgroups: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
});
