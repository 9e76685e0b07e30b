// Compiled with `tsc -p tsconfig.json` (noEmit): every export used with its declared types,
// and wrong types rejected (@ts-expect-error fails the build if the line compiles).
import * as cp from 'child_process';
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as os from 'os';
import * as util from 'util';
import rns = require('..');

async function typed(): Promise<void> {
  const v: string = rns.version();
  const name: string = rns.errname(1);
  const msg: string = rns.strerror(-1);
  const lib: string = rns.libraryPath;
  const net: number = rns.constants.CLONE_NEWNET + rns.CLONE_NEWUTS + rns.VERSION_MAJOR;

  const fd: number = rns.nsOpen(0, rns.CLONE_NEWNET);
  rns.setns(fd, rns.CLONE_NEWNET);
  rns.setns(fd);
  const fh: fsp.FileHandle = await fsp.open('/proc/thread-self/ns/net');
  rns.setns(fh, rns.constants.CLONE_NEWNET);
  await fh.close();
  rns.unshare(rns.CLONE_NEWUTS | rns.CLONE_NEWIPC);
  rns.setnsPath('/proc/self/ns/uts', rns.CLONE_NEWUTS);
  rns.setnsPath(Buffer.from('/proc/self/ns/uts'));
  rns.setnsPath(new URL('file:///proc/self/ns/uts'));
  rns.setnsPid(1, rns.CLONE_NEWNET);
  fs.closeSync(fd);

  const nsfd: number = rns.nsOpen(0, rns.CLONE_NEWNET);
  const nstype: number = rns.nsType(nsfd) + rns.nsUserns(nsfd) + rns.nsOwnerUid(nsfd);
  const same: boolean = rns.nsSame(nsfd, nsfd) && rns.nsParent(nsfd) > 0;
  const nsid: rns.NsId = rns.nsId(nsfd);
  const big: bigint = nsid.id;
  const ns: rns.Namespace = rns.Namespace.open(0, rns.CLONE_NEWUSER);
  const ns2: rns.Namespace = new rns.Namespace(rns.nsOpen(0, rns.CLONE_NEWUSER));
  const eq: boolean = ns.equals(ns2) && ns.id().kernel && ns.owner().type() === ns.parent().ownerUid();
  rns.setns(ns, rns.CLONE_NEWUSER); // a Namespace is an Fd
  ns.close();
  // @ts-expect-error equals takes a Namespace
  ns.equals(nsfd);
  void [nstype, same, big, eq, rns.NS_ID_KERNEL + rns.constants.NS_ID_INODE];

  rns.setpgid(0, 0);
  const pgid: number = rns.getpgid(0) + rns.getpgid() + rns.getpgrp();
  rns.setpgrp();
  const sid: number = rns.setsid() + rns.getsid(0) + rns.getsid();
  const fg: number = rns.tcgetpgrp(0);
  rns.tcsetpgrp(0, fg);
  rns.killpg(pgid, 0);
  rns.killpg(pgid, 'SIGTERM');
  const sig: rns.Signal = 'SIGKILL';

  const nice: number = rns.getpriority(rns.PRIO_PROCESS, 0) + rns.getpriority(rns.PRIO_USER);
  rns.setpriority(rns.PRIO_PROCESS, 0, nice);

  rns.setPdeathsig('SIGTERM');
  rns.setPdeathsig(0);
  rns.setChildSubreaper(1);
  rns.setNoNewPrivs();
  rns.setNoNewPrivs(1);
  const attrs: number = rns.getPdeathsig() + rns.getChildSubreaper() + rns.getNoNewPrivs();

  rns.setuid(0);
  rns.setgid(0);
  rns.seteuid(0);
  rns.setegid(0);
  rns.setreuid(-1, -1);
  rns.setregid(-1, -1);
  rns.setresuid(-1, -1, -1);
  rns.setresgid(-1, -1, -1);
  const { ruid, euid, suid } = rns.getresuid();
  const { rgid, egid, sgid } = rns.getresgid();
  const groups: number[] = rns.getgroups();
  rns.setgroups(groups);
  rns.setgroups(new Uint32Array([0]));
  rns.initgroups('root', 0);
  const list: number[] = rns.getgrouplist('root', 0);

  const pidfd: number = rns.pidfdOpen(process.pid, rns.PIDFD_NONBLOCK);
  rns.pidfdOpen(process.pid);
  rns.pidfdSendSignal(pidfd, 0);
  rns.pidfdSendSignal(pidfd, 0, 0);
  rns.pidfdSendSignal(pidfd, sig);
  rns.pidfdSendSignal(pidfd, 'SIGKILL', 0);
  const dup: number = rns.pidfdGetfd(pidfd, 0, 0);

  const host: string = rns.runInNamespaces(1, rns.CLONE_NEWUTS, () => 'name');
  const ifaces: string[] = rns.runInNamespaces(1, rns.CLONE_NEWNET, () => Object.keys(os.networkInterfaces()));

  try {
    rns.setns(-1, 0);
  } catch (e) {
    const err = e as rns.RnsSystemError;
    const parts: [string, number, string, string | undefined] = [err.code, err.errno, err.syscall, err.path];
    void parts;
  }

  // @ts-expect-error a string is no fd
  rns.setns('3', 0);
  // @ts-expect-error the uid is a number
  rns.setuid('0');
  // @ts-expect-error getgroups takes no argument
  rns.getgroups(4);
  // @ts-expect-error setgroups takes a list
  rns.setgroups(0);
  // @ts-expect-error setsid returns a number, not a string
  const wrong: string = rns.setsid();
  // @ts-expect-error an unknown signal name
  rns.killpg(pgid, 'SIGFOO');
  // @ts-expect-error an async fn is refused (its awaits would run outside the namespaces)
  rns.runInNamespaces(1, rns.CLONE_NEWNET, async () => 1);
  // @ts-expect-error a promise is refused too
  rns.runInNamespaces(1, rns.CLONE_NEWNET, () => Promise.resolve(1));
  // @ts-expect-error the constants are read-only
  rns.constants.CLONE_NEWNET = 1;
  // spawn as child_process.spawn is called: process.env as env, options in the args' place
  const child: rns.ChildProcess = rns.spawn('ls', null, { env: { ...process.env, A: undefined }, cwd: null, setsid: false });
  rns.spawn('ls', { cwd: '' }).exited.then((r) => r.code);
  // code written against @types/node's child_process.spawn compiles with rns.spawn in its place
  // (the same lines with cp.spawn for spawn compile against @types/node)
  {
    const spawn = rns.spawn;
    const piped = spawn('ls', ['-l'], { cwd: '/', env: process.env, timeout: 1000, killSignal: 'SIGKILL' });
    piped.stdout.setEncoding('utf8');
    piped.stdin.end('x');
    piped.on('exit', (code: number | null, signal: NodeJS.Signals | null) => void [code, signal]);
    const some = spawn('ls', [], { stdio: ['ignore', 'pipe', 'inherit'], detached: true, uid: 0, gid: 0, argv0: 'x' });
    some.stdout.pipe(process.stdout);
    // @ts-expect-error stdin is 'ignore': no stream
    some.stdin.end();
    const inherited = spawn('ls', { stdio: 'inherit', shell: true, signal: new AbortController().signal, windowsHide: true });
    inherited.on('close', () => inherited.kill('SIGTERM'));
    const opts: cp.SpawnOptions = { stdio: ['pipe', 'ignore', process.stderr] };
    const nodeChild: cp.ChildProcess = spawn('ls', [], opts);
    nodeChild.unref();
  }
  const ours = rns.spawn('ls', [], { unshare: rns.CLONE_NEWNET, stdio: 'inherit' });
  const childPidfd: number | undefined = ours.pidfd;
  ours.exited.then((r) => r.signal);
  const asNode: cp.ChildProcess = ours;
  void [childPidfd, asNode, rns.ChildProcess];
  // @ts-expect-error setsid is a boolean
  rns.spawn('ls', [], { setsid: 'false' });
  // fd actions and the terminal
  const actions: rns.FileAction[] = [{ action: 'open', fd: 3, path: '/x', flags: 0 }, { action: 'dup2', fd: 1, newfd: 2 },
    { action: 'chdir', path: '/' }, { action: 'closefrom', fd: 4 }];
  rns.spawn('ls', [], { fileActions: actions, keepFds: true, setsid: true, ctty: 0, noctty: false });
  rns.spawn('ls', [], { foreground: 0 });
  // @ts-expect-error dup2 needs newfd
  rns.spawn('ls', [], { fileActions: [{ action: 'dup2', fd: 1 }] });
  // a seccomp filter as instruction objects or raw bytes, a Landlock ruleset fd
  const filter: rns.SockFilter[] = [{ code: 0x06, k: 0x7fff0000 }];
  rns.spawn('ls', [], { noNewPrivs: true, seccomp: filter, landlock: 3 });
  rns.spawn('ls', [], { seccomp: Buffer.alloc(8) });
  // @ts-expect-error an instruction needs its opcode
  rns.spawn('ls', [], { seccomp: [{ k: 0 }] });
  void child;

  // exec and execFile as @types/node's child_process.exec/execFile are called
  rns.exec('ls -l', (err, stdout, stderr) => {
    const text: string = stdout + stderr;
    const code: number | undefined = err?.code;
    void [text, code, err?.killed, err?.signal, err?.cmd];
  });
  rns.exec('ls', { encoding: 'buffer', maxBuffer: 1024, timeout: 100, killSignal: 'SIGKILL' }, (err, stdout) => {
    const bytes: Buffer = stdout;
    void [err, bytes];
  });
  rns.execFile('ls', ['-l'], { cwd: '/', env: process.env, signal: new AbortController().signal }, (err, stdout) => {
    const text: string = stdout;
    void [err, text];
  });
  const execChild = rns.execFile('ls');
  const run = util.promisify(rns.exec)('ls');
  const ran: { stdout: string; stderr: string } = await run;
  const ranChild: number | undefined = run.child.pid;
  const { stdout: fileOut } = await util.promisify(rns.execFile)('ls', ['-l'], { encoding: 'buffer' });
  const fileBytes: Buffer = fileOut;
  // @ts-expect-error args are a list of strings
  rns.execFile('ls', 42);
  // @ts-expect-error the command is a string
  rns.exec(['ls']);
  void [execChild, ran, ranChild, fileBytes];

  void [v, name, msg, lib, net, sid, ruid, euid, suid, rgid, egid, sgid, list, dup, host, ifaces, wrong, attrs];
}

