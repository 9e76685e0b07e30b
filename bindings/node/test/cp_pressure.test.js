'use strict';
// Streams under pressure, child_process and librns side by side (issue 20): 50 MB through a
// pipe to a slow reader arrives whole and in order; 200 children at once, each with piped
// stdout, give whole outputs, one 'exit' and one 'close' each, and leave no zombie.

const test = require('node:test');
const assert = require('node:assert');
const cp = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const rns = require('..');

const MODULES = [['child_process', cp], ['librns', rns]];

/** Collects a stream to its end: its bytes, hashed, and its length. */
function drain(stream, { slow = false } = {}) {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    let length = 0;
    let chunks = 0;
    stream.on('data', (chunk) => {
      hash.update(chunk);
      length += chunk.length;
      // A slow reader: every 8th chunk, stop reading for 2 ms, so the pipe fills and the
      // writer blocks (the program's fds are blocking, as from child_process).
      if (slow && ++chunks % 8 === 0) {
        stream.pause();
        setTimeout(() => stream.resume(), 2);
      }
    });
    stream.on('error', reject);
    stream.on('end', () => resolve({ sha: hash.digest('hex'), length }));
  });
}

const text = (stream) => new Promise((resolve) => {
  let s = '';
  stream.setEncoding('utf8');
  stream.on('data', (d) => { s += d; });
  stream.on('end', () => resolve(s));
});

/** The pids of our zombie children (state Z in /proc, parent this process). */
function zombies() {
  const found = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone
    }
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' && Number(ppid) === process.pid) found.push(Number(name));
  }
  return found;
}

for (const [name, mod] of MODULES) {
  test(`${name}: 50 MB through a pipe to a slow reader arrive whole, in order`, async () => {
    const size = 50 * 1024 * 1024;
    // The numbers 1, 2, 3, ... one a line, cut at 50 MB: no two stretches alike, so a lost,
    // doubled or reordered chunk changes the hash. The expected one from coreutils alone.
    const script = `seq 1 8000000 | head -c ${size}`;
    const want = cp.execFileSync('sh', ['-c', `${script} | sha256sum`], { encoding: 'utf8' }).split(' ')[0];
    const child = mod.spawn('sh', ['-c', script]);
    const [got, [code, signal]] = await Promise.all([
      drain(child.stdout, { slow: true }),
      new Promise((resolve) => child.on('exit', (...a) => resolve(a))),
    ]);
    assert.deepStrictEqual([code, signal], [0, null]);
    assert.strictEqual(got.length, size);
    assert.strictEqual(got.sha, want, 'the bytes read are the bytes written, in order');
  });

  test(`${name}: 200 children at once with piped stdout: whole outputs, one exit each, no zombie`, async () => {
    const n = 200;
    const body = 100000;
    const runs = [];
    for (let i = 0; i < n; i++) {
      // "start-i", 100000 bytes of 'x', "end-i", exit i % 256
      const child = mod.spawn('sh', ['-c', `echo start-${i}; head -c ${body} /dev/zero | tr '\\0' x; echo end-${i}; exit ${i % 256}`]);
      let exits = 0;
      let closes = 0;
      runs.push(Promise.all([
        text(child.stdout),
        new Promise((resolve) => {
          child.on('exit', () => { exits++; });
          child.on('close', (code, signal) => { closes++; setImmediate(() => resolve([code, signal])); });
        }),
      ]).then(([out, status]) => ({ i, out, status, counts: () => [exits, closes] })));
    }
    const results = await Promise.all(runs);
    await new Promise((resolve) => setTimeout(resolve, 50)); // any late second event would show
    for (const r of results) {
      assert.strictEqual(r.out, `start-${r.i}\n${'x'.repeat(body)}end-${r.i}\n`, `child ${r.i}'s output`);
      assert.deepStrictEqual(r.status, [r.i % 256, null], `child ${r.i}'s status`);
      assert.deepStrictEqual(r.counts(), [1, 1], `child ${r.i}: one 'exit' and one 'close'`);
    }
    assert.deepStrictEqual(zombies(), []);
  });
}
