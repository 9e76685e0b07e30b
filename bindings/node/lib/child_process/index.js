'use strict';
/**
 * child_process's API on librns: spawn here, exec and execFile (exec.js, on this spawn),
 * spawnSync, execFileSync and execSync (sync.js). spawn takes the same arguments, options,
 * ChildProcess and errors as Node's, with librns's own options (unshare, join, uidMap, ..., seccomp, landlock) beside
 * them. The logic of spawn follows Node's lib/child_process.js (Copyright Node.js
 * contributors, MIT license). Documentation: index.d.ts.
 * @module
 */

const { addAbortListener } = require('events');
const errors = require('../internal/errors');
const { ChildProcess } = require('./child');
const { normalizeSpawnArguments, validateTimeout, sanitizeKillSignal } = require('./options');

/**
 * Starts `file` with `args` as child_process.spawn does; returns its ChildProcess.
 * @param {string} file
 * @param {readonly string[] | object | null} [args]
 * @param {object} [options]
 */
function spawn(file, args, options) {
  const opts = normalizeSpawnArguments(file, args, options, spawn);
  validateTimeout(opts.timeout, spawn);
  validateAbortSignal(opts.signal, 'options.signal', spawn);
  const killSignal = sanitizeKillSignal(opts.killSignal, spawn);
  const child = new ChildProcess();
  child.spawn(opts);
  if (opts.timeout > 0) killOnTimeout(child, opts.timeout, killSignal);
  if (opts.signal) killOnAbort(child, opts.signal, killSignal);
  return child;
}

/** options.timeout: killSignal after `ms` unless it exited before (an error of kill is emitted). */
function killOnTimeout(child, ms, killSignal) {
  let timer = setTimeout(() => {
    if (!timer) return;
    timer = null;
    try {
      child.kill(killSignal);
    } catch (err) {
      child.emit('error', err);
    }
  }, ms);
  child.once('exit', () => {
    if (timer) clearTimeout(timer);
    timer = null;
  });
}

/** options.signal: killSignal when it aborts (now, if aborted already), then 'error' AbortError. */
function killOnAbort(child, signal, killSignal) {
  const onAbort = () => abortChildProcess(child, killSignal, signal.reason);
  if (signal.aborted) {
    process.nextTick(onAbort);
    return;
  }
  if (addAbortListener) {
    const disposable = addAbortListener(signal, onAbort);
    child.once('exit', () => disposable[Symbol.dispose ?? Symbol.for('nodejs.dispose')]());
  } else {
    signal.addEventListener('abort', onAbort, { once: true });
    child.once('exit', () => signal.removeEventListener('abort', onAbort));
  }
}

/** As Node's abortChildProcess: kill, and when that sent the signal, emit an AbortError. */
function abortChildProcess(child, killSignal, reason) {
  try {
    if (child.kill(killSignal)) child.emit('error', abortError(reason));
  } catch (err) {
    child.emit('error', err);
  }
}

/** Node's AbortError: name 'AbortError', code 'ABORT_ERR', the signal's reason as cause. */
function abortError(reason) {
  const err = /** @type {any} */ (new Error('The operation was aborted', { cause: reason }));
  err.name = 'AbortError';
  err.code = 'ABORT_ERR';
  return err;
}

/** Node's validateAbortSignal: undefined, or an object with `aborted`. */
function validateAbortSignal(signal, name, caller) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw errors.invalidArgType(name, 'an instance of AbortSignal', signal, caller);
  }
}

const { exec, execFile } = require('./exec')(spawn);
const { spawnSync, execFileSync, execSync } = require('./sync');

/** child_process's API on librns (the package's top level spreads these); no fork: no IPC. */
module.exports = { spawn, ChildProcess, exec, execFile, spawnSync, execFileSync, execSync };
