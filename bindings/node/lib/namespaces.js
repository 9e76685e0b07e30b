'use strict';
/**
 * Namespaces (src/namespaces.rs), and runInNamespaces. Documentation: index.d.ts and
 * include/rns.h. setns, unshare, setnsPath and setnsPid change the calling thread only.
 * @module
 */

const fs = require('fs');
const constants = require('./constants');
const a = require('./internal/args');
const errors = require('./internal/errors');
const { define } = require('./internal/table');

const table = define([
  // C function        arguments (name:kind[=default])     result
  ['rns_setns',        ['fd:fd', 'nstype:flags=0'],        'void'],
  ['rns_unshare',      ['flags:flags'],                    'void'],
  ['rns_setns_path',   ['path:path', 'nstype:flags=0'],    'void'],
  ['rns_ns_open',      ['pid:int', 'nstype:flags'],        'int'],
  ['rns_setns_pid',    ['pid:int', 'nstypes:flags'],       'void'],
  ['rns_sethostname',  ['name:string'],                    'void'],
  ['rns_setdomainname', ['name:string'],                   'void'],
]);
const { setns, setnsPid } = table;

// ---------------------------------------------------------------------------------------
// runInNamespaces: enter, run, restore (the CNI ns.Do pattern, synchronously on this thread)

/** Namespace types runInNamespaces may enter, with the /proc/thread-self/ns file to save. */
/** @type {[number, string][]} */
const NS_FILES = [
  [constants.CLONE_NEWNET, 'net'],
  [constants.CLONE_NEWUTS, 'uts'],
  [constants.CLONE_NEWIPC, 'ipc'],
  [constants.CLONE_NEWCGROUP, 'cgroup'],
  [constants.CLONE_NEWPID, 'pid_for_children'],
  [constants.CLONE_NEWTIME, 'time_for_children'],
];

/** (dev, ino) of a namespace file, as a string. */
function nsId(stat) {
  return `${stat.dev}:${stat.ino}`;
}

/** Whether `v` is a promise or another thenable (what an async function returns). */
function isThenable(v) {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof v.then === 'function';
}

/**
 * TypeError [ERR_INVALID_RETURN_VALUE] for an fn that returned a promise.
 * @param {PromiseLike<unknown>} promise
 */
function asyncFnError(promise) {
  // Its outcome is nobody's now: keep a later rejection from ending the process as unhandled.
  try {
    promise.then(undefined, () => {});
  } catch {}
  const err = /** @type {any} */ (
    new TypeError(
      'runInNamespaces: "fn" returned a promise (an async function?). fn runs synchronously ' +
        'and the namespaces are restored as soon as it returns: code after its first await ' +
        'would run outside the namespaces. Do the namespace work synchronously in fn.'
    )
  );
  err.code = 'ERR_INVALID_RETURN_VALUE';
  Error.captureStackTrace(err, runInNamespaces);
  return err;
}

/**
 * Runs `fn` with the calling thread in the `types` namespaces of process `pid`, then puts
 * the thread back and checks every type is back. Documentation: index.d.ts.
 * @template T
 * @param {number} pid
 * @param {number} types an OR of CLONE_NEWNET, _NEWUTS, _NEWIPC, _NEWCGROUP, _NEWPID, _NEWTIME
 * @param {() => T} fn
 * @returns {T} what fn returns
 */
function runInNamespaces(pid, types, fn) {
  const syscall = 'run_in_namespaces';
  const p = a.int(pid, 'pid', runInNamespaces);
  const t = a.flags(types, 'types', runInNamespaces);
  a.func(fn, 'fn', runInNamespaces);
  const allowed = NS_FILES.reduce((m, [bit]) => m | bit, 0);
  if (t === 0 || (t & ~allowed) !== 0 || p <= 0) {
    throw errors.systemError(a.EINVAL, syscall, undefined, runInNamespaces);
  }

  // Save: an fd and the id of each namespace the thread has now.
  const saved = [];
  try {
    for (const [bit, file] of NS_FILES) {
      if ((t & bit) === 0) continue;
      const fd = fs.openSync(`/proc/thread-self/ns/${file}`, 'r'); // O_CLOEXEC
      saved.push({ bit, file, fd, id: nsId(fs.fstatSync(fd)) });
    }
    // Can we come back? setns into the namespace we are in checks the same privilege.
    for (const s of saved) setns(s.fd, s.bit);
  } catch (e) {
    for (const s of saved) fs.closeSync(s.fd);
    if (e instanceof Error) Error.captureStackTrace(e, runInNamespaces);
    throw e;
  }

  let failed = false;
  let error;
  let result;
  try {
    setnsPid(p, t);
    result = fn();
    if (isThenable(result)) {
      failed = true;
      error = asyncFnError(/** @type {any} */ (result));
      result = undefined;
    }
  } catch (e) {
    failed = true;
    error = e;
  }

  // Restore every type, even after a failure (the fallback of old kernels is not atomic).
  const notRestored = [];
  for (const s of saved) {
    try {
      setns(s.fd, s.bit);
    } catch (e) {
      notRestored.push(`${s.file} (${/** @type {any} */ (e).code})`);
      continue;
    }
    if (nsId(fs.statSync(`/proc/thread-self/ns/${s.file}`)) !== s.id) notRestored.push(s.file);
  }
  for (const s of saved) fs.closeSync(s.fd);
  if (notRestored.length) {
    const err = /** @type {any} */ (
      new Error(
        `runInNamespaces: could not put the calling thread back into its ${notRestored.join(', ')} namespace`,
        failed ? { cause: error } : undefined
      )
    );
    err.code = 'ERR_RNS_RESTORE_FAILED';
    Error.captureStackTrace(err, runInNamespaces);
    throw err;
  }
  if (failed) throw error;
  return /** @type {any} */ (result);
}

module.exports = { ...table, runInNamespaces };
