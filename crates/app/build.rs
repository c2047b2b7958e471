//! Embeds the shipped questionnaires (`questionnaires/<id>/`, every file but
//! the README) so the app needs no files beside its binary, and the retired
//! versions (`questionnaires/retired/<id>-<version>/`, byte for byte as they
//! shipped) so a record started with an older version, on any device, still
//! opens with the questionnaire it was asked with (found by its hash).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The shipped questionnaires, in the order the app offers them.
const SHIPPED: [&str; 2] = ["victim-screening", "fishing-inspection"];

fn files(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "README.md" {
            continue;
        }
        if path.is_dir() {
            files(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let base = manifest.join("../../questionnaires");
    let mut code = String::from(
        "/// Relative path and bytes of one file.\npub(crate) type File = (&'static str, &'static [u8]);\n\
         pub(crate) static SHIPPED: &[(&str, &[File])] = &[\n",
    );
    for id in SHIPPED {
        let root = base.join(id);
        println!("cargo::rerun-if-changed={}", root.display());
        let mut list = Vec::new();
        files(&root, &root, &mut list);
        let _ = writeln!(code, "    ({id:?}, &[");
        for (rel, path) in list {
            println!("cargo::rerun-if-changed={}", path.display());
            let abs = path.canonicalize().unwrap_or(path);
            let _ = writeln!(
                code,
                "        ({rel:?}, include_bytes!({:?})),",
                abs.display().to_string()
            );
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    // Retired versions: found by hash only, never offered for new interviews.
    code.push_str("pub(crate) static RETIRED: &[(&str, &[File])] = &[\n");
    let retired = base.join("retired");
    println!("cargo::rerun-if-changed={}", retired.display());
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&retired)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.retain(|d| d.is_dir());
    dirs.sort();
    for root in dirs {
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut list = Vec::new();
        files(&root, &root, &mut list);
        let _ = writeln!(code, "    ({name:?}, &[");
        for (rel, path) in list {
            println!("cargo::rerun-if-changed={}", path.display());
            let abs = path.canonicalize().unwrap_or(path);
            let _ = writeln!(
                code,
                "        ({rel:?}, include_bytes!({:?})),",
                abs.display().to_string()
            );
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("shipped.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
