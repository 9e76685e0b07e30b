#!/usr/bin/env node
// A socket opened in another network namespace from Node, two ways, in the same run:
//
//   librns    rns.setnsPid(pid, CLONE_NEWNET) on the main thread, a socket (socket(2) through
//             koffi on libc) opened and closed, rns.setns(own net namespace fd) back
//   runIn...  the same through rns.runInNamespaces(pid, CLONE_NEWNET, fn), which also checks
//             it can come back before entering and that it did after (a row of its own)
//   child     what Node offers without a binding: a child process per entry,
//             spawnSync('nsenter', ['--net=/proc/PID/ns/net', 'true']), which does not even
//             open a socket (the peer's best case)
//
// The target is a child made with `unshare --net sleep`. Needs root (skips, saying so,
// otherwise). Best of a few rounds each. With BENCH_TSV set, appends the rows (ratio
// child/librns: how many times faster librns is) to that file for benches/table.sh.
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const rns = require('../../bindings/node');
const koffi = require(require.resolve('koffi', { paths: [path.join(__dirname, '../../bindings/node')] }));

const OP = 'Node: socket in another netns (setns, back)';
const OP_RUN = 'Node: socket in another netns (runInNamespaces)';

function row(fields) {
  if (process.env.BENCH_TSV) fs.appendFileSync(process.env.BENCH_TSV, fields.join('\t') + '\n');
}

if (process.getuid() !== 0) {
  const why = 'needs root: entering a network namespace needs CAP_SYS_ADMIN';
  console.log(`   skip: ${why}`);
  row([OP, 'skip', why]);
  row([OP_RUN, 'skip', why]);
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

const ownFd = fs.openSync('/proc/thread-self/ns/net', 'r');
function viaSetns() {
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

function best(f, n, rounds) {
  let b = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    b = Math.min(b, Number(process.hrtime.bigint() - t0) / n);
  }
  return b;
}

try {
  best(viaSetns, 200, 1); // warm up
  best(viaRun, 200, 1);
  viaChild();
  const a = best(viaSetns, 2000, 5);
  const b = best(viaRun, 2000, 5);
  const c = best(viaChild, 40, 3);
  if (fs.readlinkSync('/proc/thread-self/ns/net') !== own) throw new Error('not back in our namespace');
  console.log(`   setnsPid + socket + close + setns ${(a / 1e3).toFixed(1).padStart(8)} us`);
  console.log(`   runInNamespaces + socket + close  ${(b / 1e3).toFixed(1).padStart(8)} us`);
  console.log(`   spawnSync nsenter --net true      ${(c / 1e3).toFixed(1).padStart(8)} us   ` +
    `${(c / a).toFixed(0)}x setnsPid, ${(c / b).toFixed(0)}x runInNamespaces`);
  const peer = 'spawnSync nsenter --net true';
  row([OP, a.toFixed(0), peer, c.toFixed(0), 'peer/librns', '>=150']);
  row([OP_RUN, b.toFixed(0), peer, c.toFixed(0), 'peer/librns', '>=150']);
} finally {
  child.kill('SIGKILL');
}
