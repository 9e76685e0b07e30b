#!/usr/bin/env node
// A socket opened in another network namespace from Node's main thread, three ways, in the
// same run:
//
//   runIn...  rns.runInNamespaces(pid, CLONE_NEWNET, fn): fn opens a socket (socket(2) through
//             koffi on libc) and closes it
//   hand      the pattern written by hand with the binding's raw calls, per entry:
//             fs.openSync('/proc/thread-self/ns/net'), rns.setnsPid(pid, CLONE_NEWNET), fn,
//             rns.setns(own fd) back, fs.closeSync (what runInNamespaces must cost no more
//             than 1.1 times)
//   held      rns.setnsPid(pid, CLONE_NEWNET), fn, rns.setns(fd) back to the thread's own
//             namespace opened once beforehand: the fastest safe way when the caller keeps its
//             own namespace's fd (runInNamespaces opens it per call, about 4 us here)
//   child     what Node offers without a binding: a child process per entry,
//             spawnSync('nsenter', ['--net=/proc/PID/ns/net', 'true']), which does not even
//             open a socket (the peer's best case)
//
// The target is a child made with `unshare --net sleep`. Needs root (skips, saying so,
// otherwise). runIn and hand alternate, best of 9 rounds each. With BENCH_TSV set, appends
// the rows to that file for benches/table.sh.
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const rns = require('../../bindings/node');
const koffi = require(require.resolve('koffi', { paths: [path.join(__dirname, '../../bindings/node')] }));

const OP = 'Node: run in another netns (runInNamespaces)';
const OP_RUN = 'Node: socket in another netns (runInNamespaces)';
const OP_HELD = 'Node: socket in another netns (setnsPid, back to a held fd)';

function row(fields) {
  if (process.env.BENCH_TSV) fs.appendFileSync(process.env.BENCH_TSV, fields.join('\t') + '\n');
}

if (process.getuid() !== 0) {
  const why = 'needs root: entering a network namespace needs CAP_SYS_ADMIN';
  console.log(`   skip: ${why}`);
  row([OP, 'skip', why]);
  row([OP_RUN, 'skip', why]);
  row([OP_HELD, 'skip', why]);
  process.exit(0);
}

const libc = koffi.load('libc.so.6');
const socket = libc.func('int socket(int domain, int type, int protocol)');
const close = libc.func('int close(int fd)');
const ioctl = libc.func('int ioctl(int fd, unsigned long request, ...)');
const AF_INET = 2, SOCK_DGRAM = 2, SIOCGSKNS = 0x894c;

const child = spawn('unshare', ['--net', 'sleep', '600'], { stdio: 'ignore' });
const pid = child.pid;
const nsPath = `/proc/${pid}/ns/net`;
// unshare execs sleep in the same process once the namespace is made: wait for that.
const own = fs.readlinkSync('/proc/self/ns/net');
for (let i = 0; fs.readlinkSync(nsPath) === own; i++) {
  if (i > 1000) throw new Error('the target never left our network namespace');
  spawnSync('sleep', ['0.005']);
}
const theirs = fs.readlinkSync(nsPath);

function openSocket() {
  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) throw new Error('socket failed');
  return fd;
}

// The socket is in the target's namespace (SIOCGSKNS gives an fd of the socket's namespace).
rns.runInNamespaces(pid, rns.CLONE_NEWNET, () => {
  const fd = openSocket();
  const nsfd = ioctl(fd, SIOCGSKNS);
  const where = nsfd >= 0 ? fs.readlinkSync(`/proc/self/fd/${nsfd}`) : null;
  if (nsfd >= 0) close(nsfd);
  close(fd);
  if (where !== null && where !== theirs) throw new Error(`socket in ${where}, not ${theirs}`);
});
if (fs.readlinkSync('/proc/thread-self/ns/net') !== own) throw new Error('not back in our namespace');

function viaHand() {
  const own = fs.openSync('/proc/thread-self/ns/net', 'r');
  try {
    rns.setnsPid(pid, rns.CLONE_NEWNET);
    try {
      close(openSocket());
    } finally {
      rns.setns(own, rns.CLONE_NEWNET);
    }
  } finally {
    fs.closeSync(own);
  }
}
const ownFd = fs.openSync('/proc/thread-self/ns/net', 'r');
function viaHeld() {
  rns.setnsPid(pid, rns.CLONE_NEWNET);
  try {
    close(openSocket());
  } finally {
    rns.setns(ownFd, rns.CLONE_NEWNET);
  }
}
function viaRun() {
  rns.runInNamespaces(pid, rns.CLONE_NEWNET, () => close(openSocket()));
}
function viaChild() {
  const r = spawnSync('nsenter', [`--net=${nsPath}`, 'true']);
  if (r.status !== 0) throw new Error(`nsenter: ${r.stderr}`);
}

/** ns per call of f over n calls. */
function time(f, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t0) / n;
}

try {
  time(viaHand, 200); // warm up
  time(viaRun, 200);
  viaChild();
  time(viaHeld, 200);
  let a = Infinity, b = Infinity, c = Infinity, d = Infinity;
  for (let r = 0; r < 9; r++) {
    b = Math.min(b, time(viaRun, 2000));
    a = Math.min(a, time(viaHand, 2000));
    d = Math.min(d, time(viaHeld, 2000));
  }
  for (let r = 0; r < 3; r++) c = Math.min(c, time(viaChild, 40));
  if (fs.readlinkSync('/proc/thread-self/ns/net') !== own) throw new Error('not back in our namespace');
  console.log(`   runInNamespaces + socket + close        ${(b / 1e3).toFixed(1).padStart(8)} us   ${(b / a).toFixed(2)}x by hand`);
  console.log(`   by hand: open, setnsPid, socket, setns  ${(a / 1e3).toFixed(1).padStart(8)} us`);
  console.log(`   setnsPid, socket, setns to a held fd    ${(d / 1e3).toFixed(1).padStart(8)} us`);
  console.log(`   spawnSync nsenter --net true            ${(c / 1e3).toFixed(1).padStart(8)} us   ` +
    `${(c / b).toFixed(0)}x runInNamespaces, ${(c / d).toFixed(0)}x held fd`);
  row([OP, b.toFixed(0), 'by hand: open own ns, setnsPid, fn, setns back', a.toFixed(0), 'librns/peer', '<=1.1']);
  row([OP_HELD, d.toFixed(0), 'spawnSync nsenter --net true', c.toFixed(0), 'peer/librns', '>=150']);
  row([OP_RUN, b.toFixed(0), 'spawnSync nsenter --net true', c.toFixed(0), 'peer/librns', '-']);
} finally {
  child.kill('SIGKILL');
}
