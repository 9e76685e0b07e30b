'use strict';
/**
 * waitForExit: a process's end as a Promise, without blocking the event loop and without a
 * libuv threadpool worker per waiting process. One waiter of the library per JS thread (a
 * thread of its own with an epoll set of pidfds, src/waiter.rs) writes a record to a pipe
 * when a process ends; the pipe is read by a net.Socket, which libuv polls like any pipe.
 * Documentation: index.d.ts.
 * @module
 */

const fs = require('fs');
const net = require('net');
const a = require('./internal/args');
const ffi = require('./internal/ffi');
const { c } = require('./internal/binding');
const errors = require('./internal/errors');
const constants = require('./constants');
const { decode } = require('./internal/status');

const RECORD = 32; // sizeof(rns_exit_event)

/** This thread's waiter, made on first use: { socket, pending: Map(token -> {resolve, reject}) }. */
let waiter = null;
let nextToken = 1n;

function start(caller) {
  const r = c.rns_waiter_new(ffi.pointerSlot);
  if (r < 0) throw errors.systemError(r, 'waiter_new', undefined, caller);
  const w = ffi.readPointer('rns_waiter *');
  const fd = c.rns_waiter_fd(w);
  if (fd < 0) {
    c.rns_waiter_free(w);
    throw errors.systemError(fd, 'waiter_fd', undefined, caller);
  }
  const socket = new net.Socket({ fd, readable: true, writable: false });
  const pending = new Map();
  let partial = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    let buf = partial.length ? Buffer.concat([partial, chunk]) : chunk;
    while (buf.length >= RECORD) {
      const token = buf.readBigUInt64LE(0);
      const p = pending.get(token);
      pending.delete(token);
      if (p) {
        const pid = buf.readInt32LE(8);
        const kind = buf.readInt32LE(12);
        const errno = buf.readInt32LE(20);
        if (kind === constants.WAIT_NONE && errno) p.reject(errors.systemError(errno, 'waiter', undefined));
        else p.resolve({ pid, ...decode(kind, buf.readInt32LE(16)) });
      }
      buf = buf.subarray(RECORD);
    }
    partial = Buffer.from(buf);
    if (pending.size === 0) socket.unref(); // nothing to wait for: let the process end
  });
  socket.unref();
  waiter = { w, socket, pending };
  return waiter;
}

/**
 * Resolves when the process (a pid, or a pidfd: number or FileHandle) has ended, with
 * { pid, kind, code, signal }. Documentation: index.d.ts.
 * @param {number | import('fs/promises').FileHandle} target a pid, or with { pidfd: true } a pidfd
 * @param {{ pidfd?: boolean, reap?: boolean }} [options]
 * @returns {Promise<{ pid: number, kind: string, code: number, signal: string | null }>}
 */
function waitForExit(target, options = {}) {
  if (options === null || typeof options !== 'object') {
    return Promise.reject(errors.invalidArgType('options', 'of type object', options, waitForExit));
  }
  let fd;
  let own = false;
  try {
    if (options.pidfd) {
      fd = a.fd(target, 'target', waitForExit);
    } else {
      const pid = a.int(target, 'target', waitForExit);
      const r = c.rns_pidfd_open(pid, 0);
      if (r < 0) throw errors.systemError(r, 'pidfd_open', undefined, waitForExit);
      fd = r;
      own = true;
    }
    const w = waiter || start(waitForExit);
    const token = nextToken++;
    // Not reaped by default: a child_process child is libuv's to reap (and to report in
    // 'exit'); reap: true for children nobody else waits for.
    const flags = options.reap ? 0 : constants.WAITER_NOREAP;
    const promise = new Promise((resolve, reject) => w.pending.set(token, { resolve, reject }));
    const r = c.rns_waiter_add(w.w, fd, token, flags);
    if (r < 0) {
      w.pending.delete(token);
      throw errors.systemError(r, 'waiter_add', undefined, waitForExit);
    }
    w.socket.ref(); // keep the process alive while something is awaited
    return promise;
  } catch (e) {
    return Promise.reject(e);
  } finally {
    if (own) fs.closeSync(fd); // the waiter holds its own duplicate
  }
}

module.exports = { waitForExit };
