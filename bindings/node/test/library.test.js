'use strict';
// Library search: RNS_LIBRARY, then the in-tree build, then the system's librns.so.0.
// A copy of the package outside the tree (no in-tree build beside it) shows each step.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { pkgDir } = require('./helpers');

const inTree = path.resolve(pkgDir, '../../target/lib/librns.so');

/** Copies the package's files (package.json's "files") into a temp dir, node_modules linked. */
function copyPackage(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'librns-node-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pkg = path.join(dir, 'a', 'b', 'node');
  fs.mkdirSync(pkg, { recursive: true });
  for (const f of [...require('../package.json').files, 'package.json']) {
    fs.cpSync(path.join(pkgDir, f), path.join(pkg, f), { recursive: true });
  }
  fs.symlinkSync(path.join(pkgDir, 'node_modules'), path.join(pkg, 'node_modules'));
  return { dir, pkg };
}

function load(pkg, env) {
  const e = { ...process.env, ...env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete e[k];
  return spawnSync(process.execPath, ['-e', `
    try { const r = require(${JSON.stringify(pkg)}); console.log(JSON.stringify({ path: r.libraryPath, v: r.version() })); }
    catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, tried: e.tried })); }`],
  { encoding: 'utf8', env: e });
}

test('in the tree, the in-tree build is found', () => {
  const r = load(pkgDir, { RNS_LIBRARY: undefined });
  assert.deepStrictEqual(JSON.parse(r.stdout).path, inTree);
});

test('no in-tree build, no system library: the error lists every place', (t) => {
  const { pkg } = copyPackage(t);
  const r = load(pkg, { RNS_LIBRARY: undefined, LD_LIBRARY_PATH: undefined });
  const res = JSON.parse(r.stdout);
  if (res.path) return t.skip(`a system librns.so.0 is installed (${res.path}); cannot test the miss`);
  assert.strictEqual(res.code, 'ERR_RNS_LIBRARY_NOT_FOUND');
  assert.strictEqual(res.tried.length, 2);
  assert.match(res.message, new RegExp(`in-tree build ${path.resolve(pkg, '../../target/lib/librns.so')}`));
  assert.match(res.message, /system librns\.so\.0/);
});

test('RNS_LIBRARY pointing nowhere is an error, even with a library elsewhere', () => {
  const r = load(pkgDir, { RNS_LIBRARY: '/nonexistent/librns.so' });
  const res = JSON.parse(r.stdout);
  assert.strictEqual(res.code, 'ERR_RNS_LIBRARY_NOT_FOUND', r.stdout + r.stderr);
  assert.strictEqual(res.tried.length, 1);
  assert.match(res.message, /RNS_LIBRARY=\/nonexistent\/librns\.so/);
  assert.match(res.message, /fix or unset it/);
});

test('RNS_LIBRARY wins; the system soname is found through the loader path', (t) => {
  if (!fs.existsSync(inTree)) return t.skip('no in-tree build (make build)');
  const { pkg, dir } = copyPackage(t);
  const r1 = load(pkg, { RNS_LIBRARY: inTree });
  assert.deepStrictEqual(JSON.parse(r1.stdout).path, inTree, r1.stdout + r1.stderr);
  // The soname, through LD_LIBRARY_PATH (as an installed library through ld.so.cache).
  const libdir = path.join(dir, 'lib');
  fs.mkdirSync(libdir);
  fs.copyFileSync(inTree, path.join(libdir, 'librns.so.0'));
  const r2 = load(pkg, { RNS_LIBRARY: undefined, LD_LIBRARY_PATH: libdir });
  assert.deepStrictEqual(JSON.parse(r2.stdout).path, 'librns.so.0', r2.stdout + r2.stderr);
});

test('the package version is the library version (one release, one number)', () => {
  const rns = require('..');
  assert.strictEqual(require('../package.json').version, rns.version());
});
