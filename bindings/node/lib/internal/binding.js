'use strict';
/**
 * The loaded library, once per JS thread: `c.rns_NAME` is the koffi function of each C
 * function of include/rns.h, `path` where it was loaded from.
 * @module
 */

const ffi = require('./ffi');
const errors = require('./errors');

const loaded = ffi.load();
const c = loaded.fns;
errors.setFallback({ name: (n) => c.rns_errname(n), message: (n) => c.rns_strerror(n) });

module.exports = { c, path: loaded.path };
