'use strict';
/**
 * pidfds (src/pidfd.rs): open, signal, getfd, wait, getpid, info, ns_open. Documentation:
 * index.d.ts and include/rns.h.
 * @module
 */

const a = require('./internal/args');
const { c } = require('./internal/binding');
const errors = require('./internal/errors');
const constants = require('./constants');
const { define } = require('./internal/table');
const { decode } = require('./internal/status');

const table = define([
  // C function              arguments (name:kind[=default])                          result
  ['rns_pidfd_open',         ['pid:int', 'flags:uflags=0'],                           'int'],
  ['rns_pidfd_send_signal',  ['pidfd:fd', 'sig:signal', 'flags:uflags=0'],            'void'],
  ['rns_pidfd_getfd',        ['pidfd:fd', 'targetfd:fd', 'flags:uflags=0'],           'int'],
  ['rns_pidfd_getpid',       ['pidfd:fd'],                                            'int'],
  ['rns_pidfd_ns_open',      ['pidfd:fd', 'nstype:flags'],                            'int'],
]);

const WAIT_SIZE = 20; // sizeof(rns_wait_status)
const INFO_SIZE = 80; // sizeof(rns_process_info)
const waitBuf = Buffer.alloc(WAIT_SIZE);
const infoBuf = Buffer.alloc(INFO_SIZE);

/**
 * Waits for a state change of the child `pidfd` refers to, synchronously on this thread.
 * Documentation: index.d.ts.
 * @returns {{ kind: string, pid: number, code: number, signal: string | null, uid: number }}
 */
function pidfdWait(pidfd, options) {
  const fd = a.fd(pidfd, 'pidfd', pidfdWait);
  const opts = a.flags(options === undefined ? constants.WEXITED : options, 'options', pidfdWait);
  const r = c.rns_pidfd_wait(fd, opts, sized(waitBuf, WAIT_SIZE));
  if (r < 0) throw errors.systemError(r, 'pidfd_wait', undefined, pidfdWait);
  return waitStatus();
}

/** `buf` zeroed, with its size in its first field, as the library's sized structs take it. */
function sized(buf, size) {
  buf.fill(0);
  buf.writeUInt32LE(size, 0);
  return buf;
}

/** The rns_wait_status in waitBuf, decoded. */
function waitStatus() {
  const d = decode(waitBuf.readInt32LE(4), waitBuf.readInt32LE(12));
  return { kind: d.kind, pid: waitBuf.readInt32LE(8), code: d.code, signal: d.signal, uid: waitBuf.readUInt32LE(16) };
}

const SIGINFO_SIZE = 16; // sizeof(rns_siginfo)
const siginfoBuf = Buffer.alloc(SIGINFO_SIZE);
const little = require('os').endianness() === 'LE';

/**
 * Sends `sig` with a code and an int value, as sigqueue(3) does. Documentation: index.d.ts.
 * @param {unknown} pidfd
 * @param {unknown} sig
 * @param {{ code?: number, value?: number }} [info]
 * @param {number} [flags]
 */
function pidfdSendSiginfo(pidfd, sig, info = {}, flags = 0) {
  const fd = a.fd(pidfd, 'pidfd', pidfdSendSiginfo);
  const s = a.signal(sig, 'sig', pidfdSendSiginfo);
  if (typeof info !== 'object' || info === null) throw errors.invalidArgType('info', 'an object', info, pidfdSendSiginfo);
  const code = a.int(info.code === undefined ? constants.SI_QUEUE : info.code, 'info.code', pidfdSendSiginfo);
  const value = a.int(info.value === undefined ? 0 : info.value, 'info.value', pidfdSendSiginfo);
  const f = a.uflags(flags, 'flags', pidfdSendSiginfo);
  sized(siginfoBuf, SIGINFO_SIZE).writeInt32LE(code, 4);
  // sival_int is the union's first 4 bytes: the low half of the word on a little-endian
  // machine, the high half on a big-endian one.
  if (little) siginfoBuf.writeInt32LE(value, 8);
  else siginfoBuf.writeInt32BE(value, 8);
  const r = c.rns_pidfd_send_siginfo(fd, s, siginfoBuf, f);
  if (r < 0) throw errors.systemError(r, 'pidfd_send_siginfo', undefined, pidfdSendSiginfo);
}