/** spawnSync, execFileSync, execSync: code written against @types/node's child_process compiles. */
function typedSync(): void {
  const opts: cp.SpawnSyncOptionsWithStringEncoding = { encoding: 'utf8', timeout: 100, killSignal: 'SIGKILL' };
  const r1: cp.SpawnSyncReturns<string> = rns.spawnSync('ls', ['-l'], opts);
  const r2: cp.SpawnSyncReturns<Buffer> = rns.spawnSync('ls');
  const r3: rns.SpawnSyncReturns<string> = rns.spawnSync('ls', { encoding: 'latin1', unshare: rns.CLONE_NEWUTS });
  const step: string | null | undefined = r3.error?.step;
  const sig: NodeJS.Signals | null = r1.signal;
  const both: string | Buffer = rns.spawnSync('ls', [], { encoding: opts.encoding as BufferEncoding | 'buffer' }).stdout;
  const s1: string = rns.execSync('ls', { encoding: 'utf8', shell: '/bin/bash' });
  const b1: Buffer = rns.execSync('ls');
  const s2: string = rns.execFileSync('ls', ['-l'], { encoding: 'utf8', input: 'x' });
  const b2: Buffer = rns.execFileSync('ls', { maxBuffer: Infinity, stdio: 'pipe', setsid: true });
  const peer: cp.ExecFileSyncOptions = { cwd: '/', env: { A: 'b' }, stdio: ['pipe', 'inherit', 'ignore'] };
  const b3: string | Buffer = rns.execFileSync('ls', peer);
  // @ts-expect-error librns's own options keep their types
  rns.spawnSync('ls', { unshare: 'net' });
  // @ts-expect-error the return type follows the encoding
  const wrong: Buffer = rns.execSync('ls', { encoding: 'utf8' });
  void [r2, step, sig, both, s1, b1, s2, b2, b3, wrong];
}

void typed;
void typedSync;
