'use strict';
/**
 * Priority (src/priority.rs). Documentation: index.d.ts and include/rns.h.
 * PRIO_PROCESS with who 0 is the calling thread.
 * @module
 */

const { define } = require('./internal/table');

module.exports = define([
  // C function        arguments (name:kind[=default])              result
  ['rns_getpriority',  ['which:int', 'who:id=0'],                   'out'],
  ['rns_setpriority',  ['which:int', 'who:id', 'prio:int'],         'void'],
]);