const RUSAGE_SIZE = 80; // sizeof(rns_rusage)
const rusageBuf = Buffer.alloc(RUSAGE_SIZE);

/**
 * pidfdWait, also with the child's resource usage, named as process.resourceUsage() names
 * it. Documentation: index.d.ts.
 */
function pidfdWaitRusage(pidfd, options) {
  const fd = a.fd(pidfd, 'pidfd', pidfdWaitRusage);
  const opts = a.flags(options === undefined ? constants.WEXITED : options, 'options', pidfdWaitRusage);
  const r = c.rns_pidfd_wait_rusage(fd, opts, sized(waitBuf, WAIT_SIZE), sized(rusageBuf, RUSAGE_SIZE));
  if (r < 0) throw errors.systemError(r, 'pidfd_wait_rusage', undefined, pidfdWaitRusage);
  const n = (i) => Number(rusageBuf.readBigInt64LE(8 + 8 * i));
  const usage = {
    userCPUTime: n(0), systemCPUTime: n(1), maxRSS: n(2), minorPageFault: n(3), majorPageFault: n(4),
    fsRead: n(5), fsWrite: n(6), voluntaryContextSwitches: n(7), involuntaryContextSwitches: n(8),
  };
  return { ...waitStatus(), usage };
}

/**
 * What the process `pidfd` refers to is. Documentation: index.d.ts.
 */
function pidfdInfo(pidfd) {
  const fd = a.fd(pidfd, 'pidfd', pidfdInfo);
  const r = c.rns_pidfd_info(fd, sized(infoBuf, INFO_SIZE));
  if (r < 0) throw errors.systemError(r, 'pidfd_info', undefined, pidfdInfo);
  return decodeInfo();
}

/**
 * pidfdInfo for the fields of `mask` only (an OR of PIDFD_INFO_*): PIDFD_INFO_EXIT alone asks
 * how the process ended and nothing else.
 * @param {unknown} pidfd
 * @param {number} mask
 */
function pidfdInfoMask(pidfd, mask) {
  const fd = a.fd(pidfd, 'pidfd', pidfdInfoMask);
  if (!Number.isSafeInteger(mask) || mask < 0) throw errors.invalidArgType('mask', 'a non-negative integer', mask, pidfdInfoMask);
  const r = c.rns_pidfd_info_mask(fd, BigInt(mask), sized(infoBuf, INFO_SIZE));
  if (r < 0) throw errors.systemError(r, 'pidfd_info_mask', undefined, pidfdInfoMask);
  return decodeInfo();
}

/** The rns_process_info in infoBuf as pidfdInfo returns it. */
function decodeInfo() {
  const mask = Number(infoBuf.readBigUInt64LE(8));
  const has = (bit) => (mask & bit) !== 0;
  const u = (off) => infoBuf.readUInt32LE(off);
  return {
    mask,
    cgroupId: has(constants.PIDFD_INFO_CGROUPID) ? infoBuf.readBigUInt64LE(16) : undefined,
    pid: has(constants.PIDFD_INFO_PID) ? infoBuf.readInt32LE(24) : undefined,
    tgid: has(constants.PIDFD_INFO_PID) ? infoBuf.readInt32LE(28) : undefined,
    ppid: has(constants.PIDFD_INFO_PID) ? infoBuf.readInt32LE(32) : undefined,
    uid: has(constants.PIDFD_INFO_CREDS) ? { real: u(36), effective: u(40), saved: u(44), fs: u(48) } : undefined,
    gid: has(constants.PIDFD_INFO_CREDS) ? { real: u(52), effective: u(56), saved: u(60), fs: u(64) } : undefined,
    exit: has(constants.PIDFD_INFO_EXIT) ? decode(infoBuf.readInt32LE(68), infoBuf.readInt32LE(72)) : undefined,
  };
}

module.exports = { ...table, pidfdSendSiginfo, pidfdWait, pidfdWaitRusage, pidfdInfo, pidfdInfoMask };
