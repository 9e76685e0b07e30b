'use strict';
// rawSpawn's fd actions and terminal options (issue 18): options.fileActions in order
// beside child_process given the same fds, keepFds beside child_process's inheritance, the
// failing action's step and index (err.detail), the terminal options' errors, and every
// option's checking. (The terminal on a real pty is covered by the C and Go suites.)

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

const skipNoPidfd = noPidfd ? 'no pidfd_open here: rawSpawn waits on a pidfd' : false;

/** A fresh directory, removed after the test. */
function tmpdir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rns-fa-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs rawSpawn to its end; the exit result. */
async function run(file, args, options) {
  const child = rawSpawn(file, args, options);
  const r = await child.exited;
  fs.closeSync(child.pidfd);
  return r;
}

test('18: fileActions dup2 1 -> 2 after stdio is 2>&1, in order, as child_process with one fd for both', { skip: skipNoPidfd }, async (t) => {
  const dir = tmpdir(t);
  const script = 'echo out; echo err >&2; echo out2';
  const peerFd = fs.openSync(path.join(dir, 'peer'), 'w');
  cp.spawnSync('/bin/sh', ['-c', script], { stdio: ['ignore', peerFd, peerFd] });
  fs.closeSync(peerFd);
  const fd = fs.openSync(path.join(dir, 'ours'), 'w');
  try {
    const r = await run('/bin/sh', ['-c', script], { stdio: ['ignore', fd, 'inherit'], fileActions: [{ action: 'dup2', fd: 1, newfd: 2 }] });
    assert.strictEqual(r.code, 0);
  } finally {
    fs.closeSync(fd);
  }
  const peer = fs.readFileSync(path.join(dir, 'peer'), 'utf8');
  assert.strictEqual(peer, 'out\nerr\nout2\n');
  assert.strictEqual(fs.readFileSync(path.join(dir, 'ours'), 'utf8'), peer);
});

test('18: fileActions chdir, open (relative to it), close, fchdir', { skip: skipNoPidfd }, async (t) => {
  const dir = tmpdir(t);
  fs.mkdirSync(path.join(dir, 'sub'));
  const out = path.join(dir, 'out');
  const fd = fs.openSync(out, 'w');
  const sub = fs.openSync(path.join(dir, 'sub'), 'r');
  try {
    const r = await run('/bin/sh', ['-c', 'pwd -P; [ -e /proc/$$/fd/4 ] || echo 4 closed; cat <&5'], {
      stdio: ['ignore', fd, 'inherit', 'ignore', 'ignore'],
      fileActions: [
        { action: 'chdir', path: dir },
        { action: 'open', fd: 6, path: 'made', flags: fs.constants.O_WRONLY | fs.constants.O_CREAT, mode: 0o600 },
        { action: 'close', fd: 4 },
        { action: 'fchdir', fd: sub },
        { action: 'open', fd: 5, path: Buffer.from('/proc/self/comm') },
      ],
    });
    assert.strictEqual(r.code, 0);
  } finally {
    fs.closeSync(fd);
    fs.closeSync(sub);
  }
  assert.strictEqual(fs.readFileSync(out, 'utf8'), `${fs.realpathSync(path.join(dir, 'sub'))}\n4 closed\nsh\n`);
  assert.strictEqual(fs.statSync(path.join(dir, 'made')).mode & 0o777, 0o600 & ~process.umask());
});

test('18: a failing action throws at step fds with its index after the stdio (err.detail)', () => {
  assert.throws(() => rawSpawn('/bin/true', [], { fileActions: [{ action: 'close', fd: 40 }, { action: 'open', fd: 3, path: '/nonexistent/x' }] }),
    { code: 'ENOENT', step: 'fds', detail: 3 + 1 });
  assert.throws(() => rawSpawn('/bin/true', [], { stdio: ['ignore', 'ignore', 'ignore', 'ignore'], fileActions: [{ action: 'dup2', fd: 45, newfd: 3 }] }),
    { code: 'EBADF', step: 'fds', detail: 4 });
  assert.throws(() => rawSpawn('/bin/true', [], { fileActions: [{ action: 'chdir', path: '/nonexistent' }] }), { code: 'ENOENT', step: 'fds', detail: 3 });
  // A failure with no child step has no detail.
  assert.throws(() => rawSpawn('/nonexistent/x'), (e) => e.step === 'exec' && e.detail === 0);
});

