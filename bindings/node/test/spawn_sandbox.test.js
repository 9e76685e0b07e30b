'use strict';
// 18: options.seccomp and options.landlock: a filter that makes getpid fail with a chosen
// errno in the program (perl reports it), a Landlock ruleset that denies a read, and the
// options' checks.

const test = require('node:test');
const assert = require('node:assert');
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const koffi = require('koffi');
const rns = require('..');
// The low-level start (lib/spawn.js: throws, stdio 'inherit' by default, the engine of rns.spawn).
const { spawn: rawSpawn } = require('../lib/spawn');
const { noPidfd } = require('./helpers');

const PERL = '/usr/bin/perl';
// From <linux/seccomp.h> and <linux/filter.h>.
const RET_ERRNO = 0x00050000;
const RET_ALLOW = 0x7fff0000;
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const RET_K = 0x06;
// Landlock's syscall numbers: the same on every architecture (the unified syscall table,
// Linux 5.13). Access rights from <linux/landlock.h>: execute, read-file, read-dir.
const SYS_LANDLOCK_CREATE_RULESET = 444;
const SYS_LANDLOCK_ADD_RULE = 445;
const LL_RIGHTS = (1n << 0n) | (1n << 2n) | (1n << 3n);

const libc = koffi.load('libc.so.6');
const syscall = libc.func('long syscall(long nr, ...)');
const le = os.endianness() === 'LE';

