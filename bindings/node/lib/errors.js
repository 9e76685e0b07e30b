'use strict';
/**
 * Errors and version (src/errors.rs): the library's errno names and messages, and its
 * version. Documentation: index.d.ts and include/rns.h. (The errors this binding throws are
 * made in internal/errors.js.)
 * @module
 */

const { define } = require('./internal/table');

module.exports = define([
  // C function      arguments    result
  ['rns_errname',    ['err:int'], 'string'],
  ['rns_strerror',   ['err:int'], 'string'],
  ['rns_version',    [],          'string'],
]);
