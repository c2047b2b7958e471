//! The interview benchmarks, measured in the real webview: the end-to-end
//! harness drives the release app (`bench_interview_in_the_webview` in
//! tests/e2e/interview.rs) and writes its figures, which the report repeats.

use std::path::Path;

use crate::sh::{Cmd, Fail};
use crate::{artifacts, root, setup};

/// Runs the webview benchmark against `app` and returns its report lines.
pub fn interview(app: &Path) -> Result<Vec<String>, Fail> {
    setup::tauri_driver()?;
    let report = artifacts().join("bench").join("interview.txt");
    let _ = std::fs::remove_file(&report);
    Cmd::new("cargo")
        .args([
            "test",
            "--locked",
            "-p",
            "fieldscreen-tests",
            "--features",
            "e2e",
            "--test",
            "e2e",
            "--",
            "--ignored",
            "--exact",
            "interview::bench_interview_in_the_webview",
        ])
        .env("FIELDSCREEN_APP", app)
        .env("TAURI_DRIVER", setup::tools_dir().join("bin/tauri-driver"))
        .env("FIELDSCREEN_ARTIFACTS", artifacts())
        .dir(root())
        .run()?;
    let text = std::fs::read_to_string(&report)
        .map_err(|e| Fail(format!("no report at {}: {e}", report.display())))?;
    Ok(text.lines().map(str::to_owned).collect())
}