// child_process leaves a non-close-on-exec fd of the caller open in the program, as
// posix_spawn does; rawSpawn does so with keepFds and closes it by default. (Node opens its
// own fds close-on-exec: the fd here is libc's dup(2) of one.)
test('18: keepFds keeps the caller\'s non-close-on-exec fds, as child_process does', { skip: skipNoPidfd }, async (t) => {
  const dup = koffi.load('libc.so.6').func('int dup(int)');
  const nul = fs.openSync('/dev/null', 'r');
  const fd = dup(nul);
  fs.closeSync(nul);
  assert.ok(fd >= 3);
  t.after(() => fs.closeSync(fd));
  const script = `[ -e /proc/$$/fd/${fd} ] && echo open || echo closed`;
  const peer = cp.execFileSync('/bin/sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] }).toString();
  assert.strictEqual(peer, 'open\n');
  const dir = tmpdir(t);
  const ours = async (options) => {
    const out = fs.openSync(path.join(dir, 'out'), 'w');
    try {
      await run('/bin/sh', ['-c', script], { stdio: ['ignore', out, 'inherit'], ...options });
    } finally {
      fs.closeSync(out);
    }
    return fs.readFileSync(path.join(dir, 'out'), 'utf8');
  };
  assert.strictEqual(await ours({ keepFds: true }), peer);
  assert.strictEqual(await ours({}), 'closed\n');
});

test('18: the terminal options: noctty, ctty, foreground failures at their steps', () => {
  // fd 0 /dev/null is no terminal: TIOCNOTTY gives ENOTTY at 'tty', detail 0.
  assert.throws(() => rawSpawn('/bin/true', [], { stdio: ['ignore', 'inherit', 'inherit'], noctty: true }), { code: 'ENOTTY', step: 'tty', detail: 0 });
  // ctty on an fd the program does not have: EBADF; on a file: ENOTTY; detail the fd.
  assert.throws(() => rawSpawn('/bin/true', [], { setsid: true, ctty: 900 }), { code: 'EBADF', step: 'tty', detail: 900 });
  assert.throws(() => rawSpawn('/bin/true', [], { stdio: ['ignore', 'inherit', 'inherit'], setsid: true, ctty: 0 }), { code: 'ENOTTY', step: 'tty', detail: 0 });
  // foreground on this process's /dev/null fd: ENOTTY at 'fds', the first action (index 0).
  const nul = fs.openSync('/dev/null', 'r');
  try {
    assert.throws(() => rawSpawn('/bin/true', [], { foreground: nul }), { code: 'ENOTTY', step: 'fds', detail: 0 });
  } finally {
    fs.closeSync(nul);
  }
});

test('18: fileActions, keepFds and the terminal options are checked as the other options', () => {
  const bad = (options, code) => assert.throws(() => rawSpawn('/bin/true', [], options), { code });
  bad({ fileActions: 'x' }, 'ERR_INVALID_ARG_TYPE');
  bad({ fileActions: [null] }, 'ERR_INVALID_ARG_TYPE');
  bad({ fileActions: [{ action: 'link', fd: 1 }] }, 'ERR_INVALID_ARG_VALUE');
  bad({ fileActions: [{ action: 'close', fd: '1' }] }, 'ERR_INVALID_ARG_TYPE');
  bad({ fileActions: [{ action: 'close', fd: 2 ** 40 }] }, 'ERR_OUT_OF_RANGE');
  bad({ fileActions: [{ action: 'close', fd: -1 }] }, 'EBADF');
  bad({ fileActions: [{ action: 'open', fd: 3 }] }, 'ERR_INVALID_ARG_TYPE');
  bad({ fileActions: [{ action: 'open', fd: 3, path: 'a\0b' }] }, 'ERR_INVALID_ARG_VALUE');
  bad({ fileActions: [{ action: 'open', fd: 3, path: '/', mode: 0o10000 }] }, 'ERR_OUT_OF_RANGE');
  bad({ fileActions: [{ action: 'dup2', fd: 1 }] }, 'ERR_INVALID_ARG_TYPE');
  bad({ fileActions: [{ action: 'closefrom', fd: -1 }] }, 'EBADF');
  bad({ keepFds: 1 }, 'ERR_INVALID_ARG_TYPE');
  bad({ noctty: 'yes' }, 'ERR_INVALID_ARG_TYPE');
  bad({ ctty: 1.5 }, 'ERR_OUT_OF_RANGE');
  bad({ ctty: -2 }, 'EBADF');
  bad({ foreground: 0, ctty: 0 }, 'ERR_INVALID_ARG_VALUE');
  bad({ foreground: 'tty' }, 'ERR_INVALID_ARG_TYPE');
});
