#!/usr/bin/env node
// Call overhead of the Node binding, as ratios against peers measured in the same run:
//
//   librns (koffi)       rns.getpgid(0): argument checks in JS, koffi, librns, the syscall
//   koffi, libc direct   getpgid(0) declared on libc.so.6 with koffi: koffi's own cost
//   posix (addon)        posix.getpgid(0) from npm `posix`, a compiled native addon: what an
//                        N-API/NAN addon for librns would cost
//
// The syscall is the same in all three. Each is timed in several alternating rounds and the
// best round kept (these machines are noisy: read the ratios, not the nanoseconds). With
// BENCH_TSV set, appends the librns-against-posix row to that file for benches/table.sh.
'use strict';

const fs = require('fs');
const path = require('path');
const posix = require('posix');
const rns = require('../../bindings/node');
// The binding's own koffi (bindings/node/node_modules), so both koffi rows use the same one.
const koffi = require(require.resolve('koffi', { paths: [path.join(__dirname, '../../bindings/node')] }));

const libc = koffi.load('libc.so.6');
const getpgid = libc.func('int getpgid(int pid)');

const N = 200000;
const ROUNDS = 7;
const subjects = [
  ['librns (koffi)', () => rns.getpgid(0)],
  ['koffi, libc direct', () => getpgid(0)],
  ['posix (addon)', () => posix.getpgid(0)],
];

// Same answer from all three first: a benchmark of a broken call means nothing.
const want = posix.getpgid(0);
for (const [name, f] of subjects) {
  if (f() !== want) throw new Error(`${name} gives ${f()}, not ${want}`);
}

const best = new Map(subjects.map(([name]) => [name, Infinity]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, f] of subjects) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) f();
    const ns = Number(process.hrtime.bigint() - t0) / N;
    best.set(name, Math.min(best.get(name), ns));
  }
}

const base = best.get('posix (addon)');
console.log(`getpgid(0), best of ${ROUNDS} rounds of ${N} calls`);
for (const [name] of subjects) {
  console.log(`  ${name.padEnd(20)} ${best.get(name).toFixed(0).padStart(6)} ns/call  ${(best.get(name) / base).toFixed(2)}x posix`);
}

if (process.env.BENCH_TSV) {
  const row = ['Node per call: getpgid(0)', best.get('librns (koffi)').toFixed(1), 'npm posix (addon)',
    base.toFixed(1), 'librns/peer', '<=1.0'];
  fs.appendFileSync(process.env.BENCH_TSV, row.join('\t') + '\n');
}
