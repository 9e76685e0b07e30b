'use strict';
// Shared by the tests: running code in a child process (so the test runner never changes
// namespace, group, identity or nice), with privilege where the case needs it.

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const koffi = require('koffi');

const pkgDir = path.resolve(__dirname, '..');
const isRoot = process.getuid() === 0;

/** Whether `unshare --user --map-root-user` works here (util-linux, user namespaces allowed). */
const canUserns = (() => {
  const r = spawnSync('unshare', ['--user', '--map-root-user', 'true'], { stdio: 'ignore' });
  return r.status === 0;
})();

/**
 * How a child gets privilege: null when running as root (nothing needed), the unshare prefix
 * when user namespaces work, or the reason it cannot.
 * @param {{ realRoot?: boolean, userns?: boolean }} need realRoot: only real root will do;
 *   userns: always run inside a new user namespace (also as root)
 * @returns {{ prefix: string[] } | { skip: string }}
 */
function privilege(need = {}) {
  if (need.realRoot) return isRoot ? { prefix: [] } : { skip: `needs real root (running as uid ${process.getuid()})` };
  if (isRoot && !need.userns) return { prefix: [] };
  if (canUserns) return { prefix: ['unshare', '--user', '--map-root-user'] };
  return { skip: `not root (uid ${process.getuid()}) and 'unshare --user --map-root-user' fails here` };
}

/**
 * Runs `code` in a fresh `node` child, with `rns`, `rawSpawn` (lib/spawn.js's), `fs`, `os`, `assert`, `out` (prints one JSON
 * line for the parent) and `nsId(file)` in scope, and returns { status, result, stderr }.
 * `result` is the last JSON line the child printed.
 * @param {string} code the body of an async function
 * @param {{ prefix?: string[], env?: NodeJS.ProcessEnv, cwd?: string }} [opts]
 */
function runChild(code, opts = {}) {
  const prelude = `
    'use strict';
    const rns = require(${JSON.stringify(pkgDir)});
    const rawSpawn = require(${JSON.stringify(path.join(pkgDir, 'lib', 'spawn'))}).spawn;
    const fs = require('fs'); const os = require('os'); const assert = require('assert');
    const { spawn, spawnSync } = require('child_process');
    const out = (v) => process.stdout.write(JSON.stringify(v) + '\\n');
    const nsId = (file) => { const s = fs.statSync(file); return s.dev + ':' + s.ino; };
    (async () => {\n${code}\n})().catch((e) => {
      process.stdout.write(JSON.stringify({ error: String(e && e.stack || e), code: e && e.code }) + '\\n');
      process.exitCode = 3;
    });`;
  const argv = [...(opts.prefix || []), process.execPath, '-e', prelude];
  const r = spawnSync(argv[0], argv.slice(1), {
    encoding: 'utf8',
    env: opts.env || process.env,
    cwd: opts.cwd,
    timeout: 30000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = (r.stdout || '').trim().split('\n').filter(Boolean);
  let result;
  try {
    result = lines.length ? JSON.parse(lines[lines.length - 1]) : undefined;
  } catch {
    result = { unparsed: r.stdout };
  }
  return { status: r.status, signal: r.signal, result, stderr: r.stderr, stdout: r.stdout };
}

/**
 * Kernels and sandboxes without pidfds: pidfd_open(2) answers ENOSYS on kernels older than
 * 5.3, and under tests/sandbox/rns-sandbox --nopidfd (which also sets RNS_TEST_SANDBOX). The
 * pidfd calls must then fail with ENOSYS wherever they ask the kernel (the library's own
 * argument checks come first and stay); the namespace calls must work as elsewhere. Asked
 * with libc's syscall() (pidfd_open is 434 on every architecture), never through librns.
 */
const noPidfd = (() => {
  const libc = koffi.load('libc.so.6');
  const syscall = libc.func('long syscall(long nr, ...)');
  const fd = syscall(434, 'int', process.pid, 'unsigned int', 0);
  if (fd >= 0) {
    fs.closeSync(Number(fd));
    return false;
  }
  return koffi.errno() === os.constants.errno.ENOSYS;
})();

// RNS_TEST_SANDBOX names what the run is meant to hide: fail loudly when it is not in effect.
const sandbox = (process.env.RNS_TEST_SANDBOX || '').split(',').filter(Boolean);
if (sandbox.includes('nopidfd') && !noPidfd) {
  throw new Error(`sandbox: RNS_TEST_SANDBOX=${process.env.RNS_TEST_SANDBOX}, but pidfd_open works: the filter is not in effect`);
}
if (sandbox.includes('uname26') && !os.release().startsWith('2.6.')) {
  throw new Error(`sandbox: RNS_TEST_SANDBOX=${process.env.RNS_TEST_SANDBOX}, but uname reports "${os.release()}", not 2.6.x`);
}

/** The code a pidfd call that reaches the kernel fails with: `code`, or ENOSYS without pidfds. */
function pidfdCode(code) {
  return noPidfd ? 'ENOSYS' : code;
}

/** Reports (a diagnostic the spec reporter prints) what a test checked instead without pidfds. */
function noPidfdNote(t, what) {
  const why = sandbox.length ? `sandboxed, RNS_TEST_SANDBOX=${process.env.RNS_TEST_SANDBOX}` : 'kernel older than 5.3?';
  t.diagnostic(`note: no pidfd calls here (${why}): ${what}`);
}

/** (st_dev, st_ino) of a namespace file as "dev:ino". */
function nsId(file) {
  const s = fs.statSync(file);
  return `${s.dev}:${s.ino}`;
}

/**
 * This process's PATH without the directories the current user cannot search: as uid 65534
 * under root's PATH (/root/.cargo/bin, ...), a missing name is EACCES there for child_process
 * and librns alike, where Node's own tests expect ENOENT.
 */
function searchablePath() {
  return (process.env.PATH || '').split(':').filter((dir) => {
    try {
      fs.accessSync(dir || '.', fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }).join(':');
}

module.exports = { searchablePath, pkgDir, isRoot, canUserns, privilege, runChild, nsId, noPidfd, pidfdCode, noPidfdNote };
