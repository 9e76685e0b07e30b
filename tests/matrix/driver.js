#!/usr/bin/env node
// The cross-language matrix driver: runs every case of cases.txt in every runner (one fresh
// process per case and language), prints a table (rows: cases; columns: languages; cells:
// pass, FAIL, missing, skip), checks coverage against the function list of include/rns.h,
// and ends with "N passed, N failed". Exit status 0 only when nothing failed.
//
//   node tests/matrix/driver.js [--runner NAME=COMMAND]... [--only PATTERN]
//
// Without --runner options it uses the four runners the Makefile builds (make matrix-runners). Protocol and case
// format: tests/matrix/README.md. Node's standard library only.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawn, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const TIMEOUT_MS = 20000;
const JOBS = 4;

// [name, command, environment added]. Python: the venv's python, where make installs the tree's
// bindings/python (mk/python.mk), with the tree's library, as make test-python runs it.
const DEFAULT_RUNNERS = [
  ['C', [path.join(ROOT, 'target/matrix/c-runner')]],
  ['Go', [path.join(ROOT, 'target/matrix/go-runner')]],
  ['Node', [process.execPath, path.join(ROOT, 'tests/matrix/node/runner.js')]],
  ['Python', [path.join(ROOT, 'target/python-venv/bin/python'), path.join(ROOT, 'tests/matrix/python/runner.py')],
    { LIBRNS_PATH: path.join(ROOT, 'target/lib/librns.so') }],
];

function parseArgs(argv) {
  const opts = { runners: [], only: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runner' && i + 1 < argv.length) {
      const spec = argv[++i];
      const eq = spec.indexOf('=');
      if (eq <= 0) throw new Error(`--runner wants NAME=COMMAND, got "${spec}"`);
      opts.runners.push([spec.slice(0, eq), spec.slice(eq + 1).split(/\s+/).filter(Boolean)]);
    } else if (argv[i] === '--only' && i + 1 < argv.length) {
      opts.only = new RegExp(argv[++i]);
    } else {
      throw new Error(`unknown argument "${argv[i]}" (usage: driver.js [--runner NAME=CMD]... [--only RE])`);
    }
  }
  if (opts.runners.length === 0) opts.runners = DEFAULT_RUNNERS;
  return opts;
}

/** The public functions, from the header's declarations (the same list every check uses). */
function headerFunctions() {
  const out = execFileSync(path.join(ROOT, 'scripts/rns-functions.sh'), [path.join(ROOT, 'include/rns.h')], {
    encoding: 'utf8',
  });
  return new Set(out.split('\n').filter(Boolean));
}

/** cases.txt: "name | call | args | expect | uses | needs". */
function readCases(functions) {
  const file = path.join(ROOT, 'tests/matrix/cases.txt');
  const cases = [];
  const seen = new Set();
  const problems = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `cases.txt:${i + 1}`;
    const f = line.split('|').map((s) => s.trim());
    if (f.length < 4 || f.length > 6) return problems.push(`${where}: wants 4 to 6 fields, has ${f.length}`);
    const [name, call, args, expect, uses = '', needs = ''] = f;
    if (seen.has(name)) problems.push(`${where}: case "${name}" defined twice`);
    seen.add(name);
    const c = {
      name, call, expect,
      args: args.split(/\s+/).filter(Boolean),
      uses: uses.split(/\s+/).filter(Boolean),
      needs: needs.split(/\s+/).filter(Boolean),
    };
    if (call.startsWith('scenario:')) {
      if (c.uses.length === 0) problems.push(`${where}: scenario "${name}" lists no functions in "uses"`);
    } else {
      if (!functions.has(call)) problems.push(`${where}: "${call}" is not a function of include/rns.h`);
      c.uses.push(call);
    }
    for (const u of c.uses) {
      if (!functions.has(u)) problems.push(`${where}: uses "${u}", not a function of include/rns.h`);
    }
    for (const n of c.needs) {
      if (n !== 'root') problems.push(`${where}: unknown need "${n}"`);
    }
    if (!/^(ok|E[A-Z0-9]+|= .*)$/.test(expect)) problems.push(`${where}: bad expectation "${expect}"`);
    cases.push(c);
  });
  return { cases, problems };
}

/**
 * Without pidfds (RNS_TEST_SANDBOX has "nopidfd": tests/sandbox/rns-sandbox --nopidfd), the
 * expectations of sandbox-nopidfd.txt replace those of cases.txt ("skip: REASON" skips a
 * case). Returns a line saying so, or null when not sandboxed.
 */
