'use strict';
// Shared by the ports of Node's child_process tests (cp_spawn_port*.test.js): the two modules
// every case runs against, and Node's common.mustCall/mustNotCall as counts checked at the
// end of the case.

const assert = require('node:assert');
const path = require('path');

const pkgDir = path.resolve(__dirname, '..');

/** [name, module]: each ported case runs once per module, the same code. */
const MODULES = [
  ['child_process', require('child_process')],
  ['librns', require('..')],
];

/**
 * Node's common.mustCall / mustNotCall for one case: wrappers that count their calls, and
 * verify() asserting each was called as many times as expected (run it when the case ends).
 */
function calls() {
  const expected = [];
  return {
    mustCall(fn = () => {}, times = 1) {
      const entry = { name: fn.name || '<anonymous>', times, got: 0, stack: new Error().stack };
      expected.push(entry);
      return function counted(...args) {
        entry.got++;
        return fn.apply(this, args);
      };
    },
    mustNotCall(what = 'a function that must not be called') {
      return (...args) => assert.fail(`${what} was called with ${args.map(String).join(', ')}`);
    },
    verify() {
      for (const e of expected) {
        assert.strictEqual(e.got, e.times, `mustCall ${e.name}: called ${e.got} times, want ${e.times}\n${e.stack}`);
      }
    },
  };
}

/** Resolves with [code, signal] when the child emits 'close' (an 'error' before is no rejection). */
function closed(child) {
  return new Promise((resolve) => child.once('close', (...args) => resolve(args)));
}

/** The text a readable stream gives until it ends. */
async function text(stream) {
  stream.setEncoding('utf8');
  let s = '';
  for await (const chunk of stream) s += chunk;
  return s;
}

module.exports = { pkgDir, MODULES, calls, closed, text };
