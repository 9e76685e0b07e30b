'use strict';
/**
 * exec and execFile as Node v20's child_process has them (lib/child_process.js, Copyright
 * Node.js contributors, MIT license): the output collected as strings (options.encoding,
 * 'utf8' by default) or Buffers ('buffer' or an unknown encoding), options.maxBuffer per
 * stream (ERR_CHILD_PROCESS_STDIO_MAXBUFFER, the output cut at maxBuffer bytes, the child
 * killed), options.timeout with options.killSignal, the error of a failed command ("Command
 * failed: CMD\nSTDERR", code, killed, signal, cmd) and util.promisify's form, which resolves
 * to { stdout, stderr } and has the child as `promise.child`.
 *
 * Built only on the public ChildProcess API of the `spawn` it is given (stdout/stderr
 * streams, 'close' and 'error', kill(), killed), so the same code runs on
 * child_process.spawn and on librns's spawn:
 *   const { exec, execFile } = require('./exec')(spawn);
 * options.signal (AbortSignal) is the spawn's to honour, as in Node: it kills the child and
 * emits an AbortError through 'error'.
 * @module
 */

const { Buffer } = require('buffer');
const { promisify, getSystemErrorName } = require('util');
const {
  MAX_BUFFER,
  normalizeExecArgs,
  normalizeExecFileArgs,
  validateTimeout,
  validateMaxBuffer,
  sanitizeKillSignal,
} = require('./options');

/** execFile's defaults, under the caller's options. */
const DEFAULTS = Object.freeze({
  encoding: 'utf8',
  timeout: 0,
  maxBuffer: MAX_BUFFER,
  killSignal: 'SIGTERM',
  cwd: null,
  env: null,
  shell: false,
});

/** RangeError [ERR_CHILD_PROCESS_STDIO_MAXBUFFER]: "stdout maxBuffer length exceeded". */
function maxBufferError(name) {
  const err = /** @type {any} */ (new RangeError(`${name} maxBuffer length exceeded`));
  err.code = 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
  return err;
}

/**
 * util.promisify's form of exec/execFile: a Promise of { stdout, stderr }, rejected with the
 * error carrying stdout and stderr; `promise.child` is the ChildProcess.
 */
function customPromiseExecFunction(orig) {
  return (...args) => {
    let resolve;
    let reject;
    const promise = /** @type {Promise<any> & { child?: any }} */ (
      new Promise((res, rej) => {
        resolve = res;
        reject = rej;
      })
    );
    promise.child = orig(...args, (err, stdout, stderr) => {
      if (err !== null) {
        err.stdout = stdout;
        err.stderr = stderr;
        reject(err);
      } else {
        resolve({ stdout, stderr });
      }
    });
    return promise;
  };
}

/** The options execFile passes to spawn: these only, as Node's execFile. */
function spawnOptions(o) {
  return {
    cwd: o.cwd,
    env: o.env,
    gid: o.gid,
    shell: o.shell,
    signal: o.signal,
    uid: o.uid,
    windowsHide: !!o.windowsHide,
    windowsVerbatimArguments: !!o.windowsVerbatimArguments,
  };
}

/**
 * Collects a stream's chunks into `chunks` (set to `encoding` first, if any), counting bytes
 * against maxBuffer; past it, keeps the part up to maxBuffer and calls overflow(). A stream
 * that is null (stdio not a pipe) collects nothing.
 */
function collect(stream, chunks, encoding, maxBuffer, overflow) {
  if (!stream) return;
  if (encoding) stream.setEncoding(encoding);
  let total = 0;
  stream.on('data', (chunk) => {
    if (maxBuffer === Infinity) {
      chunks.push(chunk);
      return;
    }
    const enc = stream.readableEncoding;
    const length = enc ? Buffer.byteLength(chunk, enc) : chunk.length;
    total += length;
    if (total > maxBuffer) {
      chunks.push(chunk.slice(0, maxBuffer - (total - length)));
      overflow();
    } else {
      chunks.push(chunk);
    }
  });
}

/** The collected output: a string when decoded (by encoding or the stream's own), else a Buffer. */
function joined(chunks, encoding, stream) {
  return encoding || stream?.readableEncoding ? chunks.join('') : Buffer.concat(chunks);
}

/**
 * Watches an execFile child: collects its output, enforces timeout and maxBuffer, and calls
 * callback(err, stdout, stderr) once, after 'close' (or at the first 'error').
 */
function watch(child, file, args, o, callback) {
  const encoding = o.encoding !== 'buffer' && Buffer.isEncoding(o.encoding) ? o.encoding : null;
  const out = [];
  const err = [];
  let killed = false;
  let exited = false;
  let timeoutId = null;
  let ex = null;

  function exithandler(code, signal) {
    if (exited) return;
    exited = true;
    if (timeoutId) {
      clearTimeout(timeoutId);
      timeoutId = null;
    }
    if (!callback) return;
    const stdout = joined(out, encoding, child.stdout);
    const stderr = joined(err, encoding, child.stderr);
    if (!ex && code === 0 && signal === null) {
      callback(null, stdout, stderr);
      return;
    }
    const cmd = args?.length ? `${file} ${args.join(' ')}` : file;
    if (!ex) {
      ex = Object.assign(new Error(`Command failed: ${cmd}\n${stderr}`), {
        code: code < 0 ? getSystemErrorName(code) : code,
        killed: child.killed || killed,
        signal,
      });
    }
    ex.cmd = cmd;
    callback(ex, stdout, stderr);
  }

  function destroyStreams() {
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
  }

  function kill() {
    destroyStreams();
    killed = true;
    try {
      child.kill(o.killSignal);
    } catch (e) {
      ex = e;
      exithandler();
    }
  }

  if (o.timeout > 0) {
    timeoutId = setTimeout(() => {
      kill();
      timeoutId = null;
    }, o.timeout);
  }
  const overflow = (name) => () => {
    ex = maxBufferError(name);
    kill();
  };
  collect(child.stdout, out, encoding, o.maxBuffer, overflow('stdout'));
  collect(child.stderr, err, encoding, o.maxBuffer, overflow('stderr'));
  child.addListener('close', exithandler);
  child.addListener('error', (e) => {
    ex = e;
    destroyStreams();
    exithandler();
  });
}

/**
 * exec and execFile on `spawn` (a function with child_process.spawn's signature returning a
 * ChildProcess), each with its util.promisify.custom form.
 * @param {Function} spawn
 */
module.exports = function makeExec(spawn) {
  const api = { exec, execFile };

  /** exec(command[, options][, callback]): the command run by options.shell or /bin/sh. */
  function exec(command, options, callback) {
    const n = normalizeExecArgs(command, options, callback, exec);
    return api.execFile(n.file, n.options, n.callback);
  }

  /** execFile(file[, args][, options][, callback]). */
  function execFile(file, args, options, callback) {
    const n = normalizeExecFileArgs(file, args, options, callback, execFile);
    const o = { __proto__: null, ...DEFAULTS, ...n.options };
    validateTimeout(o.timeout, execFile);
    validateMaxBuffer(o.maxBuffer, execFile);
    o.killSignal = sanitizeKillSignal(o.killSignal, execFile);
    const child = spawn(n.file, n.args, spawnOptions(o));
    watch(child, n.file, n.args, o, n.callback);
    return child;
  }

  for (const fn of [exec, execFile]) {
    Object.defineProperty(fn, promisify.custom, {
      __proto__: null,
      enumerable: false,
      value: customPromiseExecFunction(fn),
    });
  }
  return api;
};
