'use strict';
/**
 * Namespaces (src/namespaces.rs), and runInNamespaces. Documentation: index.d.ts and
 * include/rns.h. setns, unshare, setnsPath and setnsPid change the calling thread only.
 * @module
 */

const a = require('./internal/args');
const ffi = require('./internal/ffi');
const { c } = require('./internal/binding');
const errors = require('./internal/errors');
const { define } = require('./internal/table');

const table = define([
  // C function        arguments (name:kind[=default])     result
  ['rns_setns',        ['fd:fd', 'nstype:flags=0'],        'void'],
  ['rns_unshare',      ['flags:flags'],                    'void'],
  ['rns_setns_path',   ['path:path', 'nstype:flags=0'],    'void'],
  ['rns_ns_open',      ['pid:int', 'nstype:flags'],        'int'],
  ['rns_userns_acquire', ['uidMap:string', 'gidMap:string', 'flags:flags=0'], 'int'],
  ['rns_netns_add',    ['name:string'],                    'int'],
  ['rns_netns_open',   ['name:string'],                    'int'],
  ['rns_netns_delete', ['name:string'],                    'void'],
  ['rns_ns_persist',   ['fd:fd', 'path:path'],             'void'],
  ['rns_ns_unpersist', ['path:path'],                      'void'],
  ['rns_setns_pid',    ['pid:int', 'nstypes:flags'],       'void'],
  ['rns_sethostname',  ['name:string'],                    'void'],
  ['rns_setdomainname', ['name:string'],                   'void'],
]);

// ---------------------------------------------------------------------------------------
// runInNamespaces: enter, run, restore, synchronously on this thread, over the library's one
// save/restore (rns_ns_enter*, rns_ns_restore: the same behaviour as Go's RunInNamespaces).

/** Whether `v` is a promise or another thenable (what an async function returns). */
function isThenable(v) {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof v.then === 'function';
}

/**
 * TypeError [ERR_INVALID_RETURN_VALUE] for an fn that returned a promise.
 * @param {PromiseLike<unknown>} promise
 * @param {Function} caller
 */
function asyncFnError(promise, caller) {
  // Its outcome is nobody's now: keep a later rejection from ending the process as unhandled.
  try {
    promise.then(undefined, () => {});
  } catch {}
  const err = /** @type {any} */ (
    new TypeError(
      `${caller.name}: "fn" returned a promise (an async function?). fn runs synchronously ` +
        'and the namespaces are restored as soon as it returns: code after its first await ' +
        'would run outside the namespaces. Do the namespace work synchronously in fn.'
    )
  );
  err.code = 'ERR_INVALID_RETURN_VALUE';
  Error.captureStackTrace(err, caller);
  return err;
}

/**
 * Enters with `enter` (an rns_ns_enter* call given the output slot), runs fn, restores.
 * @template T
 * @param {Function} caller the exported function (for stacks and messages)
 * @param {string} syscall the name of the enter call in errors
 * @param {(slot: Buffer) => number} enter
 * @param {() => T} fn
 * @returns {T}
 */
function runIn(caller, syscall, enter, fn) {
  const r = enter(ffi.pointerSlot);
  if (r < 0) throw errors.systemError(r, syscall, undefined, caller);
  const saved = ffi.readPointer('rns_ns_saved *');
  let failed = false;
  let error;
  let result;
  try {
    result = fn();
    if (isThenable(result)) {
      failed = true;
      error = asyncFnError(/** @type {any} */ (result), caller);
      result = undefined;
    }
  } catch (e) {
    failed = true;
    error = e;
  }
  const rr = c.rns_ns_restore(saved);
  if (rr < 0) {
    const cause = errors.systemError(rr, 'ns_restore', undefined, caller);
    const err = /** @type {any} */ (
      new Error(`${caller.name}: could not put the calling thread back into its namespaces (${cause.code})`, {
        cause: failed ? error : cause,
      })
    );
    err.code = 'ERR_RNS_RESTORE_FAILED';
    Error.captureStackTrace(err, caller);
    throw err;
  }
  if (failed) throw error;
  return /** @type {any} */ (result);
}

/**
 * Runs `fn` with the calling thread in the `types` namespaces of process `pid`, then puts
 * the thread back. Documentation: index.d.ts.
 * @template T
 * @param {number} pid
 * @param {number} types an OR of CLONE_NEWNET, _NEWUTS, _NEWIPC, _NEWCGROUP, _NEWPID, _NEWTIME
 * @param {() => T} fn
 * @returns {T} what fn returns
 */
function runInNamespaces(pid, types, fn) {
  const p = a.int(pid, 'pid', runInNamespaces);
  const t = a.flags(types, 'types', runInNamespaces);
  a.func(fn, 'fn', runInNamespaces);
  return runIn(runInNamespaces, 'ns_enter_pid', (slot) => c.rns_ns_enter_pid(p, t, slot), fn);
}

/**
 * runInNamespaces with the target as an fd: a pidfd with `types`, or a namespace file with
 * its type or 0. Documentation: index.d.ts.
 * @template T
 * @param {number | import('fs/promises').FileHandle} fd
 * @param {number} types
 * @param {() => T} fn
 * @returns {T}
 */
function runInNamespacesOf(fd, types, fn) {
  const f = a.fd(fd, 'fd', runInNamespacesOf);
  const t = a.flags(types, 'types', runInNamespacesOf);
  a.func(fn, 'fn', runInNamespacesOf);
  return runIn(runInNamespacesOf, 'ns_enter', (slot) => c.rns_ns_enter(f, t, slot), fn);
}

module.exports = { ...table, runInNamespaces, runInNamespacesOf };
