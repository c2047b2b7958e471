//! Tidy tests: they keep the repository honest about its own rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fieldscreen_tests::root;
use fluent_syntax::ast;

// ---------------------------------------------------------------- dependencies

/// The shipped dependency graph by package name: each package → the
/// packages it depends on through normal and build dependencies
/// (dev-dependencies do not ship). Versions of one name are merged.
fn shipped_graph(meta: &serde_json::Value) -> BTreeMap<String, BTreeSet<String>> {
    let name_of: BTreeMap<String, String> = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["id"].as_str()?.to_owned(), p["name"].as_str()?.to_owned())))
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for n in meta["resolve"]["nodes"].as_array().into_iter().flatten() {
        let Some(name) = n["id"].as_str().and_then(|id| name_of.get(id)) else {
            continue;
        };
        let deps = n["deps"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| {
                d["dep_kinds"].as_array().is_some_and(|kinds| {
                    kinds
                        .iter()
                        .any(|k| k["kind"].is_null() || k["kind"] == "build")
                })
            })
            .filter_map(|d| name_of.get(d["pkg"].as_str()?).cloned());
        graph.entry(name.clone()).or_default().extend(deps);
    }
    graph
}

/// Every package reachable from `member`, not walking into `through` (a
/// package named there is neither entered nor counted).
fn closure_without(
    graph: &BTreeMap<String, BTreeSet<String>>,
    member: &str,
    through: &[&str],
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue = vec![member.to_owned()];
    while let Some(name) = queue.pop() {
        if through.contains(&name.as_str()) || !seen.insert(name.clone()) {
            continue;
        }
        queue.extend(graph.get(&name).cloned().unwrap_or_default());
    }
    seen
}

/// The server's parts: the HTTP server framework and the PostgreSQL client
/// and pool. Only the relay (and the CLI, for `relay serve`) builds them.
const SERVER_PARTS: &[&str] = &[
    "axum",
    "postgres",
    "tokio-postgres",
    "r2d2",
    "r2d2_postgres",
];
/// An async runtime and the server's parts: what the core never builds.
const RUNTIME_AND_SERVER: &[&str] = &[
    "tokio",
    "axum",
    "postgres",
    "tokio-postgres",
    "r2d2",
    "r2d2_postgres",
];

/// What a crate must not build, and through which crate (if any) the rule
/// lets it arrive anyway.
struct Forbidden {
    krate: &'static str,
    parts: &'static [&'static str],
    except_through: &'static [&'static str],
}

/// The rules of "no async runtime in the core, no server in the app".
/// `link` keeps a small current-thread tokio runtime inside its blocking
/// API for the reqwest client of `relay-client` (ARCHITECTURE.md, "Runtime
/// decision"): tokio reaches `app` through `link` only, never directly.
const FORBIDDEN: &[Forbidden] = &[
    Forbidden {
        krate: "i18n",
        parts: RUNTIME_AND_SERVER,
        except_through: &[],
    },
    Forbidden {
        krate: "forms",
        parts: RUNTIME_AND_SERVER,
        except_through: &[],
    },
    Forbidden {
        krate: "vault",
        parts: RUNTIME_AND_SERVER,
        except_through: &[],
    },
    Forbidden {
        krate: "sync",
        parts: RUNTIME_AND_SERVER,
        except_through: &[],
    },
    Forbidden {
        krate: "app",
        parts: SERVER_PARTS,
        except_through: &[],
    },
    Forbidden {
        krate: "app",
        parts: &["tokio"],
        except_through: &["link"],
    },
    Forbidden {
        krate: "link",
        parts: SERVER_PARTS,
        except_through: &[],
    },
    Forbidden {
        krate: "relay-client",
        parts: SERVER_PARTS,
        except_through: &[],
    },
    Forbidden {
        krate: "fieldscreen-app",
        parts: SERVER_PARTS,
        except_through: &[],
    },
];

