'use strict';
/**
 * librns for Node: Linux namespace, process-group/session, priority, credential and pidfd
 * calls, one JS function per C function of include/rns.h.
 *
 * This file only assembles the areas of lib/, one per module of the Rust library:
 *   lib/namespaces.js  setns, unshare, setnsPath, nsOpen, setnsPid; runInNamespaces(Of)
 *   lib/ns_handle.js   nsType, nsUserns, nsParent, nsOwnerUid, nsId, nsSame, nsPidFrom,
 *                      nsPidIn, nsOpenId, listns; Namespace
 *   lib/pgrp.js        process groups and sessions
 *   lib/priority.js    getpriority, setpriority
 *   lib/creds.js       user and group ids, supplementary groups
 *   lib/pidfd.js       pidfdOpen, pidfdSendSignal, pidfdSendSiginfo, pidfdGetfd, pidfdWait, pidfdWaitRusage, pidfdGetpid, pidfdInfo,
 *                      pidfdInfoMask, pidfdNsOpen
 *   lib/wait.js        waitForExit (the library's waiter: no threadpool worker per process)
 *   lib/child_process  spawn, ChildProcess, exec, execFile, spawnSync, execFileSync, execSync:
 *                      child_process's drop-in, starting programs in new or existing
 *                      namespaces through lib/spawn.js (rns_spawn); no fork (no IPC)
 *   lib/prctl.js       setPdeathsig, getPdeathsig, setChildSubreaper, getChildSubreaper,
 *                      setNoNewPrivs, getNoNewPrivs
 *   lib/errors.js      errname, strerror, version
 *   lib/constants.js   every #define RNS_X of the header (generated)
 * The one-line wrappers come from a table in each area (lib/internal/table.js), and the
 * koffi declarations from the header's prototypes (lib/internal/prototypes.js, generated).
 * Documentation of every function: index.d.ts; conventions: README.md.
 * ES modules: index.mjs gives the same exports by name.
 * @module librns
 */

const constants = require('./lib/constants');
const binding = require('./lib/internal/binding');

module.exports = {
  ...require('./lib/namespaces'),
  ...require('./lib/ns_handle'),
  ...require('./lib/pgrp'),
  ...require('./lib/priority'),
  ...require('./lib/creds'),
  ...require('./lib/pidfd'),
  waitForExit: require('./lib/wait').waitForExit,
  ...require('./lib/child_process'),
  ...require('./lib/prctl'),
  ...require('./lib/errors'),
  /** Every `#define RNS_X` of include/rns.h as X (CLONE_*, PIDFD_*, PRIO_*, VERSION_*). */
  constants,
  /** The path (or soname) librns was loaded from. */
  libraryPath: binding.path,
  // the constants at top level too: rns.CLONE_NEWNET
  ...constants,
};
