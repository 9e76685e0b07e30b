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

/**
 * This thread's waiter, made on first use: { w, socket, pending: Map(token -> entry), refs }.
 * An entry is { done(err, result), ref }; the socket keeps the event loop alive only while
 * `refs`, the number of ref'd entries pending, is above 0 (an unref'd child does not).
 */
let waiter = null;
let nextToken = 1n;

/** Refs the waiter's socket while a ref'd entry is pending, unrefs it otherwise. */
function refresh(w) {
  if (w.refs > 0) w.socket.ref();
  else w.socket.unref();
}

/** The records in `buf` as [entry, err, result] for their pending entries (removed from the map). */
function takeRecords(w, buf) {
  const ended = [];
  for (let off = 0; off + RECORD <= buf.length; off += RECORD) {
    const token = buf.readBigUInt64LE(off);
    const entry = w.pending.get(token);
    if (!entry) continue;
    w.pending.delete(token);
    if (entry.ref) w.refs--;
    const pid = buf.readInt32LE(off + 8);
    const kind = buf.readInt32LE(off + 12);
    const errno = buf.readInt32LE(off + 20);
    if (kind === constants.WAIT_NONE && errno) ended.push([entry, errors.systemError(errno, 'waiter', undefined), null]);
    else ended.push([entry, null, { pid, ...decode(kind, buf.readInt32LE(off + 16)) }]);
  }
  return ended;
}

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
  const state = { w, socket, pending: new Map(), refs: 0 };
  let partial = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    const buf = partial.length ? Buffer.concat([partial, chunk]) : chunk;
    const whole = buf.length - (buf.length % RECORD);
    const ended = takeRecords(state, buf.subarray(0, whole));
    partial = Buffer.from(buf.subarray(whole));
    refresh(state);
    // Each callback runs as libuv's exit callbacks do: one that throws is an uncaught
    // exception, and the others still run.
    for (const [entry, err, result] of ended) {
      try {
        entry.done(err, result);
      } catch (e) {
        process.nextTick(() => {
          throw e;
        });
      }
    }
  });
  socket.unref();
  waiter = state;
  return waiter;
}

/**
 * Calls done(err, { pid, kind, code, signal }) once when the process of pidfd `fd` has ended
 * (reaped there with `reap`; the waiter holds its own duplicate of fd). Internal: the
 * ChildProcess's exit. Returns { ref(), unref() }: whether this wait keeps the event loop
 * alive (ref'd at first).
 * @param {number} fd
 * @param {boolean} reap
 * @param {(err: Error | null, result: any) => void} done
 * @param {Function} caller
 */
function watch(fd, reap, done, caller) {
  const w = waiter || start(caller);
  const token = nextToken++;
  const entry = { done, ref: true };
  w.pending.set(token, entry);
  // Not reaped without `reap`: a child_process child is libuv's to reap (and to report in
  // 'exit'); reap: true for children nobody else waits for.
  const r = c.rns_waiter_add(w.w, fd, token, reap ? 0 : constants.WAITER_NOREAP);
  if (r < 0) {
    w.pending.delete(token);
    throw errors.systemError(r, 'waiter_add', undefined, caller);
  }
  w.refs++;
  refresh(w);
  const set = (on) => {
    if (!w.pending.has(token) || entry.ref === on) return;
    entry.ref = on;
    w.refs += on ? 1 : -1;
    refresh(w);
  };
  return { ref: () => set(true), unref: () => set(false) };
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
    let settle;
    const promise = new Promise((resolve, reject) => {
      settle = (err, result) => (err ? reject(err) : resolve(result));
    });
    watch(fd, !!options.reap, settle, waitForExit);
    return promise;
  } catch (e) {
    return Promise.reject(e);
  } finally {
    if (own) fs.closeSync(fd); // the waiter holds its own duplicate
  }
}

module.exports = { waitForExit, watch };
