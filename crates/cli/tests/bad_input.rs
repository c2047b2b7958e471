//! The bad-input table: the same bad inputs through the CLI (the built
//! binary, as a person or a script runs it) and through the `app` façade
//! (as the window calls it) give the same error code, and the CLI says it
//! in a form a script can read (`error[CODE]: sentence` on stderr).

use std::process::{Command, Output};

use app::{App, AppError, sync::NewTeam};

const PASS: &str = "stencil yarn obituary deflected carport";
/// An invite code that is not one (right prefix, nothing valid after it).
const BAD_INVITE: &str = "FS1-not-an-invite";
const NO_SUCH_CASE: &str = "00000000-0000-4000-8000-000000000000";

fn fieldscreen(pass: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fieldscreen"))
        .args(args)
        .env("FIELDSCREEN_PASSPHRASE", pass)
        .env("FIELDSCREEN_LANG", "en")
        .output()
        .expect("run fieldscreen")
}

/// The code of the CLI's `error[CODE]: …` line (the command must fail).
fn cli_code(what: &str, out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "{what}: the CLI succeeded\nstdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("error[")?.split_once("]: "))
        .map(|(code, _)| code.to_owned())
        .unwrap_or_else(|| panic!("{what}: no `error[CODE]: sentence` line in:\n{stderr}"))
}

/// The code of an app error, as the UI receives it (kebab case).
fn app_code(e: &AppError) -> String {
    serde_json::to_value(e.code)
        .expect("code")
        .as_str()
        .expect("a string")
        .to_owned()
}

/// A loopback address nobody listens on (bound, then released).
fn closed_port() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

fn team(relay: &str, pin: Option<&str>) -> NewTeam {
    NewTeam {
        relay: relay.to_owned(),
        name: "Bad input".into(),
        relay_pin: pin.map(str::to_owned),
        operator_token: None,
    }
}

#[test]
fn the_same_bad_input_gives_the_same_error_code_in_the_cli_and_the_app() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let vault = d.join("cli-vault");
    let v = vault.to_str().expect("utf-8 path").to_owned();
    let out = fieldscreen(PASS, &["vault", "init", "--vault", &v]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = App::open(d.join("app")).expect("open");
    app.create_vault(PASS.into(), PASS.into()).expect("create");
    // A second app whose vault is locked, for the wrong passphrase.
    let locked = App::open(d.join("app-locked")).expect("open");
    locked
        .create_vault(PASS.into(), PASS.into())
        .expect("create");
    locked.lock();
    let broken = d.join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a spreadsheet").expect("write");
    let b = broken.to_str().expect("utf-8 path").to_owned();
    let unreachable = closed_port();
    let far_http = "http://192.0.2.1:8080";

    type AppCall<'a> = Box<dyn Fn() -> Result<(), AppError> + 'a>;
    let table: Vec<(&str, &str, Vec<&str>, AppCall<'_>, &str)> = vec![
        (
            "one-character passphrase",
            "x",
            vec!["vault", "init", "--vault", "NEW"],
            Box::new(|| {
                App::open(d.join("app-new"))?
                    .create_vault("x".into(), "x".into())
                    .map(drop)
            }),
            "invalid-passphrase",
        ),
        (
            "wrong passphrase",
            "not the passphrase at all",
            vec!["interview", "list", "--vault", &v],
            Box::new(|| locked.unlock("not the passphrase at all".into()).map(drop)),
            "wrong-passphrase",
        ),
        (
            "broken questionnaire file",
            PASS,
            vec!["interview", "new", "--vault", &v, "--form", &b],
            Box::new(|| {
                app::forms_source::read(&broken)
                    .map(drop)
                    .map_err(|e| e.into_app_error(&broken, "en"))
            }),
            "invalid-form",
        ),
        (
            "unknown case id",
            PASS,
            vec!["interview", "show", "--vault", &v, NO_SUCH_CASE],
            Box::new(|| app.interview_page(NO_SUCH_CASE).map(drop)),
            "not-found",
        ),
        (
            "bad invite code",
            PASS,
            vec!["team", "join", "--vault", &v, BAD_INVITE, "--timeout", "0"],
            Box::new(|| app.join_team(BAD_INVITE.into()).map(drop)),
            "invite",
        ),
        (
            "bad relay pin",
            PASS,
            vec![
                "team",
                "create",
                "--vault",
                &v,
                "--relay",
                &unreachable,
                "--name",
                "T",
                "--relay-pin",
                "xyz",
            ],
            Box::new(|| app.create_team(team(&unreachable, Some("xyz"))).map(drop)),
            "invalid-relay",
        ),
        (
            "plain http to another machine",
            PASS,
            vec![
                "team", "create", "--vault", &v, "--relay", far_http, "--name", "T",
            ],
            Box::new(|| app.create_team(team(far_http, None)).map(drop)),
            "invalid-relay",
        ),
        (
            "unreachable relay",
            PASS,
            vec![
                "team",
                "create",
                "--vault",
                &v,
                "--relay",
                &unreachable,
                "--name",
                "T",
            ],
            Box::new(|| app.create_team(team(&unreachable, None)).map(drop)),
            "network",
        ),
        (
            "invite while not in a team",
            PASS,
            vec!["team", "invite", "--vault", &v],
            Box::new(|| app.team_invite().map(drop)),
            "team",
        ),
        (
            "team name left blank",
            PASS,
            vec![
                "team",
                "create",
                "--vault",
                &v,
                "--relay",
                &unreachable,
                "--name",
                "  ",
            ],
            Box::new(|| {
                app.create_team(NewTeam {
                    name: "  ".into(),
                    ..team(&unreachable, None)
                })
                .map(drop)
            }),
            "invalid-answer",
        ),
        (
            "remove while not in a team",
            PASS,
            vec!["team", "remove", "--vault", &v, "abcdef12"],
            Box::new(|| app.remove_device("abcdef12".into()).map(drop)),
            "team",
        ),
        (
            "bundle import while not in a team",
            PASS,
            vec!["bundle", "import", "--vault", &v, &b],
            Box::new(|| app.import_bundle(&broken).map(drop)),
            "team",
        ),
        (
            "wait for a nearby device while not in a team",
            PASS,
            vec![
                "lan",
                "serve",
                "--vault",
                &v,
                "--listen",
                "127.0.0.1:0",
                "--timeout",
                "1",
            ],
            Box::new(|| app.nearby_wait_on("127.0.0.1:0").map(drop)),
            "nearby",
        ),
        (
            "connect to a nearby device while not in a team",
            PASS,
            vec!["lan", "connect", "--vault", &v, "127.0.0.1:9"],
            Box::new(|| app.nearby_connect("127.0.0.1:9".into()).map(drop)),
            "nearby",
        ),
    ];
    let mut wrong = Vec::new();
    for (what, pass, args, call, want) in &table {
        let new_vault = d.join("cli-new");
        let args: Vec<&str> = args
            .iter()
            .map(|a| {
                if *a == "NEW" {
                    new_vault.to_str().expect("utf-8 path")
                } else {
                    a
                }
            })
            .collect();
        let cli = cli_code(what, &fieldscreen(pass, &args));
        let app = call().map_or_else(|e| app_code(&e), |()| "no error".to_owned());
        if cli != app || cli != *want {
            wrong.push(format!("{what}: CLI {cli}, app {app}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
