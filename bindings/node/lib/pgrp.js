'use strict';
/**
 * Process groups and sessions (src/pgrp.rs). Documentation: index.d.ts and include/rns.h.
 * Scope: process; tcsetpgrp the terminal's state; killpg sends signals.
 * @module
 */

const { define } = require('./internal/table');

module.exports = define([
  // C function      arguments (name:kind[=default])   result
  ['rns_setpgid',    ['pid:int', 'pgid:int'],          'void'],
  ['rns_getpgid',    ['pid:int=0'],                    'int'],
  ['rns_setpgrp',    [],                               'void'],
  ['rns_getpgrp',    [],                               'int'],
  ['rns_setsid',     [],                               'int'],
  ['rns_getsid',     ['pid:int=0'],                    'int'],
  ['rns_tcgetpgrp',  ['fd:fd'],                        'int'],
  ['rns_tcsetpgrp',  ['fd:fd', 'pgrp:int'],            'void'],
  ['rns_killpg',     ['pgrp:int', 'sig:signal'],       'void'],
]);
