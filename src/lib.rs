//! librns: one correct, safe C ABI over Linux namespace, process-group, priority, credential
//! and pidfd calls.
//!
//! Conventions, followed by every `rns_*` function:
//! - returns `int`: `>= 0` on success (the value, where the call has one), `-errno` on failure;
//!   errno is not part of the result.
//! - outputs through trailing pointers named `ret_*`, written only on success.
//! - a NULL pointer where one is required gives `-EFAULT`; unknown flag bits or an unknown
//!   `which` give `-EINVAL`, checked before any syscall.
//! - every fd the library opens is `O_CLOEXEC` and closed on every error path.
//!
//! One module per kernel area; [`ffi`] holds the boundary's shared pieces.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod creds;
pub mod errors;
pub mod ffi;
pub mod namespaces;
pub mod netns;
pub mod ns_enter;
pub mod ns_handle;
pub mod pgrp;
pub mod pidfd;
pub mod prctl;
pub mod priority;
pub mod spawn;
pub mod userns;
pub mod waiter;

pub use creds::*;
pub use errors::*;
pub use namespaces::*;
pub use netns::*;
pub use ns_enter::*;
pub use ns_handle::*;
pub use pgrp::*;
pub use pidfd::*;
pub use prctl::*;
pub use priority::*;
pub use spawn::*;
pub use userns::*;
pub use waiter::*;

use std::os::raw::c_char;

/// The library's version, "MAJOR.MINOR.PATCH", equal to the RNS_VERSION_* macros of the
/// header it was built with. Compare them to detect a header/library mismatch at run time.
///
/// Kernel: none (no system call).
/// Scope: reads only; thread-safe.
/// Returns: a static string, never NULL.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
