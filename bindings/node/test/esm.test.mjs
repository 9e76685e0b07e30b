// ES modules: `import { CLONE_NEWNET, setns } from 'librns'` works (package.json "exports":
// index.mjs for import, index.js for require; here through the package's self-reference),
// names exactly the CommonJS exports, and is the same instance as require('librns').
import test from 'node:test';
import assert from 'node:assert';
import { createRequire } from 'node:module';
import { CLONE_NEWNET, setns, constants, version } from 'librns';
import * as ns from 'librns';
import rnsDefault from 'librns';

const require = createRequire(import.meta.url);

test('import { CLONE_NEWNET, setns } from "librns"', () => {
  assert.strictEqual(CLONE_NEWNET, 0x40000000);
  assert.strictEqual(CLONE_NEWNET, constants.CLONE_NEWNET);
  assert.strictEqual(typeof setns, 'function');
  assert.throws(() => setns(-1, CLONE_NEWNET), { code: 'EBADF', syscall: 'setns' });
  assert.match(version(), /^\d+\.\d+\.\d+$/);
});

test('the ES module names every CommonJS export, and only those, from the same instance', () => {
  const cjs = require('librns');
  assert.strictEqual(cjs, require('../index.js'));
  assert.strictEqual(rnsDefault, cjs);
  const named = Object.keys(ns).filter((k) => k !== 'default').sort();
  assert.deepStrictEqual(named, Object.keys(cjs).sort());
  for (const k of named) assert.strictEqual(ns[k], cjs[k], k);
});
