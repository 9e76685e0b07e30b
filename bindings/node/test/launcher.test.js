'use strict';
// examples/launcher.js (shown in the README) is a program written for child_process with only
// its require line changed to librns: it must print exactly what it prints with
// child_process (issue 20's "a change of require").

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { pkgDir } = require('./helpers');

const file = path.join(pkgDir, 'examples', 'launcher.js');
const RNS_LINE = "const { spawn } = require('librns'); // was: require('child_process')";

// PATH of the system's directories only: as uid 65534 under root's PATH, an unsearchable
// directory (/root/...) would make the missing program EACCES for both modules.
const env = { ...process.env, PATH: '/usr/bin:/bin' };
const run = (source) => spawnSync(process.execPath, ['-'], { input: source, cwd: path.dirname(file), encoding: 'utf8', env, timeout: 20000 });

test("the README shows examples/launcher.js as it is", () => {
  const readme = fs.readFileSync(path.join(pkgDir, 'README.md'), 'utf8');
  const m = /<!-- node-launcher:[^>]*-->\n```js\n([\s\S]*?)```\n/.exec(readme);
  assert.ok(m, 'no node-launcher block in the README');
  assert.strictEqual(m[1], fs.readFileSync(file, 'utf8'));
});

test('examples/launcher.js prints with librns what it prints with child_process', () => {
  const source = fs.readFileSync(file, 'utf8');
  assert.ok(source.includes(RNS_LINE), 'the example requires librns on its own line');
  const peer = run(source.replace(RNS_LINE, "const { spawn } = require('child_process');"));
  const ours = run(source);
  assert.strictEqual(peer.status, 0, peer.stderr);
  assert.strictEqual(ours.status, 0, ours.stderr);
  assert.match(peer.stdout, /SIGTERM[\s\S]*AbortError ABORT_ERR\nENOENT spawn no-such-program\n$/);
  assert.strictEqual(ours.stdout, peer.stdout);
});
