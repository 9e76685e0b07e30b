//! Error names and messages for the `-errno` values every rns_* function returns.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

extern "C" {
    // glibc 2.32+: both return static, untranslated strings (thread-safe), or NULL when the
    // number is not an errno value.
    fn strerrorname_np(errnum: c_int) -> *const c_char;
    fn strerrordesc_np(errnum: c_int) -> *const c_char;
}

/// `err` or `-err` as a positive errno, or None for 0 and values with no errno meaning.
fn errno_of(err: c_int) -> Option<c_int> {
    match err.checked_abs() {
        Some(0) | None => None,
        Some(e) => Some(e),
    }
}

/// A static string from glibc, or `fallback` when it has none.
fn static_or(p: *const c_char, fallback: &'static CStr) -> *const c_char {
    // glibc returns "" for some unassigned numbers below its table's end.
    // SAFETY: a non-NULL p from glibc points to a static NUL-terminated string.
    if p.is_null() || unsafe { *p } == 0 {
        fallback.as_ptr()
    } else {
        p
    }
}

/// The errno's symbolic name, such as "EPERM", for `err` or `-err`.
///
/// Kernel: none (no system call).
/// Scope: reads only; thread-safe.
/// Returns: a static string, never NULL: "OK" for 0, "UNKNOWN" for a value that is no errno.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_errname(err: c_int) -> *const c_char {
    match errno_of(err) {
        None if err == 0 => c"OK".as_ptr(),
        // SAFETY: glibc function with no preconditions.
        Some(e) => static_or(unsafe { strerrorname_np(e) }, c"UNKNOWN"),
        None => c"UNKNOWN".as_ptr(),
    }
}

/// The errno's message, such as "Operation not permitted", for `err` or `-err`.
///
/// Kernel: none (no system call).
/// Scope: reads only; thread-safe, unlike strerror(3).
/// Returns: a static English string (not translated), never NULL: "Success" for 0, "Unknown
/// error" for a value that is no errno.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_strerror(err: c_int) -> *const c_char {
    match errno_of(err) {
        None if err == 0 => c"Success".as_ptr(),
        // SAFETY: glibc function with no preconditions.
        Some(e) => static_or(unsafe { strerrordesc_np(e) }, c"Unknown error"),
        None => c"Unknown error".as_ptr(),
    }
}
