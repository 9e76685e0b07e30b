#!/usr/bin/env node
// Starting programs from Node: librns's spawn against child_process's, the same code with the
// module swapped (issue 20's drop-in), as ratios measured in the same run:
//
//   spawn + 'close'     spawn('/bin/true'), stdio 'pipe' (the default), until its 'close'
//                       event (the exit and every stdio stream ended), one after another
//   200 at once         200 spawn('sh', ['-c', 'echo ...']) started together, each stdout
//                       read to its end, until every 'close'; the time is per batch
//
// Each way first checks that both give the same result. Alternating rounds, each way's median
// round kept (spawn times on this VM have outliers both ways). With BENCH_TSV set, appends the
// rows to that file for benches/table.sh.
'use strict';

const fs = require('fs');
const cp = require('child_process');
const rns = require('../../bindings/node');

const ROUNDS = Number(process.env.RNS_BENCH_ROUNDS) || 15;

/** One spawn of /bin/true with piped stdio, resolved at 'close' with [code, signal]. */
const closeOnce = (mod) => () => new Promise((resolve, reject) => {
  const child = mod.spawn('/bin/true');
  child.on('error', reject);
  child.on('close', (code, signal) => resolve([code, signal]));
});

/** n children at once, each printing one line; resolved with their outputs when all closed. */
const many = (mod, n) => () => Promise.all(Array.from({ length: n }, (_, i) => new Promise((resolve, reject) => {
  const child = mod.spawn('sh', ['-c', `echo out-${i}`]);
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => { out += d; });
  child.on('error', reject);
  child.on('close', (code) => resolve(`${code}:${out}`));
})));

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];

/** Times `reps` awaited runs of each way, alternating, ROUNDS times; ns per run, medians. */
async function rounds(ways, reps) {
  const times = ways.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, [, run]] of ways.entries()) {
      const t0 = process.hrtime.bigint();
      for (let k = 0; k < reps; k++) await run();
      times[i].push(Number(process.hrtime.bigint() - t0) / reps);
    }
  }
  return times.map(median);
}

async function row(op, peer, target, ways, reps) {
  const answers = await Promise.all(ways.map(([, run]) => run()));
  const shown = answers.map((a) => JSON.stringify(a).slice(0, 60));
  if (shown[0] !== shown[1]) throw new Error(`${op}: librns gives ${shown[0]}, child_process ${shown[1]}`);
  const [ours, theirs] = await rounds(ways, reps);
  const us = (ns) => `${(ns / 1000).toFixed(1)} us`;
  console.log(`  ${op}: librns ${us(ours)}, child_process ${us(theirs)}, ${(ours / theirs).toFixed(2)}x (target ${target})`);
  if (process.env.BENCH_TSV) {
    fs.appendFileSync(process.env.BENCH_TSV, [op, ours.toFixed(1), peer, theirs.toFixed(1), 'librns/peer', target].join('\t') + '\n');
  }
}

(async () => {
  console.log(`spawn from Node, librns vs child_process (median of ${ROUNDS} alternating rounds)`);
  await row("Node: spawn /bin/true, await 'close' (rns.spawn)", "child_process.spawn, await 'close'", '<=0.8',
    [['librns', closeOnce(rns)], ['child_process', closeOnce(cp)]], 100);
  await row('Node: 200 spawns at once, piped stdout read, all closed (rns.spawn; per batch)',
    'child_process.spawn, 200 at once', '<=0.8', [['librns', many(rns, 200)], ['child_process', many(cp, 200)]], 2);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
