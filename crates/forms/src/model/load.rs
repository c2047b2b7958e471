//! A questionnaire folder: its hash, loading it (files → definition and
//! catalogs → [`build`]), writing one.

use super::*;

/// Hex SHA-256 over a folder's files: for each file in byte order of its
/// relative path (`/`-separated), the path's length (u64 LE), the path, the
/// content's length (u64 LE), the content. Files and folders whose name
/// starts with `.` are left out.
pub fn folder_hash(files: &BTreeMap<String, Vec<u8>>) -> String {
    let mut h = Sha256::new();
    for (path, bytes) in files {
        if is_hidden(path) {
            continue;
        }
        h.update((path.len() as u64).to_le_bytes());
        h.update(path.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    hex::encode(h.finalize())
}

fn is_hidden(path: &str) -> bool {
    path.split('/').any(|p| p.starts_with('.'))
}

/// Loads a questionnaire folder given as relative path → bytes.
pub fn load_folder(files: &BTreeMap<String, Vec<u8>>) -> Result<Questionnaire, Diagnostics> {
    let mut diags = Vec::new();
    for path in files.keys() {
        if path.starts_with('/')
            || path.split('/').any(|p| p == ".." || p.is_empty())
            || path.contains('\\')
        {
            diags.push(Diagnostic::new(
                Location::File(path.clone()),
                Message::new("forms-folder-bad-path"),
            ));
        }
    }
    let Some(def_bytes) = files.get(DEFINITION) else {
        diags.push(Diagnostic::new(
            Location::File(DEFINITION.into()),
            Message::new("forms-folder-no-definition"),
        ));
        return Err(Diagnostics(diags));
    };
    let Ok(def_src) = std::str::from_utf8(def_bytes) else {
        diags.push(Diagnostic::new(
            Location::File(DEFINITION.into()),
            Message::new("forms-not-utf8"),
        ));
        return Err(Diagnostics(diags));
    };
    let def: Definition = match toml::from_str(def_src) {
        Ok(d) => d,
        Err(e) => {
            let line = e.span().map_or(1, |s| {
                let n = def_src
                    .as_bytes()
                    .iter()
                    .take(s.start)
                    .filter(|&&b| b == b'\n')
                    .count();
                u32::try_from(n + 1).unwrap_or(u32::MAX)
            });
            diags.push(Diagnostic::new(
                Location::Line {
                    file: DEFINITION.into(),
                    line,
                },
                Message::new("forms-toml-invalid").arg("detail", e.message()),
            ));
            return Err(Diagnostics(diags));
        }
    };
    let mut catalogs = BTreeMap::new();
    for (path, bytes) in files {
        let Some(rest) = path
            .strip_prefix(TRANSLATIONS_DIR)
            .and_then(|r| r.strip_prefix('/'))
        else {
            continue;
        };
        let Some(code) = rest.strip_suffix(".ftl") else {
            continue;
        };
        if code.contains('/') || is_hidden(path) {
            continue;
        }
        let Ok(src) = std::str::from_utf8(bytes) else {
            diags.push(Diagnostic::new(
                Location::File(path.clone()),
                Message::new("forms-not-utf8"),
            ));
            continue;
        };
        let (cat, d) = text::parse_catalog(path, src);
        diags.extend(d);
        catalogs.insert(code.to_string(), cat);
    }
    match build(def, catalogs, files) {
        Ok(q) if diags.is_empty() => Ok(q),
        Ok(_) => Err(Diagnostics(diags)),
        Err(Diagnostics(more)) => {
            diags.extend(more);
            Err(Diagnostics(diags))
        }
    }
}

/// Writes a definition and its catalogs as a questionnaire folder.
pub fn write_folder(
    def: &Definition,
    catalogs: &BTreeMap<String, Vec<(String, text::Entry)>>,
    header: &str,
) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    let mut out = BTreeMap::new();
    let toml = toml::to_string_pretty(def).map_err(|e| {
        Diagnostics(vec![Diagnostic::new(
            Location::File(DEFINITION.into()),
            Message::new("forms-toml-invalid").arg("detail", e),
        )])
    })?;
    let mut src = String::new();
    for line in header.lines() {
        src.push_str("# ");
        src.push_str(line);
        src.push('\n');
    }
    src.push_str(&toml);
    out.insert(DEFINITION.to_string(), src.into_bytes());
    for (lang, entries) in catalogs {
        out.insert(
            format!("{TRANSLATIONS_DIR}/{lang}.ftl"),
            text::write_catalog(header, entries).into_bytes(),
        );
    }
    Ok(out)
}