function applySandbox(cases, problems) {
  const env = process.env.RNS_TEST_SANDBOX || '';
  if (!env.split(',').includes('nopidfd')) return null;
  const file = path.join(ROOT, 'tests/matrix/sandbox-nopidfd.txt');
  const byName = new Map(cases.map((c) => [c.name, c]));
  let n = 0;
  fs.readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `sandbox-nopidfd.txt:${i + 1}`;
    const f = line.split('|').map((s) => s.trim());
    const c = byName.get(f[0]);
    if (f.length !== 2) return problems.push(`${where}: wants 2 fields, has ${f.length}`);
    if (!c) return problems.push(`${where}: no case "${f[0]}" in cases.txt`);
    if (f[1].startsWith('skip:')) c.skip = `${f[0]}: ${f[1].slice(5).trim()}`;
    else if (/^(ok|E[A-Z0-9]+|= .*)$/.test(f[1])) c.expect = f[1];
    else return problems.push(`${where}: bad expectation "${f[1]}"`);
    n++;
  });
  return `sandbox: RNS_TEST_SANDBOX=${env}: ${n} expectations from tests/matrix/sandbox-nopidfd.txt`;
}

/** Files under dir (recursively, skipping node_modules) whose names pass keep. */
function sourceFiles(dir, keep) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'test' && e.name !== 'testdata') out.push(...sourceFiles(p, keep));
    } else if (keep(e.name)) {
      out.push(p);
    }
  }
  return out;
}

/** Which header functions a binding names, given how a call to NAME looks in its source. */
function boundFunctions(files, pattern) {
  const found = new Set();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(pattern)) found.add(m[1]);
  }
  return found;
}

/**
 * Which header functions the Python package calls through its library object: an attribute
 * `.rns_NAME` (`_L.rns_setns(...)`, `lib.rns_spawn`), or a name made from a template
 * (`getattr(lib, f"rns_spawn_attr_{call}")`) and a string literal of the same file that
 * completes it to a header function (`_int_setter("set_umask")`). The generated files
 * (_prototypes.py, which names every function) are not read.
 */
