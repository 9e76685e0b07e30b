#!/usr/bin/env node
// spawnSync('/bin/true') through librns (bindings/node/lib/child_process/sync.js: rns_spawn
// and a poll loop on the pipes and the pidfd) against child_process.spawnSync (libuv in a
// loop of its own), both with their defaults (stdio 'pipe': three pipes, read to their end,
// the child reaped). The two alternate, ROUNDS rounds of N calls each, the best round of
// each kept (the machine is shared: read the ratio). Issue 20's target: librns/peer <= 1.0.
// With BENCH_TSV set, appends the row to that file for benches/table.sh.
'use strict';

const cp = require('child_process');
const fs = require('fs');
const sync = require('../../bindings/node/lib/child_process/sync');

const N = Number(process.env.SPAWNSYNC_N || 300);
const ROUNDS = Number(process.env.SPAWNSYNC_ROUNDS || 7);
const subjects = [
  ['librns spawnSync', sync.spawnSync],
  ['child_process.spawnSync', cp.spawnSync],
];

// Same outcome from both first: a benchmark of a broken call means nothing.
for (const [name, f] of subjects) {
  const r = f('/bin/true');
  if (r.status !== 0 || r.error || r.stdout.length !== 0) throw new Error(`${name}: ${JSON.stringify(r)}`);
}

const best = new Map(subjects.map(([name]) => [name, Infinity]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, f] of r % 2 ? [...subjects].reverse() : subjects) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) f('/bin/true');
    const us = Number(process.hrtime.bigint() - t0) / N / 1000;
    best.set(name, Math.min(best.get(name), us));
  }
}

const ours = best.get('librns spawnSync');
const peer = best.get('child_process.spawnSync');
console.log(`spawnSync('/bin/true'), best of ${ROUNDS} alternating rounds of ${N} calls`);
for (const [name] of subjects) {
  console.log(`  ${name.padEnd(24)} ${best.get(name).toFixed(1).padStart(7)} us/call  ${(best.get(name) / peer).toFixed(2)}x child_process`);
}

if (process.env.BENCH_TSV) {
  // The table takes nanoseconds.
  const row = ["Node: spawnSync('/bin/true')", (ours * 1000).toFixed(0), 'child_process.spawnSync', (peer * 1000).toFixed(0), 'librns/peer', '<=1.0'];
  fs.appendFileSync(process.env.BENCH_TSV, row.join('\t') + '\n');
}