/// Every way `graph` breaks `rules` (and every rule naming a crate the
/// graph lacks), one sentence each; only `fieldscreen-app` may build Tauri.
fn forbidden_violations(
    graph: &BTreeMap<String, BTreeSet<String>>,
    members: &[String],
    rules: &[Forbidden],
) -> Vec<String> {
    let mut problems = Vec::new();
    for rule in rules {
        if !members.iter().any(|m| m == rule.krate) {
            problems.push(format!("{} is not a workspace crate", rule.krate));
            continue;
        }
        let closure = closure_without(graph, rule.krate, rule.except_through);
        for part in rule.parts.iter().filter(|p| closure.contains(**p)) {
            let how = if rule.except_through.is_empty() {
                String::new()
            } else {
                format!(" other than through {}", rule.except_through.join(", "))
            };
            problems.push(format!("{} builds {part}{how}", rule.krate));
        }
    }
    for member in members.iter().filter(|m| *m != "fieldscreen-app") {
        if closure_without(graph, member, &[]).contains("tauri") {
            problems.push(format!("{member} depends on tauri; only src-tauri may"));
        }
    }
    problems
}

fn metadata() -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(root())
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata JSON")
}

fn workspace_members(meta: &serde_json::Value) -> Vec<String> {
    let ids: BTreeSet<&str> = meta["workspace_members"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    meta["packages"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|p| p["id"].as_str().is_some_and(|id| ids.contains(id)))
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn only_the_shell_depends_on_tauri_and_the_core_builds_no_runtime_or_server() {
    let meta = metadata();
    let members = workspace_members(&meta);
    assert!(
        members.iter().any(|m| m == "fieldscreen-app"),
        "{members:?}"
    );
    let problems = forbidden_violations(&shipped_graph(&meta), &members, FORBIDDEN);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_runtime_and_server_check_can_fail() {
    let set = |names: &[&str]| {
        names
            .iter()
            .map(|n| (*n).to_owned())
            .collect::<BTreeSet<_>>()
    };
    // app → link → relay-client → tokio is allowed; app → vault → tokio is
    // not; app → relay → axum is not; vault → hyper → tokio (deep) is not;
    // cli → tauri is not.
    let graph = BTreeMap::from([
        ("app".to_owned(), set(&["link", "vault", "relay"])),
        ("link".to_owned(), set(&["relay-client"])),
        ("relay-client".to_owned(), set(&["tokio"])),
        ("relay".to_owned(), set(&["axum"])),
        ("vault".to_owned(), set(&["hyper"])),
        ("hyper".to_owned(), set(&["tokio"])),
        ("cli".to_owned(), set(&["tauri"])),
    ]);
    let members: Vec<String> = ["app", "link", "relay-client", "relay", "vault", "cli"]
        .iter()
        .map(|m| (*m).to_owned())
        .collect();
    let rules = [
        Forbidden {
            krate: "vault",
            parts: &["tokio"],
            except_through: &[],
        },
        Forbidden {
            krate: "app",
            parts: &["axum", "tokio"],
            except_through: &["link"],
        },
        Forbidden {
            krate: "gone",
            parts: &["tokio"],
            except_through: &[],
        },
    ];
    assert_eq!(
        forbidden_violations(&graph, &members, &rules),
        [
            "vault builds tokio",
            "app builds axum other than through link",
            "app builds tokio other than through link",
            "gone is not a workspace crate",
            "cli depends on tauri; only src-tauri may",
        ]
    );
    // Without vault's hyper, app's tokio arrives through link only: allowed.
    let mut clean = graph.clone();
    clean.insert("vault".to_owned(), BTreeSet::new());
    clean.insert("app".to_owned(), set(&["link", "vault"]));
    clean.insert("cli".to_owned(), BTreeSet::new());
    assert!(forbidden_violations(&clean, &members, &rules[..2]).is_empty());
}

/// Shipped dependencies between workspace crates: member → the members it
/// depends on through normal or build dependencies.
fn internal_edges(meta: &serde_json::Value) -> BTreeMap<String, BTreeSet<String>> {
    let members: BTreeSet<&str> = meta["workspace_members"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let name_of: BTreeMap<&str, &str> = meta["packages"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
                .collect()
        })
        .unwrap_or_default();
    let mut edges = BTreeMap::new();
    for node in meta["resolve"]["nodes"].as_array().into_iter().flatten() {
        let Some(id) = node["id"].as_str().filter(|id| members.contains(id)) else {
            continue;
        };
        let deps: BTreeSet<String> = node["deps"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["pkg"].as_str().is_some_and(|p| members.contains(p)))
            .filter(|d| {
                d["dep_kinds"].as_array().is_some_and(|kinds| {
                    kinds
                        .iter()
                        .any(|k| k["kind"].is_null() || k["kind"] == "build")
                })
            })
            .filter_map(|d| Some(name_of.get(d["pkg"].as_str()?)?.to_string()))
            .collect();
        edges.insert(name_of.get(id).copied().unwrap_or(id).to_owned(), deps);
    }
    edges
}

/// The allowed graph from ARCHITECTURE.md's `dependency-graph` block: one
/// `crate: dep, dep` line per crate.
fn allowed_graph(architecture: &str) -> BTreeMap<String, BTreeSet<String>> {
    let start = architecture
        .find("```text dependency-graph\n")
        .expect("ARCHITECTURE.md has a ```text dependency-graph block");
    let body = &architecture[start..];
    let body = &body[body.find('\n').map_or(0, |i| i + 1)..];
    let body = &body[..body.find("```").expect("the block ends")];
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (name, deps) = l.split_once(':').unwrap_or((l, ""));
            let deps = deps
                .split(',')
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect();
            (name.trim().to_owned(), deps)
        })
        .collect()
}

/// Every way `actual` leaves `allowed`, one sentence each.
fn graph_violations(
    actual: &BTreeMap<String, BTreeSet<String>>,
    allowed: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (krate, deps) in actual {
        let Some(ok) = allowed.get(krate) else {
            problems.push(format!(
                "{krate} is not in ARCHITECTURE.md's dependency graph"
            ));
            continue;
        };
        for dep in deps.difference(ok) {
            problems.push(format!(
                "{krate} depends on {dep}, which the graph does not allow"
            ));
        }
    }
    for krate in allowed.keys().filter(|k| !actual.contains_key(*k)) {
        problems.push(format!(
            "the graph names {krate}, which is not a workspace crate"
        ));
    }
    problems
}

#[test]
fn every_crate_depends_only_on_what_architecture_md_allows() {
    let arch = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let problems = graph_violations(&internal_edges(&metadata()), &allowed_graph(&arch));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_dependency_graph_check_can_fail() {
    let allowed = allowed_graph("```text dependency-graph\nvault:\napp: vault\ngone: vault\n```\n");
    let set = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
    let actual = BTreeMap::from([
        ("vault".to_owned(), set(&["app"])),
        ("app".to_owned(), set(&["vault"])),
        ("new".to_owned(), set(&[])),
    ]);
    assert_eq!(
        graph_violations(&actual, &allowed),
        [
            "new is not in ARCHITECTURE.md's dependency graph",
            "vault depends on app, which the graph does not allow",
            "the graph names gone, which is not a workspace crate",
        ]
    );
}

#[test]
fn every_crate_uses_the_workspace_lints() {
    let mut missing = Vec::new();
    for manifest in crate_manifests() {
        let text = std::fs::read_to_string(&manifest).expect("read manifest");
        if !text.contains("[lints]\nworkspace = true") {
            missing.push(manifest.display().to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "add `[lints]\\nworkspace = true` to: {missing:?}"
    );
}

#[test]
fn architecture_md_maps_every_crate() {
    let arch =
        std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md exists");
    let missing: Vec<String> = list_dirs(&root().join("crates"))
        .into_iter()
        .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|name| !arch.contains(&format!("`crates/{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's code map lacks: {missing:?}"
    );
}

fn crate_manifests() -> Vec<PathBuf> {
    let r = root();
    let mut out: Vec<PathBuf> = list_dirs(&r.join("crates"))
        .into_iter()
        .map(|d| d.join("Cargo.toml"))
        .collect();
    out.extend(
        ["src-tauri", "tests", "xtask"]
            .iter()
            .map(|d| r.join(d).join("Cargo.toml")),
    );
    out
}

fn list_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

// ---------------------------------------------------------------- Fluent files

/// Every problem in a `locales/` tree, one line each, `path:line: message`.
fn check_locales(locales: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    // lang -> file -> message id -> variables
    let mut catalogs: BTreeMap<String, BTreeMap<String, BTreeMap<String, BTreeSet<String>>>> =
        BTreeMap::new();
    for lang_dir in list_dirs(locales) {
        let lang = lang_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let files = catalogs.entry(lang.clone()).or_default();
        let mut ftls: Vec<PathBuf> = std::fs::read_dir(&lang_dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        ftls.retain(|p| p.extension().is_some_and(|x| x == "ftl"));
        ftls.sort();
        for path in ftls {
            let shown = path
                .strip_prefix(locales.parent().unwrap_or(locales))
                .unwrap_or(&path)
                .display()
                .to_string();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let source = match std::fs::read_to_string(&path) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(format!("{shown}:1: cannot read: {e}"));
                    continue;
                }
            };
            if lang != "en" && !source.starts_with("## status: ") {
                problems.push(format!(
                    "{shown}:1: a translation starts with its review status, e.g. `{}`",
                    "## status: machine-drafted — needs review by a native speaker"
                ));
            }
            let resource = match fluent_syntax::parser::parse(source.as_str()) {
                Ok(r) => r,
                Err((r, errors)) => {
                    for e in errors {
                        let line = source[..e.pos.start.min(source.len())]
                            .matches('\n')
                            .count()
                            + 1;
                        problems.push(format!("{shown}:{line}: syntax error: {:?}", e.kind));
                    }
                    r
                }
            };
            let messages = files.entry(name).or_default();
            for entry in &resource.body {
                match entry {
                    ast::Entry::Message(m)
                        if messages
                            .insert(m.id.name.to_owned(), variables(m))
                            .is_some() =>
                    {
                        problems.push(format!("{shown}: message `{}` is defined twice", m.id.name));
                    }
                    ast::Entry::Junk { content } => {
                        let at = source.find(content).unwrap_or(0);
                        let line = source[..at].matches('\n').count() + 1;
                        problems.push(format!(
                            "{shown}:{line}: unparseable entry: {}",
                            content.trim()
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
    let Some(en) = catalogs.get("en").cloned() else {
        problems.push(format!("{}: no English catalog (en/)", locales.display()));
        return problems;
    };
    for (lang, files) in &catalogs {
        if lang == "en" {
            continue;
        }
        for (file, en_messages) in &en {
            let Some(messages) = files.get(file) else {
                problems.push(format!(
                    "locales/{lang}/{file}: missing (locales/en/{file} exists)"
                ));
                continue;
            };
            for (id, vars) in en_messages {
                match messages.get(id) {
                    None => problems.push(format!("locales/{lang}/{file}: message `{id}` is missing")),
                    Some(v) if v != vars => problems.push(format!(
                        "locales/{lang}/{file}: message `{id}` uses variables {v:?}, English uses {vars:?}"
                    )),
                    Some(_) => {}
                }
            }
            for id in messages.keys().filter(|id| !en_messages.contains_key(*id)) {
                problems.push(format!(
                    "locales/{lang}/{file}: message `{id}` is not in English (stale?)"
                ));
            }
        }
        for file in files.keys().filter(|f| !en.contains_key(*f)) {
            problems.push(format!("locales/{lang}/{file}: no English counterpart"));
        }
    }
    problems
}

/// The `$variables` a message uses, in its value and attributes.
fn variables(m: &ast::Message<&str>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut patterns: Vec<&ast::Pattern<&str>> = m.value.iter().collect();
    patterns.extend(m.attributes.iter().map(|a| &a.value));
    while let Some(p) = patterns.pop() {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                collect_vars(expression, &mut out, &mut patterns);
            }
        }
    }
    out
}

fn collect_vars<'a>(
    e: &'a ast::Expression<&'a str>,
    out: &mut BTreeSet<String>,
    patterns: &mut Vec<&'a ast::Pattern<&'a str>>,
) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            patterns.extend(variants.iter().map(|v| &v.value));
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_message_exists_in_all_five_languages_and_parses() {
    let problems = check_locales(&root().join("locales"));
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    let langs: Vec<String> = list_dirs(&root().join("locales"))
        .iter()
        .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(langs, ["en", "km", "lo", "my", "th"]);
}

#[test]
fn the_embedded_catalog_loads_without_problems() {
    assert!(
        i18n::localizer().problems().is_empty(),
        "{:?}",
        i18n::localizer().problems()
    );
}

#[test]
fn broken_and_missing_files_are_reported_with_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let locales = dir.path().join("locales");
    for lang in ["en", "th"] {
        std::fs::create_dir_all(locales.join(lang)).expect("mkdir");
    }
    std::fs::write(
        locales.join("en/ui.ftl"),
        "hello = Hello\ngreet = Hi { $name }\nbye = Bye\n",
    )
    .expect("write");
    std::fs::write(locales.join("en/app.ftl"), "x = X\n").expect("write");
    std::fs::write(
        locales.join("th/ui.ftl"),
        "## status: machine-drafted\nhello = สวัสดี\ngreet = หวัดดี { $nme }\n\nbroken = {\n",
    )
    .expect("write");
    let problems = check_locales(&locales);
    let expected = [
        "locales/th/ui.ftl:6: syntax error",
        "locales/th/ui.ftl:5: unparseable entry: broken = {",
        "locales/th/app.ftl: missing (locales/en/app.ftl exists)",
        "locales/th/ui.ftl: message `bye` is missing",
        "locales/th/ui.ftl: message `greet` uses variables {\"nme\"}, English uses {\"name\"}",
    ];
    for e in expected {
        assert!(
            problems.iter().any(|p| p.starts_with(e)),
            "no `{e}` in:\n{}",
            problems.join("\n")
        );
    }
    assert_eq!(problems.len(), expected.len(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------- UI text

/// Text for people lives in `locales/`: a Svelte component's markup may show
/// only expressions, never literal words (attributes for people included).
fn hard_coded_text(source: &str) -> Vec<String> {
    let mut markup = source.to_owned();
    for (open, close) in [
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<!--", "-->"),
    ] {
        while let Some(start) = markup.find(open) {
            let end = markup[start..]
                .find(close)
                .map_or(markup.len(), |e| start + e + close.len());
            markup.replace_range(start..end, " ");
        }
    }
    let mut found = Vec::new();
    for attr in [
        "aria-label",
        "title",
        "placeholder",
        "alt",
        "aria-description",
    ] {
        let pattern = format!("{attr}=\"");
        let mut rest = markup.as_str();
        while let Some(i) = rest.find(&pattern) {
            let value: String = rest[i + pattern.len()..]
                .chars()
                .take_while(|c| *c != '"')
                .collect();
            if value.chars().any(char::is_alphabetic) && !value.starts_with('{') {
                found.push(format!("{attr}=\"{value}\""));
            }
            rest = &rest[i + pattern.len()..];
        }
    }
    // Text between tags, with {expressions} removed.
    let mut depth = 0usize;
    let mut in_tag = false;
    let mut text = String::new();
    for c in markup.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '<' if depth == 0 => {
                in_tag = true;
                text.push('\n');
            }
            '>' if depth == 0 => in_tag = false,
            _ if depth == 0 && !in_tag => text.push(c),
            _ => {}
        }
    }
    found.extend(
        text.lines()
            .map(str::trim)
            .filter(|l| l.chars().any(char::is_alphabetic))
            .map(str::to_owned),
    );
    found
}

#[test]
fn the_ui_hard_codes_no_sentence() {
    let mut files = Vec::new();
    files_with(&root().join("ui/src"), &["svelte"], &mut files);
    assert!(!files.is_empty(), "no Svelte components found");
    let mut problems = Vec::new();
    for f in files {
        let source = std::fs::read_to_string(&f).expect("read component");
        for text in hard_coded_text(&source) {
            problems.push(format!("{}: `{text}`", f.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "move these to locales/:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_hard_coded_text_check_can_fail() {
    let found = hard_coded_text(
        "<script>let a = 'ok';</script>\n<p>{t('x')}</p>\n<p>Hello there</p>\n<button aria-label=\"Close\">{x}</button>",
    );
    assert_eq!(found, ["aria-label=\"Close\"", "Hello there"]);
}

// ---------------------------------------------------------------- file size

/// Lines a source file may hold: about what a person reads in one sitting and
/// keeps in their head. The splits of issue 19 landed between 60 and 430
/// lines; 800 leaves room to grow, and a file that reaches it has a seam.
const LINE_BUDGET: usize = 800;
/// Test files: lists of independent cases, read one case at a time.
const TEST_LINE_BUDGET: usize = 1600;

/// Files allowed over their budget, and why. The list only shrinks: a file
/// named here that fits its budget, or is gone, fails the test.
const OVER_BUDGET: &[(&str, &str)] = &[(
    "ui/src/lib/ipc/bindings.ts",
    "generated from the Rust types (cargo xtask codegen)",
)];

/// Where the source lives (relative to the root), and what counts as source.
const SOURCE_DIRS: &[&str] = &[
    "crates",
    "src-tauri/src",
    "tests",
    "xtask/src",
    "fuzz",
    "ui/src",
];
const SOURCE_EXTS: &[&str] = &["rs", "ts", "svelte"];

fn is_test_file(path: &str) -> bool {
    path.starts_with("tests/")
        || path.contains("/tests/")
        || path.ends_with("/tests.rs")
        || path.ends_with(".test.ts")
        || path.contains("/benches/")
}

/// Files under `dir` whose extension is one of `exts` (build outputs and
/// installed packages left out).
fn files_with(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !["target", "node_modules", "dist"].contains(&name.as_str()) {
                files_with(&path, exts, out);
            }
        } else if path
            .extension()
            .is_some_and(|e| exts.iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
}

/// Every source file with its line count, as `(path relative to root, lines)`.
fn source_files(root: &Path) -> Vec<(String, usize)> {
    let mut paths = Vec::new();
    for dir in SOURCE_DIRS {
        files_with(&root.join(dir), SOURCE_EXTS, &mut paths);
    }
    paths
        .into_iter()
        .map(|path| {
            let lines = std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            let rel = path.strip_prefix(root).unwrap_or(&path);
            (rel.to_string_lossy().replace('\\', "/"), lines)
        })
        .collect()
}

/// Every file over its budget and not allowed, and every allowance no
/// longer needed.
fn budget_violations(files: &[(String, usize)], allowed: &[(&str, &str)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, lines) in files {
        let budget = if is_test_file(path) {
            TEST_LINE_BUDGET
        } else {
            LINE_BUDGET
        };
        let listed = allowed.iter().any(|(p, _)| p == path);
        if *lines > budget && !listed {
            problems.push(format!(
                "{path} has {lines} lines (budget {budget}): split it along its seams"
            ));
        }
        if *lines <= budget && listed {
            problems.push(format!(
                "{path} fits its budget now ({lines} ≤ {budget}): take it off OVER_BUDGET"
            ));
        }
    }
    for (path, _) in allowed {
        if !files.iter().any(|(p, _)| p == path) {
            problems.push(format!("{path} is on OVER_BUDGET but does not exist"));
        }
    }
    problems
}

#[test]
fn no_source_file_is_over_its_line_budget() {
    let files = source_files(&root());
    assert!(
        files.iter().any(|(p, _)| p == "crates/vault/src/vault.rs"),
        "the walk found the sources"
    );
    let problems = budget_violations(&files, OVER_BUDGET);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_line_budget_check_can_fail() {
    let files = [
        ("crates/a/src/big.rs".to_owned(), LINE_BUDGET + 1),
        ("crates/a/tests/big.rs".to_owned(), LINE_BUDGET + 1),
        ("crates/a/src/listed.rs".to_owned(), 10),
    ];
    let allowed = [
        ("crates/a/src/listed.rs", "why"),
        ("crates/a/src/gone.rs", "why"),
    ];
    assert_eq!(
        budget_violations(&files, &allowed),
        [
            format!(
                "crates/a/src/big.rs has {} lines (budget {LINE_BUDGET}): split it along its seams",
                LINE_BUDGET + 1
            ),
            format!(
                "crates/a/src/listed.rs fits its budget now (10 ≤ {LINE_BUDGET}): take it off OVER_BUDGET"
            ),
            "crates/a/src/gone.rs is on OVER_BUDGET but does not exist".to_owned(),
        ]
    );
}

// ---------------------------------------------------------------- citations

/// Citations of a file that is not in the repository: the specs
/// (`product.md`, `design.md`, `domain.md`) live outside it, so the code
/// cites `docs/` instead.
fn outside_citations(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for spec in ["../shared/", "product.md", "design.md", "domain.md"] {
            if line
                .match_indices(spec)
                .any(|(i, _)| !line[..i].ends_with("docs/"))
            {
                found.push(format!("line {}: {spec}", n + 1));
            }
        }
    }
    found
}

#[test]
fn nothing_cites_a_document_outside_the_repository() {
    let root = root();
    let mut files = Vec::new();
    for dir in SOURCE_DIRS
        .iter()
        .chain(&["questionnaires", "docs", "locales"])
    {
        files_with(
            &root.join(dir),
            &["rs", "ts", "svelte", "md", "toml", "ftl"],
            &mut files,
        );
    }
    for top in ["README.md", "ARCHITECTURE.md", "SECURITY.md"] {
        files.push(root.join(top));
    }
    let mut problems = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        // Retired questionnaires are kept byte for byte (records find them by hash).
        // This file names them to forbid them.
        if rel.starts_with("questionnaires/retired/") || rel == "tests/tests/tidy.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for hit in outside_citations(&text) {
            problems.push(format!("{rel} {hit}: cite docs/ (see docs/targets.md)"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_citation_check_can_fail() {
    assert_eq!(
        outside_citations("ok: docs/screening-rules.md\n(design.md §3)\nsee ../shared/domain.md"),
        [
            "line 2: design.md",
            "line 3: ../shared/",
            "line 3: domain.md"
        ]
    );
}

// ----- the window's capability ---------------------------------------------

/// What the main window may do beyond calling the app's own commands:
/// listen to the events the core pushes (and stop listening). Not emit, no
/// other core permission, no plugin.
const WINDOW_EXTRA_PERMISSIONS: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

/// The commands `src-tauri/build.rs` declares (each gets `allow-<name>`).
fn declared_commands(build_rs: &str) -> Vec<String> {
    let Some(start) = build_rs.find(".commands(&[") else {
        return Vec::new();
    };
    let rest = &build_rs[start..];
    let list = &rest[..rest.find("])").unwrap_or(rest.len())];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// Every way `capability` (the JSON of `capabilities/main.json`) differs from
/// exactly the declared commands plus [`WINDOW_EXTRA_PERMISSIONS`].
fn capability_problems(capability: &str, build_rs: &str) -> Vec<String> {
    let json: serde_json::Value = match serde_json::from_str(capability) {
        Ok(j) => j,
        Err(e) => return vec![format!("capabilities/main.json: {e}")],
    };
    let granted: BTreeSet<String> = json["permissions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
        .collect();
    let mut expected: BTreeSet<String> = declared_commands(build_rs)
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    expected.extend(WINDOW_EXTRA_PERMISSIONS.iter().map(|p| (*p).to_owned()));
    let mut problems: Vec<String> = granted
        .difference(&expected)
        .map(|p| format!("the window is granted `{p}`, which is neither a command of build.rs nor an allowed event permission"))
        .collect();
    problems.extend(
        expected
            .difference(&granted)
            .map(|p| format!("the window is not granted `{p}`")),
    );
    problems
}

#[test]
fn the_window_may_call_the_apps_commands_and_listen_to_its_events_only() {
    let root = root();
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).expect(rel);
    let build_rs = read("src-tauri/build.rs");
    assert!(
        declared_commands(&build_rs).len() > 40,
        "build.rs's commands were read"
    );
    let problems = capability_problems(&read("src-tauri/capabilities/main.json"), &build_rs);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The check fails on an emit permission, a plugin and a missing command.
    let build = r#".commands(&["startup", "sync_screen"])"#;
    let bad = r#"{"permissions": ["allow-startup", "core:event:allow-listen",
        "core:event:allow-unlisten", "core:event:allow-emit", "fs:default"]}"#;
    let found = capability_problems(bad, build);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().any(|p| p.contains("core:event:allow-emit")));
    assert!(found.iter().any(|p| p.contains("fs:default")));
    assert!(found.iter().any(|p| p.contains("allow-sync-screen")));
}

// ----- the window's content security policy -------------------------------

/// The CSP the window is held to: its own files, `data:` images (QR codes),
/// `blob:` media (the audio prompts of hand-over mode, made from the bytes
/// the core returns), the IPC channel, and nothing else.
const CSP: &[(&str, &str)] = &[
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("font-src", "'self'"),
    ("img-src", "'self' data:"),
    ("media-src", "blob:"),
    ("connect-src", "ipc: http://ipc.localhost"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'none'"),
    ("frame-ancestors", "'none'"),
];

/// Every way the CSP of `conf` (the JSON of `tauri.conf.json`) differs from [`CSP`].
fn csp_problems(conf: &str) -> Vec<String> {
    let json: serde_json::Value = match serde_json::from_str(conf) {
        Ok(j) => j,
        Err(e) => return vec![format!("tauri.conf.json: {e}")],
    };
    let Some(csp) = json["app"]["security"]["csp"].as_object() else {
        return vec!["tauri.conf.json has no CSP".to_owned()];
    };
    let mut problems = Vec::new();
    for (k, v) in csp {
        match CSP.iter().find(|(d, _)| d == k) {
            Some((_, want)) if v.as_str() == Some(want) => {}
            Some((_, want)) => problems.push(format!("CSP {k} is {v}, not {want:?}")),
            None => problems.push(format!("CSP has {k}, which is not allowed")),
        }
    }
    for (d, _) in CSP {
        if !csp.contains_key(*d) {
            problems.push(format!("CSP lacks {d}"));
        }
    }
    problems
}

#[test]
fn the_window_csp_allows_blob_media_and_nothing_wider() {
    let conf = std::fs::read_to_string(root().join("src-tauri/tauri.conf.json")).expect("conf");
    let problems = csp_problems(&conf);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The check fails on a wider media source, an extra directive and a missing one.
    let mut json: serde_json::Value = serde_json::from_str(&conf).expect("json");
    let csp = json["app"]["security"]["csp"].as_object_mut().expect("csp");
    csp.insert("media-src".into(), "blob: https:".into());
    csp.insert("worker-src".into(), "blob:".into());
    csp.remove("object-src");
    let found = csp_problems(&json.to_string());
    assert_eq!(found.len(), 3, "{found:?}");
}
