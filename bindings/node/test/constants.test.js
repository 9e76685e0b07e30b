'use strict';
// The constants equal include/rns.h (drift check), and index.d.ts declares what index.js exports.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const rns = require('..');
const os = require('os');
const { spawnSync } = require('child_process');
const gen = require('../scripts/gen-constants');
const genProto = require('../scripts/gen-prototypes');
const prototypes = require('../lib/internal/prototypes');

const header = path.resolve(__dirname, '../../../include/rns.h');

test('constants equal the #define RNS_* lines of include/rns.h', (t) => {
  if (!fs.existsSync(header)) return t.skip(`no header at ${header} (package used outside the tree)`);
  const text = fs.readFileSync(header, 'utf8');
  // Parsed here independently of the generator: every "#define RNS_X <int>" but the guard.
  const defines = {};
  for (const m of text.matchAll(/^#define RNS_([A-Z0-9_]+)\s+(-?\d+)\s*$/gm)) defines[m[1]] = Number(m[2]);
  assert.ok(Object.keys(defines).length >= 25, 'parsed too few defines');
  assert.deepStrictEqual({ ...rns.constants }, defines);
  for (const [k, v] of Object.entries(defines)) assert.strictEqual(rns[k], v, `top-level ${k}`);
  // And the committed constants.js is exactly what the generator makes from the header.
  assert.strictEqual(fs.readFileSync(gen.outFile, 'utf8'), gen.render(text), 'run node scripts/gen-constants.js');
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
  assert.strictEqual(names.length, 36);
  const camel = (n) => n.slice(4).replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());
  const { c } = require('../lib/internal/binding');
  assert.deepStrictEqual(Object.keys(c).sort(), [...names].sort(), 'the koffi functions are the header\'s');
  for (const n of names) {
    assert.strictEqual(typeof rns[camel(n)], 'function', `${camel(n)} for ${n}`);
    assert.strictEqual(rns[camel(n)].name, camel(n));
    // The prototype koffi was given is the header's line, as written.
    const line = text.split("\n").find((l) => /^[a-z]/.test(l) && l.includes(`${n}(`));
    assert.ok(prototypes.includes(line.replace(/;\s*$/, '')), `${n}: ${line}`);
  }
  // And the committed prototypes.js is exactly what the generator makes from the header.
  assert.strictEqual(fs.readFileSync(genProto.outFile, 'utf8'), genProto.render(text), 'run node scripts/gen-prototypes.js');
});

test('the generators\' --check modes pass on the committed files', (t) => {
  if (!fs.existsSync(header)) return t.skip(`no header at ${header} (package used outside the tree)`);
  for (const script of ['gen-constants.js', 'gen-prototypes.js']) {
    const r = spawnSync(process.execPath, [path.join(__dirname, '../scripts', script), '--check'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, `${script} --check: ${r.stdout}${r.stderr}`);
  }
  // A changed header is drift: --check fails and says how to fix it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'librns-gen-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const changed = path.join(dir, 'rns.h');
  fs.writeFileSync(changed, `${fs.readFileSync(header, 'utf8')}\nint rns_new_call(pid_t pid);\n`);
  const r = spawnSync(process.execPath, [path.join(__dirname, '../scripts/gen-prototypes.js'), '--check'],
    { encoding: 'utf8', env: { ...process.env, RNS_HEADER: changed } });
  assert.strictEqual(r.status, 1);
  assert.match(r.stderr, /run node scripts\/gen-prototypes\.js/);
  assert.ok(genProto.parseHeader(fs.readFileSync(changed, 'utf8')).some((p) => p.prototype === 'int rns_new_call(pid_t pid)'));
});

test('index.d.ts declares every export of index.js and nothing else', () => {
  const dts = fs.readFileSync(path.join(__dirname, '../index.d.ts'), 'utf8');
  const declared = new Set([...dts.matchAll(/^export (?:function|const) ([A-Za-z0-9_]+)/gm)].map((m) => m[1]));
  assert.deepStrictEqual([...declared].sort(), Object.keys(rns).sort());
});
