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
