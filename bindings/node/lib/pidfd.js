'use strict';
/**
 * pidfds (src/pidfd.rs). Documentation: index.d.ts and include/rns.h.
 * @module
 */

const { define } = require('./internal/table');

module.exports = define([
  // C function              arguments (name:kind[=default])                          result
  ['rns_pidfd_open',         ['pid:int', 'flags:uflags=0'],                           'int'],
  ['rns_pidfd_send_signal',  ['pidfd:fd', 'sig:signal', 'flags:uflags=0'],            'void'],
  ['rns_pidfd_getfd',        ['pidfd:fd', 'targetfd:fd', 'flags:uflags=0'],           'int'],
]);
