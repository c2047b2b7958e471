use super::*;

#[test]
fn the_workspace_version_is_read_from_its_section_only() {
    let manifest = "[package]\nversion = \"9.9.9\"\n[workspace.package]\nedition = \"2024\"\nversion = \"0.3.1\"\n[workspace.lints.rust]\n";
    assert_eq!(version_in(manifest).as_deref(), Some("0.3.1"));
    assert_eq!(version_in("[package]\nversion = \"1.0.0\"\n"), None);
    assert!(workspace_version().is_ok_and(|v| v.split('.').count() == 3));
}

#[test]
fn unit_and_environment_files_are_read_as_systemd_reads_them() {
    let unit = "[Unit]\nDescription=x\n[Service]\n# ExecStart=/bin/false\nUser=relay\nExecStart=/usr/bin/fieldscreen relay serve\n[Install]\nUser=no\n";
    let s = service_section(unit);
    assert_eq!(s.get("User").map(String::as_str), Some("relay"));
    assert_eq!(
        s.get("ExecStart").map(String::as_str),
        Some("/usr/bin/fieldscreen relay serve")
    );
    let env = environment_file("# comment\n; also\n\nA=1\nB = \"two words\"\n#C=3\nD='x'\n");
    assert_eq!(
        env,
        vec![
            ("A".into(), "1".into()),
            ("B".into(), "two words".into()),
            ("D".into(), "x".into())
        ]
    );
}

#[test]
fn the_packaged_unit_and_config_agree() {
    let unit = std::fs::read_to_string(root().join("packaging/systemd/fieldscreen-relay.service"))
        .expect("unit");
    let s = service_section(&unit);
    let conf = std::fs::read_to_string(root().join("packaging/relay.conf")).expect("conf");
    let env = environment_file(&conf);
    let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(
        s.get("EnvironmentFile").map(String::as_str),
        Some("/etc/fieldscreen/relay.conf")
    );
    let state = format!(
        "/var/lib/{}",
        s.get("StateDirectory").expect("StateDirectory=")
    );
    assert!(
        get("FIELDSCREEN_RELAY_DB").is_some_and(|d| d.starts_with(&format!("sqlite:{state}/")))
    );
    assert!(get("FIELDSCREEN_RELAY_LISTEN").is_some_and(|l| l.starts_with("127.0.0.1:")));
    assert_eq!(s.get("User"), s.get("Group"));
    for hardening in [
        "NoNewPrivileges",
        "ProtectSystem",
        "ProtectHome",
        "PrivateTmp",
        "PrivateDevices",
        "RestrictAddressFamilies",
    ] {
        assert!(s.contains_key(hardening), "{hardening}= missing");
    }
    assert_eq!(s.get("CapabilityBoundingSet").map(String::as_str), Some(""));
    assert_eq!(s.get("ProtectSystem").map(String::as_str), Some("strict"));
}

#[test]
fn desktop_exec_drops_field_codes() {
    let entry =
        "[Desktop Entry]\nName=X\nExec=fieldscreen-app %U\n[Desktop Action new]\nExec=other\n";
    assert_eq!(
        desktop_exec(entry),
        Some(vec!["fieldscreen-app".to_owned()])
    );
    assert_eq!(desktop_exec("[Other]\nExec=x\n"), None);
    assert_eq!(desktop_key(entry, "Name"), Some("X"));
}

#[test]
fn depends_fields_list_every_alternative_without_versions() {
    assert_eq!(
        depends_names("libc6 (>= 2.34), libgtk-3-0 | libgtk-4-1, libfoo:amd64, "),
        vec!["libc6", "libgtk-3-0", "libgtk-4-1", "libfoo"]
    );
}

#[test]
fn the_libc_minimum_is_read_and_compared_as_numbers() {
    assert_eq!(
        libc_minimum("libc6 (>= 2.34), libwebkit2gtk-4.1-0"),
        Some(vec![2, 34])
    );
    assert_eq!(libc_minimum("libwebkit2gtk-4.1-0, libc6"), None);
    assert!(version_numbers("2.9") < version_numbers("2.34"));
}

#[test]
fn dependencies_must_bring_every_linked_library_and_nothing_more() {
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let needed: BTreeMap<String, BTreeSet<String>> = [
        ("libc.so.6".to_owned(), set(&["libc6"])),
        ("libgtk-3.so.0".to_owned(), set(&["libgtk-3-0"])),
        ("libglib-2.0.so.0".to_owned(), set(&["libglib2.0-0"])),
    ]
    .into();
    let declared = vec!["libc6".to_owned(), "libgtk-3-0".to_owned()];
    let closure = set(&["libc6", "libgtk-3-0", "libglib2.0-0"]);
    assert!(depends_problems(&needed, &declared, &closure).is_empty());
    // glib no longer brought by what is declared
    let short = set(&["libc6", "libgtk-3-0"]);
    let problems = depends_problems(&needed, &declared, &short);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("libglib-2.0.so.0"), "{problems:?}");
    // a dependency the programs do not use
    let mut more = declared.clone();
    more.push("libappindicator3-1".to_owned());
    let problems = depends_problems(&needed, &more, &closure);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("libappindicator3-1"), "{problems:?}");
    // a library no package provides
    let mut orphan = needed.clone();
    orphan.insert("libmystery.so.1".to_owned(), BTreeSet::new());
    assert_eq!(depends_problems(&orphan, &declared, &closure).len(), 1);
}

#[test]
fn a_purge_leaves_only_directories_others_own() {
    let dir = tempfile_dir("purge");
    let shared = dir.join("shared");
    let own = dir.join("own");
    let file = shared.join("left.txt");
    std::fs::create_dir_all(&shared).expect("mkdir");
    std::fs::create_dir_all(&own).expect("mkdir");
    std::fs::write(&file, "x").expect("write");
    let gone = dir.join("gone.txt");
    let files = vec![shared.clone(), own.clone(), file.clone(), gone];
    let others = |p: &Path| p == shared.as_path();
    let left = left_after_purge(&files, &others);
    assert_eq!(
        left,
        vec![own.display().to_string(), file.display().to_string()]
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
    assert!(left_after_purge(&files, &others).is_empty());
}

fn tempfile_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "xtask-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn fingerprints_are_found_in_a_sentence() {
    assert_eq!(
        fingerprint_in("This device's fingerprint: 1234 5678 9012. Waiting").as_deref(),
        Some("1234 5678 9012")
    );
    assert_eq!(fingerprint_in("no 1234 567 digits"), None);
}

#[test]
fn overlay_paths_are_json_strings() {
    assert_eq!(json_string(r#"/a "b"\c"#), r#""/a \"b\"\\c""#);
}
