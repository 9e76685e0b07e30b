'use strict';
// Node's own child_process.spawn tests (test/parallel/test-child-process-*.js of Node 20),
// each case run against require('child_process') and require('librns'), the same code:
// spawn-error, emfile, spawn-typeerror, spawn-argv0, cwd, env, default-options, spawn-event,
// spawn-shell, uid-gid, constructor, exit. common.mustCall becomes a count checked at the end of the case;
// Node's fixtures become sh/coreutils commands or `node -e`. Stdio, kill, detached, abort and
// data flow: cp_spawn_port_stdio.test.js.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { getSystemErrorName } = require('util');
const { pathToFileURL, URL } = require('url');
const { MODULES, calls, closed, text, pkgDir } = require('./cp_spawn_port_lib');
const { isRoot, runChild } = require('./helpers');

/** Whether this process may search directory `dir` (a missing one counts as searchable: ENOENT). */
function searchable(dir) {
  try {
    fs.accessSync(dir, fs.constants.X_OK);
    return true;
  } catch (e) {
    return e.code !== 'EACCES';
  }
}

for (const [name, cp] of MODULES) {
  test(`${name}: spawn-error: ENOENT is emitted, stdio still set up, 'spawn' never; then 'close' -2`, async () => {
    const c = calls();
    const enoentPath = 'foo123';
    const spawnargs = ['bar'];
    assert.strictEqual(fs.existsSync(enoentPath), false);
    // (As execvp, a PATH directory we may not search, such as /root/... for uid 65534, makes
    // the search's error EACCES, for both.)
    const code = (process.env.PATH || '').split(':').some((dir) => dir && !searchable(dir)) ? 'EACCES' : 'ENOENT';
    const enoentChild = cp.spawn(enoentPath, spawnargs);
    // Verify that stdio is setup if the error is not EMFILE or ENFILE.
    assert.notStrictEqual(enoentChild.stdin, undefined);
    assert.notStrictEqual(enoentChild.stdout, undefined);
    assert.notStrictEqual(enoentChild.stderr, undefined);
    assert(Array.isArray(enoentChild.stdio));
    assert.strictEqual(enoentChild.stdio[0], enoentChild.stdin);
    assert.strictEqual(enoentChild.stdio[1], enoentChild.stdout);
    assert.strictEqual(enoentChild.stdio[2], enoentChild.stderr);
    assert.strictEqual(enoentChild.pid, undefined);
    enoentChild.on('spawn', c.mustNotCall("'spawn'"));
    enoentChild.on('exit', c.mustNotCall("'exit'"));
    enoentChild.on('error', c.mustCall((err) => {
      assert.strictEqual(err.code, code);
      assert.strictEqual(getSystemErrorName(err.errno), code);
      assert.strictEqual(err.syscall, `spawn ${enoentPath}`);
      assert.strictEqual(err.path, enoentPath);
      assert.deepStrictEqual(err.spawnargs, spawnargs);
      assert.strictEqual(err.message, `spawn ${enoentPath} ${code}`);
      if (name === 'librns') assert.strictEqual(err.step, 'exec');
    }));
    const errno = -os.constants.errno[code];
    assert.deepStrictEqual(await closed(enoentChild), [errno, null]);
    assert.strictEqual(enoentChild.exitCode, errno);
    c.verify();
  });

  test(`${name}: spawn-typeerror: the argument combinations accepted and refused`, async () => {
    const cmd = 'ls';
    const invalidcmd = 'hopefully_you_dont_have_this_on_your_machine';
    const invalidArgValueError = { code: 'ERR_INVALID_ARG_VALUE', name: 'TypeError' };
    const invalidArgTypeError = { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' };
    const started = [];
    const spawn = (...args) => {
      const child = cp.spawn(...args);
      started.push(closed(child));
      return child;
    };
    assert.throws(() => spawn(invalidcmd, 'this is not an array'), invalidArgTypeError);
    // Verify that valid argument combinations do not throw.
    spawn(cmd);
    spawn(cmd, []);
    spawn(cmd, {});
    spawn(cmd, [], {});
    // Verify that invalid argument combinations throw.
    assert.throws(() => spawn(), invalidArgTypeError);
    assert.throws(() => spawn(''), invalidArgValueError);
    assert.throws(() => spawn({ toString() { return null; } }), invalidArgTypeError);
    assert.throws(() => spawn(cmd, true), invalidArgTypeError);
    assert.throws(() => spawn(cmd, [], null), invalidArgTypeError);
    assert.throws(() => spawn(cmd, [], 1), invalidArgTypeError);
    assert.throws(() => spawn(cmd, [], { uid: 2 ** 63 }), invalidArgTypeError);
    assert.throws(() => spawn(cmd, [], { gid: 2 ** 63 }), invalidArgTypeError);
    // Argument types for combinatorics.
    const a = [];
    const o = {};
    const s = 'string';
    const u = undefined;
    const n = null;
    // function spawn(file=f [,args=a] [, options=o]) has valid combinations:
    //   (f) (f, a) (f, a, o) (f, o)
    spawn(cmd);
    spawn(cmd, a);
    spawn(cmd, a, o);
    spawn(cmd, o);
    // Variants of undefined as explicit 'no argument' at a position.
    spawn(cmd, u, o);
    spawn(cmd, n, o);
    spawn(cmd, a, u);
    assert.throws(() => spawn(cmd, a, n), invalidArgTypeError);
    assert.throws(() => spawn(cmd, s), invalidArgTypeError);
    assert.throws(() => spawn(cmd, a, s), invalidArgTypeError);
    assert.throws(() => spawn(cmd, a, a), invalidArgTypeError);
    for (const [code] of await Promise.all(started)) assert.strictEqual(code, 0);
  });

  test(`${name}: emfile: no fd left is EMFILE emitted, not thrown; no stdio set up; no 'exit'`, () => {
    // Node's test-child-process-emfile.js, in a child process (it uses up every fd).
    const r = runChild(`
      const cp = require(${JSON.stringify(name === 'librns' ? pkgDir : 'child_process')});
      const openFds = [];
      for (;;) {
        try { openFds.push(fs.openSync('/dev/null', 'r')); } catch (err) { assert.strictEqual(err.code, 'EMFILE'); break; }
      }
      // Should emit an error, not throw.
      const proc = cp.spawn(process.execPath, ['-e', '0']);
      // Verify that stdio is not set up on EMFILE or ENFILE.
      const stdio = [proc.stdin, proc.stdout, proc.stderr, proc.stdio];
      const events = [];
      proc.on('error', (err) => events.push(['error', err.code, err.syscall]));
      proc.on('exit', () => events.push(['exit']));
      proc.on('close', (...args) => {
        events.push(['close', ...args]);
        for (const fd of openFds) fs.closeSync(fd);
        out({ stdio: stdio.map(String), pid: String(proc.pid), events });
      });`);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.deepStrictEqual(r.result, {
      stdio: ['undefined', 'undefined', 'undefined', 'undefined'],
      pid: 'undefined',
      events: [['error', 'EMFILE', `spawn ${process.execPath}`], ['close', -os.constants.errno.EMFILE, null]],
    });
  });

  test(`${name}: spawn-argv0: argv[0] is the file, or options.argv0; a non-string refused`, async () => {
    const script = 'console.log(process.argv0)';
    const noArgv0 = cp.spawn(process.execPath, ['-e', script]);
    const withArgv0 = cp.spawn(process.execPath, ['-e', script], { argv0: 'withArgv0' });
    const ends = [closed(noArgv0), closed(withArgv0)];
    // (both read from the start: at its exit, Node drains a stream nobody reads)
    const outputs = Promise.all([text(noArgv0.stdout), text(withArgv0.stdout)]);
    assert.deepStrictEqual((await outputs).map((s) => s.trim()), [process.execPath, 'withArgv0']);
    assert.throws(() => {
      cp.spawn(process.execPath, ['-e', script], { argv0: [] });
    }, {
      code: 'ERR_INVALID_ARG_TYPE',
      name: 'TypeError',
      message: 'The "options.argv0" property must be of type string. Received an instance of Array',
    });
    await Promise.all(ends);
  });

  test(`${name}: cwd: a missing one is ENOENT emitted; a path, a file: URL, '', undefined, null`, async () => {
    const c = calls();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rns-cp-cwd-'));
    // Spawns 'pwd' with the options; checks the pid's type, the exit code and what it printed.
    function testCwd(options, expectPidType, expectCode = 0, expectData) {
      const child = cp.spawn('pwd', options);
      assert.strictEqual(typeof child.pid, expectPidType);
      child.stdout.setEncoding('utf8');
      let data = '';
      child.stdout.on('data', (chunk) => { data += chunk; });
      // 'exit' may or may not fire after an error (Node's words).
      child.on('exit', (code) => assert.strictEqual(code, expectCode));
      child.on('close', c.mustCall(() => {
        if (expectData) assert.strictEqual(data.trim(), expectData);
      }));
      ends.push(closed(child));
      return child;
    }
    const ends = [];
    const missing = testCwd({ cwd: 'does-not-exist' }, 'undefined', -1);
    missing.on('error', c.mustCall((e) => assert.strictEqual(e.code, 'ENOENT')));
    assert.throws(() => testCwd({ cwd: new URL('http://example.com/') }, 'number', 0, tmp), /The URL must be of scheme file/);
    assert.throws(() => testCwd({ cwd: new URL('file://host/dev/null') }, 'number', 0, tmp),
      /File URL host must be "localhost" or empty on/);
    // Assume these exist, and 'pwd' gives us the right directory back.
    testCwd({ cwd: tmp }, 'number', 0, tmp);
    testCwd({ cwd: '/dev' }, 'number', 0, '/dev');
    testCwd({ cwd: pathToFileURL(tmp) }, 'number', 0, tmp);
    // spawn() shouldn't try to chdir() to an invalid arg, so this should just work.
    testCwd({ cwd: '' }, 'number');
    testCwd({ cwd: undefined }, 'number');
    testCwd({ cwd: null }, 'number');
    await Promise.all(ends);
    fs.rmSync(tmp, { recursive: true });
    c.verify();
  });

  test(`${name}: env: own and inherited keys, undefined left out, null as 'null', '' kept`, async () => {
    const env = { ...process.env, HELLO: 'WORLD', UNDEFINED: undefined, NULL: null, EMPTY: '' };
    Object.setPrototypeOf(env, { FOO: 'BAR' });
    const child = cp.spawn('/usr/bin/env', [], { env });
    const end = closed(child);
    const response = await text(child.stdout);
    assert.ok(response.includes('HELLO=WORLD'));
    assert.ok(response.includes('FOO=BAR'));
    assert.ok(!response.includes('UNDEFINED=undefined'));
    assert.ok(response.includes('NULL=null'));
    assert.ok(response.includes(`EMPTY=${os.EOL}`));
    await end;
  });

  test(`${name}: default-options: without env, process.env as it is now`, async () => {
    process.env.HELLO = 'WORLD';
    try {
      const child = cp.spawn('/usr/bin/env', [], {});
      const end = closed(child);
      assert.ok((await text(child.stdout)).includes('HELLO=WORLD'), 'spawn did not use process.env as default');
      await end;
    } finally {
      delete process.env.HELLO;
    }
  });

  test(`${name}: spawn-event: 'spawn' comes before every stream and exit event`, async () => {
    const c = calls();
    const subprocess = cp.spawn('echo', ['ok']);
    let didSpawn = false;
    subprocess.on('spawn', () => { didSpawn = true; });
    const mustCallAfterSpawn = () => c.mustCall(() => assert.ok(didSpawn));
    subprocess.on('error', c.mustNotCall("'error'"));
    subprocess.on('spawn', c.mustCall());
    subprocess.stdout.on('data', mustCallAfterSpawn());
    subprocess.stdout.on('end', mustCallAfterSpawn());
    subprocess.stdout.on('close', mustCallAfterSpawn());
    subprocess.stderr.on('data', c.mustNotCall('stderr data'));
    subprocess.stderr.on('end', mustCallAfterSpawn());
    subprocess.stderr.on('close', mustCallAfterSpawn());
    subprocess.on('exit', mustCallAfterSpawn());
    subprocess.on('close', mustCallAfterSpawn());
    await closed(subprocess);
    await new Promise(setImmediate);
    c.verify();
  });

  test(`${name}: spawn-shell: a shell runs the command, with its features and the env given`, async () => {
    const c = calls();
    // Verify that a shell is, in fact, executed.
    const doesNotExist = cp.spawn('does-not-exist', { shell: true });
    assert.notStrictEqual(doesNotExist.spawnfile, 'does-not-exist');
    assert.deepStrictEqual(doesNotExist.spawnargs, ['/bin/sh', '-c', 'does-not-exist']);
    doesNotExist.on('error', c.mustNotCall("'error'"));
    doesNotExist.on('exit', c.mustCall((code, signal) => {
      assert.strictEqual(signal, null);
      assert.strictEqual(code, 127); // exit code of /bin/sh
    }));
    // Verify that shell features can be used.
    const command = cp.spawn('echo bar | cat', { encoding: 'utf8', shell: true });
    // Verify that the environment is properly inherited.
    const env = cp.spawn('"$NODE" -pe process.env.BAZ', {
      env: { ...process.env, BAZ: 'buzz', NODE: process.execPath },
      encoding: 'utf8',
      shell: true,
    });
    const ends = [closed(doesNotExist), closed(command), closed(env)];
    const [commandOutput, envOutput] = await Promise.all([text(command.stdout), text(env.stdout)]);
    await Promise.all(ends);
    assert.strictEqual(commandOutput.trim(), 'bar');
    assert.strictEqual(envOutput.trim(), 'buzz');
    // A shell given by name (as Node: the string is the shell).
    const named = cp.spawn('echo $0', { shell: '/bin/bash' });
    const end = closed(named);
    assert.strictEqual((await text(named.stdout)).trim(), '/bin/bash');
    await end;
    c.verify();
  });

  test(`${name}: uid-gid: not root, uid 0 or gid 0 throws EPERM (as uid 65534 when root)`, (t) => {
    // Node's test runs as an ordinary user only; as root, its case runs in a child as 65534.
    const prefix = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const module = name === 'librns' ? pkgDir : 'child_process';
    const r = runChild(`
      const cp = require(${JSON.stringify(module)});
      const got = [];
      for (const options of [{ uid: 0 }, { gid: 0 }]) {
        try { cp.spawn('echo', ['fhqwhgads'], options); got.push('no throw'); }
        catch (e) { got.push({ message: e.message, code: e.code, syscall: e.syscall, step: e.step }); }
      }
      out(got);`, { prefix, cwd: '/' });
    if (r.result && r.result.code === 'EACCES') return t.skip(`uid 65534 cannot read the tree: ${r.result.error}`);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    // (librns's error also says the step that failed)
    const eperm = (step) => ({ message: 'spawn EPERM', code: 'EPERM', syscall: 'spawn', ...(name === 'librns' ? { step } : {}) });
    assert.deepStrictEqual(r.result, [eperm('uid'), eperm('gid')]);
  });

  test(`${name}: uid-gid as root: the program runs as uid/gid 65534 with no supplementary groups`, async (t) => {
    if (!isRoot) return t.skip(`needs root to change ids (running as uid ${process.getuid()})`);
    const child = cp.spawn('id', [], { uid: 65534, gid: 65534 });
    const end = closed(child);
    const out = (await text(child.stdout)).trim();
    assert.match(out, /^uid=65534\(\w+\) gid=65534\(\w+\) groups=65534\(\w+\)$/);
    assert.deepStrictEqual(await end, [0, null]);
  });

  test(`${name}: (not Node's test) uid/gid -1 is setuid's EINVAL; -2 is uid 4294967294`, async () => {
    for (const options of [{ uid: -1 }, { gid: -1 }]) {
      assert.throws(() => cp.spawn('true', [], options), { code: 'EINVAL', message: 'spawn EINVAL', syscall: 'spawn' });
    }
    if (!isRoot) {
      assert.throws(() => cp.spawn('id', ['-u'], { uid: -2 }), { code: 'EPERM', message: 'spawn EPERM' });
      return;
    }
    const child = cp.spawn('id', ['-u'], { uid: -2 });
    const end = closed(child);
    assert.strictEqual(await text(child.stdout), '4294967294\n');
    assert.deepStrictEqual(await end, [0, null]);
  });

  test(`${name}: constructor: new ChildProcess(); its spawn(options) checks them; kill`, async () => {
    const { ChildProcess } = cp;
    assert.strictEqual(typeof ChildProcess, 'function');
    const describe = (v) => require('util').inspect(v);
    // Invalid options to spawn() throw.
    for (const options of [undefined, null, 'foo', 0, 1, NaN, true, false]) {
      assert.throws(() => new ChildProcess().spawn(options), (e) => e.code === 'ERR_INVALID_ARG_TYPE' && e.name === 'TypeError' &&
        e.message.startsWith('The "options" argument must be of type object.'), describe(options));
    }
    // spawn throws if file is not a string.
    for (const file of [undefined, null, 0, 1, NaN, true, false, {}]) {
      assert.throws(() => new ChildProcess().spawn({ file }), (e) => e.code === 'ERR_INVALID_ARG_TYPE' &&
        e.message.startsWith('The "options.file" property must be of type string.'), describe(file));
    }
    // spawn throws if args is not an array or undefined.
    for (const args of [null, 0, 1, NaN, true, false, {}, 'foo']) {
      assert.throws(() => new ChildProcess().spawn({ file: 'foo', args }), (e) => e.code === 'ERR_INVALID_ARG_TYPE' &&
        e.message.startsWith('The "options.args" property must be an instance of Array.'), describe(args));
    }
    // (Node's envPairs case needs an 'ipc' slot: left out, librns has no IPC.)
    // We can call spawn.
    const child = new ChildProcess();
    const end = closed(child);
    child.spawn({ file: 'cat', args: ['cat'], cwd: process.cwd(), stdio: 'pipe', envPairs: [] });
    assert.strictEqual(Object.hasOwn(child, 'pid'), true);
    assert(Number.isInteger(child.pid));
    // Try killing with an invalid signal.
    assert.throws(() => child.kill('foo'), { code: 'ERR_UNKNOWN_SIGNAL', name: 'TypeError' });
    assert.strictEqual(child.kill(), true);
    assert.deepStrictEqual(await end, [null, 'SIGTERM']);
  });

  test(`${name}: exit: a chain of five node processes, each spawned by the one before, all exit 0`, async () => {
    // Node's test-child-process-exit.js: each generation spawns the next with
    // stdio ['ignore', 'pipe', 'ignore'], pipes its stdout on, and exits when it exits.
    const module = name === 'librns' ? pkgDir : 'child_process';
    const script = `
      const gen = +process.argv[1];
      if (gen === 5) console.log('gen 5');
      else {
        const child = require(${JSON.stringify(module)}).spawn(process.execPath, ['-e', process.argv[2], '--', gen + 1, process.argv[2]],
          { stdio: ['ignore', 'pipe', 'ignore'] });
        if (child.stdin || !child.stdout || child.stderr) throw new Error('stdio not as asked');
        child.on('exit', (code) => { console.log('gen ' + gen + ' saw ' + code); });
        child.stdout.pipe(process.stdout, { end: false });
      }`;
    const first = cp.spawn(process.execPath, ['-e', script, '--', '1', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const end = closed(first);
    const lines = (await text(first.stdout)).trim().split('\n').sort();
    assert.deepStrictEqual(lines, ['gen 1 saw 0', 'gen 2 saw 0', 'gen 3 saw 0', 'gen 4 saw 0', 'gen 5']);
    assert.deepStrictEqual(await end, [0, null]);
  });
}