function pythonBound(files, functions) {
  const found = new Set();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (text.startsWith('# Generated by')) continue;
    for (const m of text.matchAll(/\.(rns_[a-z0-9_]+)\b/g)) found.add(m[1]);
    for (const [, prefix] of text.matchAll(/f["'](rns_[a-z0-9_]*)\{\w+\}["']/g)) {
      for (const [, rest] of text.matchAll(/["']([a-z0-9_]+)["']/g)) {
        if (functions.has(prefix + rest)) found.add(prefix + rest);
      }
    }
  }
  return found;
}

/** How runners are started: as they are when we are root, else as root of a user namespace. */
function privilegeMode() {
  if (process.getuid() === 0) {
    // Root inside a user namespace is not real root: a driver started in one must not claim it.
    const map = fs.readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\s+/);
    if (map[0] === '0' && map[1] === '0' && map[2] === '4294967295') return { wrap: [], realRoot: true };
    return { wrap: [], realRoot: false, why: 'the driver runs as root of a user namespace, not real root' };
  }
  const probe = spawnSync('unshare', ['--user', '--map-root-user', '--net', '--uts', '--ipc', 'true'], { stdio: 'ignore' });
  if (probe.status === 0) {
    return {
      // With network, UTS and IPC namespaces of its own, which that root may enter and leave.
      wrap: ['unshare', '--user', '--map-root-user', '--net', '--uts', '--ipc', '--'],
      realRoot: false,
      why: `not root (uid ${process.getuid()}): runners run as root of a user namespace`,
    };
  }
  return { wrap: null, realRoot: false, why: `not root (uid ${process.getuid()}) and no user namespace available` };
}

function runCell(cmd, env, c, wrap) {
  return new Promise((resolve) => {
    const argv = [...wrap, ...cmd, c.call, c.expect, ...c.args];
    let out = '';
    let child;
    try {
      child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    } catch (e) {
      resolve({ cell: 'FAIL', why: `cannot start ${argv[0]}: ${e.message}` });
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ cell: 'FAIL', why: `cannot start ${argv[0]}: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const why = out.trim().split('\n').slice(-3).join(' / ');
      if (code === 0) resolve({ cell: 'pass' });
      else if (code === 2) resolve({ cell: 'missing', why: why || 'runner does not know this call' });
      else if (signal) resolve({ cell: 'FAIL', why: `killed by ${signal}${signal === 'SIGKILL' ? ' (timeout?)' : ''}; ${why}` });
      else resolve({ cell: 'FAIL', why: why || `exit ${code}` });
    });
  });
}

async function pool(jobs, n) {
  const results = new Array(jobs.length);
  let next = 0;
  async function worker() {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return results;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const functions = headerFunctions();
  const { cases: allCases, problems } = readCases(functions);
  const sandboxed = applySandbox(allCases, problems);
  if (sandboxed) console.log(sandboxed);
  const cases = opts.only ? allCases.filter((c) => opts.only.test(c.name)) : allCases;
  const langs = opts.runners.map(([name]) => name);
  const mode = privilegeMode();

  for (const [name, cmd] of opts.runners) {
    if (!fs.existsSync(cmd[cmd.length - 1]) || (cmd.length > 1 && cmd[0].includes('/') && !fs.existsSync(cmd[0]))) {
      problems.push(`runner ${name}: ${cmd.join(' ')} does not exist (build it first: make matrix-runners)`);
    }
  }

  const jobs = [];
  for (const c of cases) {
    for (const [, cmd, env = {}] of opts.runners) {
      if (mode.wrap === null) jobs.push(async () => ({ cell: 'skip', why: mode.why }));
      else if (c.skip) jobs.push(async () => ({ cell: 'skip', why: c.skip }));
      else if (c.needs.includes('root') && !mode.realRoot) jobs.push(async () => ({ cell: 'skip', why: `needs real root; ${mode.why}` }));
      else jobs.push(() => runCell(cmd, env, c, mode.wrap));
    }
  }
  const results = await pool(jobs, JOBS);

  // The table.
  const width = Math.max(4, ...cases.map((c) => c.name.length));
  const colw = Math.max(7, ...langs.map((l) => l.length));
  const row = (first, cells) => first.padEnd(width) + '  ' + cells.map((s) => s.padEnd(colw)).join(' ');
  console.log(row('case', langs));
  console.log(row('-'.repeat(width), langs.map(() => '-'.repeat(colw))));
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const details = [];
  const skipReasons = new Set();
  const exercised = new Map(langs.map((l) => [l, new Set()]));
  cases.forEach((c, i) => {
    const cells = langs.map((lang, j) => {
      const r = results[i * langs.length + j];
      if (r.cell === 'pass') {
        passed++;
        for (const u of c.uses) exercised.get(lang).add(u);
      } else if (r.cell === 'skip') {
        skipped++;
        skipReasons.add(r.why);
      } else {
        failed++;
        details.push(`${c.name} [${lang}] ${r.cell}: ${r.why}`);
      }
      return r.cell;
    });
    console.log(row(c.name, cells));
  });

  if (details.length) {
    console.log('\nfailures:');
    for (const d of details) console.log('  ' + d);
  }
  for (const why of skipReasons) console.log(`skipped: ${why}`);

  // Coverage: every header function is bound in Go, Node and Python, and exercised in every
  // language.
  const goFiles = sourceFiles(path.join(ROOT, 'bindings/go'), (n) => n.endsWith('.go') && !n.endsWith('_test.go'));
  const nodeFiles = sourceFiles(path.join(ROOT, 'bindings/node'), (n) => n.endsWith('.js') && !/\.test\.js$/.test(n));
  // rns_run_in_ns's Go form runs fn on a locked Go thread of its own (RunInNs, through
  // rns_unshare and rns_setns), not through a cgo callback on the library's thread, from which
  // the runtime would start its later threads in the entered namespaces (scripts/gen.js).
  const goByOtherCalls = ['rns_run_in_ns'];
  const pyFiles = sourceFiles(path.join(ROOT, 'bindings/python/librns'), (n) => n.endsWith('.py'));
  const bound = {
    Go: new Set([...boundFunctions(goFiles, /\bC\.(rns_[a-z0-9_]+)\b/g), ...goByOtherCalls]),
    Node: boundFunctions(nodeFiles, /\b(rns_[a-z0-9_]+)\b/g),
    Python: pythonBound(pyFiles, functions),
  };
  const gaps = [...problems];
  for (const fn of [...functions].sort()) {
    for (const b of Object.keys(bound)) {
      if (!bound[b].has(fn)) gaps.push(`${fn}: no ${b} binding (bindings/${b.toLowerCase()})`);
    }
    if (!opts.only && skipped === 0) {
      for (const lang of langs) {
        if (!exercised.get(lang).has(fn)) gaps.push(`${fn}: no passing case exercises it in ${lang}`);
      }
    }
  }
  if (opts.only || skipped > 0) {
    console.log('coverage by case: not checked (a partial run: --only, or skipped cells)');
  }
  if (gaps.length) {
    console.log('\ncoverage and data problems (each counts as a failure):');
    for (const g of gaps) console.log('  ' + g);
    failed += gaps.length;
  } else {
    console.log(`coverage: all ${functions.size} functions of include/rns.h bound in Go, Node and Python` +
      (opts.only || skipped ? '' : `, and exercised in ${langs.join(', ')}`));
  }

  console.log(`\n${cases.length} cases x ${langs.length} languages${skipped ? `, ${skipped} cells skipped` : ''}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(`driver: ${e.message}`);
  process.exitCode = 2;
});
