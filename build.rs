//! Generates the C header with cbindgen (configured by cbindgen.toml). (The shared library,
//! with its SONAME, is linked by the Makefile from the staticlib: mk/lib.mk.)
//!
//! The header is written to OUT_DIR/rns.h on every build; the committed include/rns.h is
//! replaced only when RNS_UPDATE_HEADER is set (`make header`), and a test fails when the two
//! differ, so a change to the API cannot land without its header.

use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=RNS_UPDATE_HEADER");

    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("rns.h");

    let version = |part: &str| env::var(format!("CARGO_PKG_VERSION_{part}")).expect("cargo sets the version");
    let mut config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml is valid");
    config.header = Some(format!(
        "{}\n{}",
        config.header.take().unwrap_or_default().trim_end_matches(" */"),
        kernel_table(&crate_dir.join("src"))
    ));
    config.after_includes = Some(format!(
        "\n#define RNS_VERSION_MAJOR {}\n#define RNS_VERSION_MINOR {}\n#define RNS_VERSION_PATCH {}",
        version("MAJOR"),
        version("MINOR"),
        version("PATCH"),
    ));
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header");
    bindings.write_to_file(&out);
    println!("cargo:rustc-env=RNS_GENERATED_HEADER={}", out.display());

    if env::var_os("RNS_UPDATE_HEADER").is_some() {
        bindings.write_to_file(crate_dir.join("include").join("rns.h"));
    }
}

/// Each exported function's "Kernel:" paragraph from its doc comment, in the Rust sources
/// under `dir` (recursively): (function, text).
fn kernel_lines(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        if path.is_dir() {
            kernel_lines(&path, out);
            continue;
        }
        if path.extension() != Some(std::ffi::OsStr::new("rs")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file is readable");
        let mut kernel: Option<String> = None;
        let mut in_kernel = false;
        for line in text.lines() {
            let t = line.trim();
            if let Some(doc) = t.strip_prefix("///") {
                let doc = doc.trim();
                if let Some(k) = doc.strip_prefix("Kernel:") {
                    kernel = Some(k.trim().to_string());
                    in_kernel = true;
                } else if in_kernel && !doc.is_empty() && !is_label(doc) {
                    if let Some(k) = kernel.as_mut() {
                        k.push(' ');
                        k.push_str(doc);
                    }
                } else {
                    in_kernel = false;
                }
            } else if t.starts_with("#[") {
                in_kernel = false;
            } else {
                if let Some(name) = t
                    .split("extern \"C\" fn ")
                    .nth(1)
                    .and_then(|r| r.split('(').next())
                    .filter(|n| n.starts_with("rns_"))
                {
                    if let Some(k) = kernel.take() {
                        out.push((name.to_string(), k));
                    }
                }
                kernel = None;
                in_kernel = false;
            }
        }
    }
}

/// Whether a doc line starts another labelled paragraph of the house format.
fn is_label(doc: &str) -> bool {
    ["Scope:", "Returns:", "Errors:", "Since:", "Fds:", "# Safety"]
        .iter()
        .any(|l| doc.starts_with(l))
}

/// The header's table of kernel minimums and fallbacks: functions with the same "Kernel:"
/// text grouped, each group its names then its text, wrapped as a C comment.
fn kernel_table(src: &std::path::Path) -> String {
    let mut lines = Vec::new();
    kernel_lines(src, &mut lines);
    let mut groups: Vec<(Vec<String>, String)> = Vec::new();
    for (name, text) in lines {
        match groups.iter_mut().find(|(_, t)| *t == text) {
            Some((names, _)) => names.push(name),
            None => groups.push((vec![name], text)),
        }
    }
    for (names, _) in groups.iter_mut() {
        names.sort();
    }
    groups.sort_by(|a, b| a.0[0].cmp(&b.0[0]));
    let mut out = String::from(
        " *\n * Kernel minimums and fallbacks (each function's \"Kernel:\" line, gathered here by\n * build.rs): what a call needs, and what it does or answers on an older kernel.\n",
    );
    for (names, text) in groups {
        let mut words: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                if i + 1 < names.len() {
                    format!("{n},")
                } else {
                    format!("{n}:")
                }
            })
            .collect();
        words.extend(text.split_whitespace().map(str::to_string));
        let mut line = String::from(" *  ");
        for w in words {
            if line.len() + w.len() + 1 > 96 && line.len() > 6 {
                out.push_str(line.trim_end());
                out.push('\n');
                line = String::from(" *      ");
            }
            line.push(' ');
            line.push_str(&w);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(" */");
    out
}
