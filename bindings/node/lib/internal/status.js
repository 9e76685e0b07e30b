'use strict';
/**
 * A process state change as JS gives it: the RNS_WAIT_* kind of rns_wait_status (and of
 * rns_process_info's exit) as a name, with the signal's name where a signal ended or stopped
 * it (as child_process's 'exit' event gives it).
 * @module
 */

const os = require('os');
const constants = require('../constants');

/** RNS_WAIT_* -> the name a wait result's `kind` has. */
const KINDS = new Map([
  [constants.WAIT_NONE, 'none'],
  [constants.WAIT_EXITED, 'exited'],
  [constants.WAIT_KILLED, 'killed'],
  [constants.WAIT_DUMPED, 'dumped'],
  [constants.WAIT_STOPPED, 'stopped'],
  [constants.WAIT_CONTINUED, 'continued'],
  [constants.WAIT_TRAPPED, 'trapped'],
]);

/** The name of signal `n` ('SIGKILL'), or null. */
function signalName(n) {
  for (const [name, v] of Object.entries(os.constants.signals)) if (v === n) return name;
  return null;
}

/**
 * A decoded state change: { kind, code, signal } (signal: the name for the signal kinds,
 * else null; code: the exit code, or the signal number).
 */
function decode(kind, code) {
  const k = KINDS.get(kind) || 'unknown';
  const bySignal = k !== 'exited' && k !== 'none';
  return { kind: k, code, signal: bySignal ? signalName(code) : null };
}

module.exports = { decode, signalName };
