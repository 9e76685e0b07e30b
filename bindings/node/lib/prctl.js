'use strict';
/**
 * Process attributes through prctl (src/prctl.rs). Documentation: index.d.ts and
 * include/rns.h. The parent-death signal and no_new_privs are the calling thread's (the main
 * thread or a Worker); the child subreaper is the process's.
 * @module
 */

const { define } = require('./internal/table');

module.exports = define([
  // C function                arguments (name:kind[=default])   result
  ['rns_set_pdeathsig',        ['sig:signal'],                   'void'],
  ['rns_get_pdeathsig',        [],                               'int'],
  ['rns_set_child_subreaper',  ['on:int'],                       'void'],
  ['rns_get_child_subreaper',  [],                               'int'],
  ['rns_set_no_new_privs',     ['on:int=1'],                     'void'],
  ['rns_get_no_new_privs',     [],                               'int'],
]);
