//! Embeds every `locales/<lang>/*.ftl` file (and the language's review log,
//! `review.toml`) into the binary, so the app and the
//! CLI carry all their text with them (no file lookup at run time).

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let locales = Path::new(&manifest).join("../../locales");
    println!("cargo::rerun-if-changed={}", locales.display());

    let mut files = Vec::new();
    let mut langs: Vec<_> = fs::read_dir(&locales)
        .expect("locales/ exists at the workspace root")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .collect();
    langs.sort_by_key(|e| e.file_name());
    for lang in langs {
        println!("cargo::rerun-if-changed={}", lang.path().display());
        let mut ftls: Vec<_> = fs::read_dir(lang.path())
            .expect("readable locale folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "ftl")
                    || p.file_name().is_some_and(|n| n == "review.toml")
            })
            .collect();
        ftls.sort();
        for path in ftls {
            println!("cargo::rerun-if-changed={}", path.display());
            let code = lang.file_name().to_string_lossy().into_owned();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let abs = path.canonicalize().expect("canonical path");
            files.push((code, name, abs));
        }
    }

    let mut out = String::from("pub(crate) static FILES: &[EmbeddedFile] = &[\n");
    for (code, name, abs) in files {
        writeln!(
            out,
            "    EmbeddedFile {{ lang: {code:?}, name: {name:?}, source: include_str!({:?}) }},",
            abs.display().to_string()
        )
        .expect("write to String");
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    fs::write(dest, out).expect("write generated locales.rs");
}