/** getpid's number from the system's headers (perl's syscall.ph), or null. */
function sysGetpid() {
  try {
    return Number(cp.execFileSync(PERL, ['-e', 'require "syscall.ph"; print SYS_getpid()'], { stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return null;
  }
}

/** A filter: syscall nr answers -errno, the rest is allowed. */
function denyFilter(nr, errno) {
  return [
    { code: LD_W_ABS, k: 0 }, // seccomp_data.nr
    { code: JEQ_K, jt: 0, jf: 1, k: nr },
    { code: RET_K, k: RET_ERRNO | errno },
    { code: RET_K, k: RET_ALLOW },
  ];
}

/** Runs file with args and options; its stdout, stderr and exit. */
async function run(file, args, options) {
  const c = rawSpawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  c.stdout.on('data', (d) => { out += d; });
  c.stderr.on('data', (d) => { err += d; });
  const [r] = await Promise.all([c.exited, new Promise((res) => c.stdout.on('end', res)), new Promise((res) => c.stderr.on('end', res))]);
  fs.closeSync(c.pidfd);
  return { out, err, r, pid: c.pid };
}

test('18: options.seccomp makes getpid fail with a chosen errno', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here: rawSpawn needs it');
  const nr = sysGetpid();
  if (nr === null) return t.skip('no perl with syscall.ph here: no program reports getpid\'s raw result');
  const script = 'my $r = syscall($ARGV[0]); print $r < 0 ? "err " . ($! + 0) : "pid $r"';
  const ENOMSG = os.constants.errno.ENOMSG;
  const filter = denyFilter(nr, ENOMSG);
  let g = await run(PERL, ['-e', script, String(nr)], { noNewPrivs: true, seccomp: filter });
  assert.strictEqual(g.out, `err ${ENOMSG}`);
  // The same program as raw instructions in a Buffer.
  const buf = Buffer.alloc(8 * filter.length);
  filter.forEach((ins, i) => {
    if (le) buf.writeUInt16LE(ins.code, 8 * i); else buf.writeUInt16BE(ins.code, 8 * i);
    buf[8 * i + 2] = ins.jt || 0;
    buf[8 * i + 3] = ins.jf || 0;
    if (le) buf.writeUInt32LE(ins.k >>> 0, 8 * i + 4); else buf.writeUInt32BE(ins.k >>> 0, 8 * i + 4);
  });
  g = await run(PERL, ['-e', script, String(nr)], { noNewPrivs: true, seccomp: buf });
  assert.strictEqual(g.out, `err ${ENOMSG}`);
  g = await run(PERL, ['-e', script, String(nr)], {});
  assert.strictEqual(g.out, `pid ${g.pid}`);
  // Without noNewPrivs: root has CAP_SYS_ADMIN, and no_new_privs inherited (a sandbox's)
  // serves as well; else the kernel's EACCES.
  if (process.getuid() === 0 || rns.getNoNewPrivs() === 1) {
    g = await run(PERL, ['-e', script, String(nr)], { seccomp: filter });
    assert.strictEqual(g.out, `err ${ENOMSG}`);
  } else {
    assert.throws(() => rawSpawn(PERL, ['-e', script, String(nr)], { seccomp: filter }), { code: 'EACCES', step: 'seccomp' });
  }
});

test('18: options.seccomp is checked', () => {
  const spawn = (seccomp) => () => rawSpawn('/bin/true', [], { seccomp, noNewPrivs: true });
  assert.throws(spawn([]), { code: 'ERR_OUT_OF_RANGE' });
  assert.throws(spawn(Buffer.alloc(0)), { code: 'ERR_OUT_OF_RANGE' });
  assert.throws(spawn(Buffer.alloc(8 * 4097)), { code: 'ERR_OUT_OF_RANGE' });
  assert.throws(spawn(Buffer.alloc(12)), { code: 'ERR_INVALID_ARG_VALUE' });
  assert.throws(spawn('filter'), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(spawn([null]), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(spawn([{ code: 0x10000 }]), { code: 'ERR_OUT_OF_RANGE' });
  assert.throws(spawn([{ code: RET_K, jt: 256 }]), { code: 'ERR_OUT_OF_RANGE' });
  assert.throws(spawn([{ code: RET_K, k: -1 }]), { code: 'ERR_OUT_OF_RANGE' });
  assert.throws(spawn([{ code: RET_K, k: '1' }]), { code: 'ERR_INVALID_ARG_TYPE' });
  if (noPidfd) return;
  // An opcode the kernel refuses: EINVAL at the step.
  assert.throws(spawn([{ code: 0xffff }, { code: RET_K, k: RET_ALLOW }]), { code: 'EINVAL', step: 'seccomp' });
});

/** A ruleset handling execute, read-file, read-dir, allowing them beneath /usr; null without Landlock. */
function usrOnlyRuleset() {
  const attr = Buffer.alloc(8);
  if (le) attr.writeBigUInt64LE(LL_RIGHTS); else attr.writeBigUInt64BE(LL_RIGHTS);
  const rs = Number(syscall(SYS_LANDLOCK_CREATE_RULESET, 'void *', attr, 'size_t', 8, 'uint32_t', 0));
  if (rs < 0) return null;
  const usr = fs.openSync('/usr', 'r');
  const rule = Buffer.alloc(12); // struct landlock_path_beneath_attr, packed: u64 allowed, s32 parent_fd
  if (le) { rule.writeBigUInt64LE(LL_RIGHTS, 0); rule.writeInt32LE(usr, 8); } else { rule.writeBigUInt64BE(LL_RIGHTS, 0); rule.writeInt32BE(usr, 8); }
  const r = Number(syscall(SYS_LANDLOCK_ADD_RULE, 'int', rs, 'int', 1, 'void *', rule, 'uint32_t', 0));
  fs.closeSync(usr);
  assert.strictEqual(r, 0, `landlock_add_rule: errno ${koffi.errno()}`);
  return rs;
}

test('18: options.landlock denies a read', async (t) => {
  if (noPidfd) return t.skip('no pidfd_open here: rawSpawn needs it');
  const rs = usrOnlyRuleset();
  if (rs === null) return t.skip(`no Landlock here: landlock_create_ruleset errno ${koffi.errno()}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rns-landlock-'));
  try {
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, 'f');
    fs.writeFileSync(file, 'secret', { mode: 0o644 });
    assert.strictEqual((await run('/bin/cat', [file], {})).out, 'secret');
    const g = await run('/bin/cat', [file], { noNewPrivs: true, landlock: rs });
    assert.deepStrictEqual([g.out, g.r.kind, g.r.code], ['', 'exited', 1]);
    assert.match(g.err, /Permission denied/);
    if (process.getuid() === 0 || rns.getNoNewPrivs() === 1) {
      const h = await run('/bin/cat', [file], { landlock: rs });
      assert.deepStrictEqual([h.out, h.r.code], ['', 1], 'root, or no_new_privs inherited: restricted without the option');
    } else {
      assert.throws(() => rawSpawn('/bin/cat', [file], { landlock: rs }), { code: 'EPERM', step: 'landlock' });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.closeSync(rs);
  }
  const nul = fs.openSync('/dev/null', 'r');
  try {
    assert.throws(() => rawSpawn('/bin/true', [], { landlock: nul }), { code: 'EBADFD', syscall: 'spawn_attr_set_landlock' });
  } finally {
    fs.closeSync(nul);
  }
  assert.throws(() => rawSpawn('/bin/true', [], { landlock: -2 }), { code: 'EBADF', syscall: 'spawn_attr_set_landlock' });
});
