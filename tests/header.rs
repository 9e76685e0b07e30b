//! The committed header is what the sources generate, its version macros are Cargo.toml's
//! version, and its constants are the kernel's values.

use std::collections::BTreeMap;
use std::ffi::CStr;

fn committed_header() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/include/rns.h");
    std::fs::read_to_string(path).expect("include/rns.h is committed")
}

/// `#define NAME VALUE` lines of the committed header.
fn defines() -> BTreeMap<String, String> {
    committed_header()
        .lines()
        .filter_map(|l| l.strip_prefix("#define "))
        .filter_map(|l| l.split_once(' '))
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

#[test]
fn committed_header_matches_a_fresh_generation() {
    let fresh = std::fs::read_to_string(env!("RNS_GENERATED_HEADER")).expect("build.rs wrote the header");
    assert!(
        committed_header() == fresh,
        "include/rns.h differs from what build.rs generates from the sources: run `make header` and commit it"
    );
}

#[test]
fn version_macros_equal_cargo_toml_version() {
    // Read Cargo.toml itself rather than trusting CARGO_PKG_VERSION, which build.rs also used.
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let version = manifest
        .lines()
        .skip_while(|l| l.trim() != "[package]")
        .find_map(|l| l.strip_prefix("version = "))
        .map(|v| v.trim_matches('"').to_string())
        .expect("Cargo.toml has a [package] version");
    let d = defines();
    let from_macros = format!(
        "{}.{}.{}",
        d["RNS_VERSION_MAJOR"], d["RNS_VERSION_MINOR"], d["RNS_VERSION_PATCH"]
    );
    assert_eq!(from_macros, version, "RNS_VERSION_* macros vs Cargo.toml");
    let runtime = unsafe { CStr::from_ptr(rns::rns_version()) }.to_str().unwrap();
    assert_eq!(runtime, version, "rns_version() vs Cargo.toml");
}

#[test]
fn header_is_cpp_safe_and_has_plain_integer_constants() {
    let h = committed_header();
    assert!(
        h.contains("#ifdef __cplusplus\nextern \"C\" {"),
        "extern \"C\" guard"
    );
    for (name, value) in defines()
        .iter()
        .filter(|(k, _)| k.starts_with("RNS_") && *k != "RNS_H")
    {
        assert!(
            value.parse::<i64>().is_ok(),
            "{name} is not a plain integer usable in #if: {value}"
        );
    }
}

#[test]
fn header_declares_only_the_public_api() {
    // Every declaration is an rns_* function, an RNS_* macro, an rns_* struct the API fills, an
    // rns_*_fn function type, or an opaque rns_* type (declared, never defined): no internal types or foreign functions
    // leak in from the Rust side.
    for line in committed_header().lines() {
        let t = line.trim();
        // A struct the API fills (repr(C) in src/): typedef struct { ... } rns_x; or a union
        // inside one (rns_sigval).
        if t == "typedef struct {" || t == "typedef union {" {
            continue;
        }
        if let Some(name) = t.strip_prefix("} ").filter(|n| !n.trim_start().starts_with("//")) {
            assert!(
                name.starts_with("rns_") && name.ends_with(';'),
                "a struct outside rns_*: {t}"
            );
            continue;
        }
        // An opaque type: typedef struct rns_x rns_x;
        if let Some(rest) = t.strip_prefix("typedef struct ") {
            let words: Vec<&str> = rest.trim_end_matches(';').split(' ').collect();
            let opaque = words.len() == 2 && words[0] == words[1] && words[0].starts_with("rns_");
            assert!(
                opaque,
                "a type in the header that is not an opaque rns_* type: {t}"
            );
            continue;
        }
        // A function type the API takes: typedef int (*rns_x_fn)(...);
        if let Some(rest) = t.strip_prefix("typedef int (*") {
            let name = rest.split(')').next().unwrap_or("");
            assert!(
                name.starts_with("rns_") && name.ends_with("_fn"),
                "a function type outside rns_*_fn: {t}"
            );
            continue;
        }
        if t.starts_with("typedef") || t.starts_with("struct") || t.starts_with("enum") {
            panic!("internal type in the header: {t}");
        }
        if t.starts_with("extern ") && t != "extern \"C\" {" {
            panic!("foreign declaration in the header: {t}");
        }
        if let Some(name) = t.strip_prefix("#define ") {
            assert!(name.starts_with("RNS_"), "macro outside RNS_*: {t}");
        }
    }
}

#[test]
fn constants_are_the_kernel_values() {
    let d = defines();
    let want: &[(&str, i64)] = &[
        ("RNS_CLONE_NEWNS", libc::CLONE_NEWNS as i64),
        ("RNS_CLONE_NEWCGROUP", libc::CLONE_NEWCGROUP as i64),
        ("RNS_CLONE_NEWUTS", libc::CLONE_NEWUTS as i64),
        ("RNS_CLONE_NEWIPC", libc::CLONE_NEWIPC as i64),
        ("RNS_CLONE_NEWUSER", libc::CLONE_NEWUSER as i64),
        ("RNS_CLONE_NEWPID", libc::CLONE_NEWPID as i64),
        ("RNS_CLONE_NEWNET", libc::CLONE_NEWNET as i64),
        ("RNS_CLONE_NEWTIME", libc::CLONE_NEWTIME as i64),
        ("RNS_CLONE_FILES", libc::CLONE_FILES as i64),
        ("RNS_CLONE_FS", libc::CLONE_FS as i64),
        ("RNS_CLONE_SYSVSEM", libc::CLONE_SYSVSEM as i64),
        ("RNS_CLONE_SIGHAND", libc::CLONE_SIGHAND as i64),
        ("RNS_CLONE_THREAD", libc::CLONE_THREAD as i64),
        ("RNS_CLONE_VM", libc::CLONE_VM as i64),
        ("RNS_PRIO_PROCESS", libc::PRIO_PROCESS as i64),
        ("RNS_PRIO_PGRP", libc::PRIO_PGRP as i64),
        ("RNS_PRIO_USER", libc::PRIO_USER as i64),
        ("RNS_PIDFD_NONBLOCK", libc::O_NONBLOCK as i64),
        ("RNS_PIDFD_THREAD", libc::O_EXCL as i64),
        ("RNS_PIDFD_SIGNAL_THREAD", 1),
        ("RNS_PIDFD_SIGNAL_THREAD_GROUP", 2),
        ("RNS_PIDFD_SIGNAL_PROCESS_GROUP", 4),
        // linux/pidfd.h (6.15), which libc does not have yet.
        ("RNS_PIDFD_SELF_THREAD", -10000),
        ("RNS_PIDFD_SELF_THREAD_GROUP", -10001),
        // rns_ns_id()'s kinds of id: the library's values.
        ("RNS_NS_ID_KERNEL", 1),
        ("RNS_NS_ID_INODE", 2),
    ];
    for (name, value) in want {
        let got = d
            .get(*name)
            .unwrap_or_else(|| panic!("{name} missing from the header"));
        assert_eq!(got.parse::<i64>().unwrap(), *value, "{name}");
    }
    // Every constant with a kernel value is also checked against libc when the crate compiles,
    // beside its definition (the `const _: () = { assert!(...) }` blocks in src/); a new one
    // needs no line here.
}

#[test]
fn every_function_is_documented_with_scope_returns_errors_kernel_and_since() {
    let h = committed_header();
    let mut doc = String::new();
    let mut functions = 0;
    for line in h.lines() {
        let t = line.trim_start();
        if t.starts_with("/**") {
            doc.clear();
        }
        if t.starts_with('*') || t.starts_with("/**") {
            doc.push_str(t);
            doc.push('\n');
        } else if (t.starts_with("int rns_") || t.starts_with("const char *rns_")) && t.contains('(') {
            functions += 1;
            let name = t
                .split_once("rns_")
                .and_then(|(_, s)| s.split('(').next())
                .unwrap_or(t);
            assert!(
                doc.contains("Returns:"),
                "rns_{name} lacks 'Returns:' in its doc comment"
            );
            assert!(
                doc.contains("Scope:"),
                "rns_{name} lacks 'Scope:' (thread, process or reads only)"
            );
            // "Kernel:": the minimum and what an older kernel gives; build.rs gathers these
            // into the table at the top of the header.
            assert!(
                doc.contains("Kernel:"),
                "rns_{name} lacks 'Kernel:' (the kernel it needs and what older ones answer)"
            );
            let table_entry = h.split("#ifndef RNS_H").next().is_some_and(|top| {
                top.contains(&format!("rns_{name},")) || top.contains(&format!("rns_{name}:"))
            });
            assert!(
                table_entry,
                "rns_{name} is missing from the header's table of kernel minimums"
            );
            let can_fail =
                doc.contains("Errors:") || doc.contains("Cannot fail") || doc.contains("never NULL");
            assert!(can_fail, "rns_{name} says nothing of its errors");
            // "Since: X.Y": the release that added it, whose version node (RNS_X.Y) holds it in
            // src/librns.map (generated from these lines by scripts/gen.js).
            let since = doc
                .lines()
                .find_map(|l| l.trim_start_matches('*').trim().strip_prefix("Since: "))
                .unwrap_or_else(|| panic!("rns_{name} lacks 'Since: X.Y' (the release that added it)"));
            let parts: Vec<&str> = since.split('.').collect();
            assert!(
                parts.len() == 2
                    && parts
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
                "rns_{name}: 'Since: {since}' is not MAJOR.MINOR"
            );
            doc.clear();
        }
    }
    assert!(functions >= 36, "found only {functions} functions in the header");
}
