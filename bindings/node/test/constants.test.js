'use strict';
// The constants equal include/rns.h (drift check), and index.d.ts declares what index.js exports.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const rns = require('..');
const os = require('os');
const { spawnSync } = require('child_process');
const prototypes = require('../lib/internal/prototypes');

const header = path.resolve(__dirname, '../../../include/rns.h');
// The generator of lib/constants.js and lib/internal/prototypes.js is the tree's scripts/gen.js
// (with its header parser); a copy of this package alone (as-nobody's) has neither.
const genScript = path.resolve(__dirname, '../../../scripts/gen.js');
const withGenerator = (t) => {
  if (!fs.existsSync(header)) return t.skip(`no header at ${header} (package used outside the tree)`), null;
  if (!fs.existsSync(genScript)) return t.skip(`no generator at ${genScript} (a copy of the package only)`), null;
  return { gen: require(genScript), parse: require('../../../scripts/lib/header').parseHeader };
};

test('constants equal the #define RNS_* lines of include/rns.h', (t) => {
  if (!fs.existsSync(header)) return t.skip(`no header at ${header} (package used outside the tree)`);
  const text = fs.readFileSync(header, 'utf8');
  // Parsed here independently of the generator: every "#define RNS_X <int>" but the guard.
  const defines = {};
  for (const m of text.matchAll(/^#define RNS_([A-Z0-9_]+)\s+(-?\d+)\s*$/gm)) defines[m[1]] = Number(m[2]);
  assert.ok(Object.keys(defines).length >= 25, 'parsed too few defines');
  assert.deepStrictEqual({ ...rns.constants }, defines);
  for (const [k, v] of Object.entries(defines)) assert.strictEqual(rns[k], v, `top-level ${k}`);
});

test('the committed constants.js and prototypes.js are what scripts/gen.js makes from the header', (t) => {
  const g = withGenerator(t);
  if (!g) return;
  const h = g.parse(fs.readFileSync(header, 'utf8'));
  const lib = path.join(__dirname, '../lib');
  assert.strictEqual(fs.readFileSync(path.join(lib, 'constants.js'), 'utf8'), g.gen.renderConstants(h), 'run make gen');
  assert.strictEqual(fs.readFileSync(path.join(lib, 'constants.mjs'), 'utf8'), g.gen.renderConstantsMjs(h), 'run make gen');
  assert.strictEqual(fs.readFileSync(path.join(lib, 'constants.d.ts'), 'utf8'), g.gen.renderConstantsDts(h), 'run make gen');
  assert.strictEqual(fs.readFileSync(path.join(lib, 'internal/prototypes.js'), 'utf8'), g.gen.renderPrototypes(h), 'run make gen');
});

test('constants are frozen plain integers; version matches the header macros', () => {
  assert.ok(Object.isFrozen(rns.constants));
  for (const v of Object.values(rns.constants)) assert.ok(Number.isInteger(v));
  const c = rns.constants;
  assert.strictEqual(rns.version(), `${c.VERSION_MAJOR}.${c.VERSION_MINOR}.${c.VERSION_PATCH}`);
});

test('one JS function per C function, and each C function declared from its header prototype', (t) => {
  if (!fs.existsSync(header)) return t.skip(`no header at ${header} (package used outside the tree)`);
  const text = fs.readFileSync(header, 'utf8');
  const names = [...text.matchAll(/^[a-z].*\b(rns_[a-z0-9_]+)\(/gm)].map((m) => m[1]);
  assert.ok(names.length >= 36, `only ${names.length} functions found in the header`);
  const camel = (n) => n.slice(4).replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());
  const { c } = require('../lib/internal/binding');
  assert.deepStrictEqual(Object.keys(c).sort(), [...names].sort(), 'the koffi functions are the header\'s');
  // The save/restore pair is used only inside runInNamespaces(Of), which keeps fn between
  // the two on one thread (as Go's RunInNamespaces does; scripts/gen.js GO_USED_BY).
  // The waiter is likewise used only inside waitForExit.
  const usedBy = {
    rns_ns_enter: 'runInNamespacesOf', rns_ns_enter_pid: 'runInNamespaces', rns_ns_restore: 'runInNamespaces',
    rns_waiter_new: 'waitForExit', rns_waiter_fd: 'waitForExit', rns_waiter_add: 'waitForExit', rns_waiter_free: 'waitForExit',
    // A JS function cannot run on the library's thread (JS runs on its own thread only):
    // Node's counterpart of rns_run_in_ns enters and restores the calling thread instead.
    rns_run_in_ns: 'runInNamespacesOf',
  };
  // And the spawn attribute and calls inside spawn.
  for (const n of names) if (/^rns_spawn/.test(n)) usedBy[n] = 'spawn';
  for (const n of names) {
    const js = usedBy[n] || camel(n);
    assert.strictEqual(typeof rns[js], 'function', `${js} for ${n}`);
    assert.strictEqual(rns[js].name, js);
    // The prototype koffi was given is the header's declaration, as written (one line, or
    // several that cbindgen wrapped, joined).
    const decl = text.match(new RegExp(`^[a-z][^;\\n(]*\\b${n}\\([^;]*;`, 'm'))[0].replace(/\s+/g, ' ');
    assert.ok(prototypes.includes(decl.replace(/;$/, '')), `${n}: ${decl}`);
  }
});

test('scripts/gen.js --check passes on the tree and fails on a header with a new function', (t) => {
  const g = withGenerator(t);
  if (!g) return;
  const root = path.resolve(__dirname, '../../..');
  const r = spawnSync(process.execPath, [genScript, '--check'], { encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `gen.js --check: ${r.stdout}${r.stderr}`);
  // A copy of what the generator reads and writes, with a function added to the header:
  // prototypes.js (and the version script, ...) are then stale, and --check says so.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'librns-gen-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const f of ['Cargo.toml', 'include/rns.h', 'src/librns.map', 'debian/librns0.symbols', 'debian/control',
    'debian/librns0.install', 'abi/soname.txt', 'scripts/rns-functions.sh', 'bindings/node/lib/constants.js', 'bindings/node/lib/constants.mjs', 'bindings/node/lib/constants.d.ts',
    'bindings/node/lib/internal/prototypes.js']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(root, f), path.join(dir, f));
  }
  const h = path.join(dir, 'include/rns.h');
  fs.writeFileSync(h, fs.readFileSync(h, 'utf8').replace('#ifdef __cplusplus\n}',
    '/**\n * Does something new.\n *\n * Kernel: any.\n * Scope: reads only.\n * Returns: 0.\n * Errors: -ESRCH no such process.\n * Since: 0.2\n */\nint rns_new_call(pid_t pid);\n\n#ifdef __cplusplus\n}'));
  const r2 = spawnSync(process.execPath, [genScript, '--check', '--root', dir], { encoding: 'utf8' });
  assert.strictEqual(r2.status, 1, r2.stdout + r2.stderr);
  assert.match(r2.stdout, /FAIL bindings\/node\/lib\/internal\/prototypes\.js is stale/);
  assert.match(r2.stdout, /\+  'int rns_new_call\(pid_t pid\)',/);
  assert.match(r2.stdout, /run make gen/);
  assert.ok(g.parse(fs.readFileSync(h, 'utf8')).functions.some((f) => f.prototype === 'int rns_new_call(pid_t pid)'));
});

test('index.d.ts declares every export of index.js and nothing else', () => {
  // index.d.ts with the generated lib/constants.d.ts it re-exports
  const dts = ['../index.d.ts', '../lib/constants.d.ts'].map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8')).join('\n');
  assert.match(fs.readFileSync(path.join(__dirname, '../index.d.ts'), 'utf8'), /^export \* from '\.\/lib\/constants';$/m);
  const declared = new Set([...dts.matchAll(/^export (?:function|const) ([A-Za-z0-9_]+)/gm)].map((m) => m[1]));
  assert.deepStrictEqual([...declared].sort(), Object.keys(rns).sort());
});
