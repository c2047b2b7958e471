//! Navigation and scoring scenarios on the corpus screening questionnaire.
#![allow(clippy::unwrap_used)]

mod common;

use std::fmt::Write;

use expect_test::{Expect, expect};
use forms::{Answer, AnswerKey, Answers, Date};

fn screening() -> forms::Questionnaire {
    forms::load_folder(&common::read_dir(
        &common::corpus().join("native/screening"),
    ))
    .unwrap()
}

/// `answers` is one `key = value` per line; `key = ?dk` / `?pna` for don't know / prefer not.
fn check(answers: &str, lang: &str, expect: Expect) {
    let q = screening();
    let mut a = Answers::new();
    for line in answers.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (k, v) = line.split_once('=').unwrap();
        let key: AnswerKey = k.trim().parse().unwrap();
        let v = v.trim();
        let ans = match v {
            "?dk" => Answer::DontKnow,
            "?pna" => Answer::PreferNotToAnswer,
            v => Answer::Value(v.to_string()),
        };
        if let Some(n) = v.strip_prefix("#") {
            a.set_repeat_count(key, n.parse().unwrap());
        } else {
            a.set(key, ans);
        }
    }
    let ev = forms::evaluate(&q, &a, Date::parse("2025-06-11").unwrap(), lang);
    let nav = &ev.navigation;
    let mut out = String::new();
    for it in &nav.items {
        let st = match &it.answer {
            forms::nav::AnswerState::Missing => "-".to_string(),
            forms::nav::AnswerState::Value(v) => v.clone(),
            forms::nav::AnswerState::DontKnow => "DK".into(),
            forms::nav::AnswerState::PreferNotToAnswer => "PNA".into(),
        };
        let choices: Vec<&str> = it.choices.iter().map(|c| c.value.as_str()).collect();
        writeln!(
            out,
            "{}{} {} = {st}{} | {}{}",
            if it.group.is_empty() {
                String::new()
            } else {
                format!("{}/", it.group)
            },
            it.key,
            it.kind,
            if it.required { " *" } else { "" },
            it.label,
            if choices.is_empty() {
                String::new()
            } else {
                format!(" {choices:?}")
            }
        )
        .unwrap();
    }
    writeln!(
        out,
        "repeats: {:?}",
        nav.repeats
            .iter()
            .map(|r| (r.key.to_string(), r.count, r.fixed))
            .collect::<Vec<_>>()
    )
    .unwrap();
    writeln!(
        out,
        "missing: {:?}",
        nav.missing_required
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    )
    .unwrap();
    for (k, m) in &nav.required_messages {
        writeln!(out, "required message {k}: {m}").unwrap();
    }
    for c in &nav.constraint_failures {
        writeln!(
            out,
            "constraint {}: {:?} / {}",
            c.key, c.message, c.fallback
        )
        .unwrap();
    }
    for i in &nav.invalid {
        writeln!(out, "invalid {}: {}", i.key, i.message).unwrap();
    }
    writeln!(
        out,
        "calculated: {:?}",
        nav.calculated
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
    )
    .unwrap();
    writeln!(
        out,
        "progress: {}/{}",
        nav.progress.answered, nav.progress.total
    )
    .unwrap();
    if let Some(s) = &ev.scoring {
        writeln!(
            out,
            "child: {:?} route={:?} evidence={:?}",
            s.child.status,
            s.route,
            s.child
                .evidence
                .iter()
                .map(|e| e.key.to_string())
                .collect::<Vec<_>>()
        )
        .unwrap();
        for i in &s.indicators {
            let ev: Vec<String> = i
                .evidence
                .iter()
                .map(|e| format!("{}={:?}", e.key, e.answer))
                .collect();
            writeln!(
                out,
                "indicator {} {:?} {:?} {ev:?}",
                i.name, i.strength, i.status
            )
            .unwrap();
        }
        for d in &s.dimensions {
            writeln!(
                out,
                "dimension {} positive={} S{} M{} W{}",
                d.name, d.positive, d.strong, d.medium, d.weak
            )
            .unwrap();
        }
        writeln!(out, "determination: {:?}", s.determination).unwrap();
    }
    expect.assert_eq(&out);
}

#[test]
fn empty_interview() {
    check(
        "",
        "en",
        expect![[r#"
        consent acknowledge = - * | I have explained who we are and the respondent agrees to continue.
        case_code text = - * | Case code
        work/monthly_wage decimal = - | How much are you paid per month (baht)?
        work/documents_held select_one = - | Does the employer keep your documents? ["yes", "no"]
        work/deceived select_one = - | Is the job different from what you were promised? ["yes", "no"]
        work/debt select_one = - | Do you owe money to the employer or broker? ["yes", "no"]
        work/crew_count integer = - | How many crew members are on this boat?
        repeats: [("crew", 0, true), ("employers", 0, false)]
        missing: ["consent", "case_code"]
        required message case_code: Every interview needs a case code.
        calculated: ["days_here=NaN", "is_child=0", "summary=0/none/NaN/0/0"]
        progress: 0/7
        child: Absent route=Adult evidence=[]
        indicator deceived_about_job Some(Strong) NotAsked []
        indicator low_wage Some(Medium) NotAsked []
        indicator excessive_hours Some(Strong) Absent []
        indicator documents_confiscated Some(Strong) NotAsked []
        indicator debt_bondage Some(Strong) NotAsked []
        dimension d1 positive=false S0 M0 W0
        dimension d4 positive=false S0 M0 W0
        dimension d5 positive=false S0 M0 W0
        determination: Some("no_indicators")
    "#]],
    );
}

#[test]
fn adult_with_indicators_in_thai() {
    check(
        "
        consent = OK
        case_code = RN-042
        age = 34
        arrival = 2025-01-01
        country = mm
        province = yangon
        languages = my th
        monthly_wage = 2500
        documents_held = yes
        deceived = yes
        debt = yes
        crew_count = 2
        crew_name[1] = Ko Aung
        rest_hours[1] = 6
        crew_name[2] = Ko Min
        rest_hours[2] = 12
        employer_name[1] = Boss
        ",
        "th",
        expect![[r#"
            consent acknowledge = OK * | ได้อธิบายว่าเราเป็นใคร และผู้ให้ข้อมูลยินยอมที่จะดำเนินการต่อ
            case_code text = RN-042 * | รหัสกรณี
            person/age integer = 34 * | คุณอายุเท่าไร
            person/arrival date = 2025-01-01 | When did you arrive?
            person/interview_time time = - | Time of interview
            person/last_paid dateTime = - | When were you last paid?
            person/country select_one = mm | คุณมาจากประเทศใด ["mm", "kh", "la", "th"]
            person/province select_one = yangon | Province ["yangon", "mawlamyine"]
            person/languages select_multiple = my th | คุณพูดภาษาอะไรได้บ้าง RN-042 ["my", "th", "km", "lo", "none", "other"]
            work/monthly_wage decimal = 2500 | คุณได้รับค่าจ้างเดือนละเท่าไร (บาท)
            work/documents_held select_one = yes | Does the employer keep your documents? ["yes", "no"]
            work/deceived select_one = yes | Is the job different from what you were promised? ["yes", "no"]
            work/debt select_one = yes * | Do you owe money to the employer or broker? ["yes", "no"]
            work/crew_count integer = 2 | How many crew members are on this boat?
            work/crew/crew_name[1] text = Ko Aung | Name or nickname of crew member
            work/crew/crew_shift/rest_hours[1] integer = 6 | Hours of rest in the last 24 hours
            work/crew/crew_name[2] text = Ko Min | Name or nickname of crew member
            work/crew/crew_shift/rest_hours[2] integer = 12 | Hours of rest in the last 24 hours
            work/employers/employer_name[1] text = Boss | Employer name
            repeats: [("crew", 2, true), ("employers", 1, false)]
            missing: []
            calculated: ["days_here=161", "is_child=0", "short_rest[1]=1", "short_rest[2]=0", "summary=6/2500/83.3/2/1"]
            progress: 17/19
            child: Absent route=Adult evidence=[]
            indicator deceived_about_job Some(Strong) Present ["deceived=Value(\"yes\")"]
            indicator low_wage Some(Medium) Present ["monthly_wage=Value(\"2500\")"]
            indicator excessive_hours Some(Strong) Present ["rest_hours[1]=Value(\"6\")"]
            indicator documents_confiscated Some(Strong) Present ["documents_held=Value(\"yes\")"]
            indicator debt_bondage Some(Strong) Present ["debt=Value(\"yes\")"]
            dimension d1 positive=false S1 M0 W0
            dimension d4 positive=true S1 M1 W0
            dimension d5 positive=true S2 M0 W0
            determination: Some("labour_rights_violations")
        "#]],
    );
}

#[test]
fn child_route_dont_know_and_failures() {
    check(
        "
        consent = OK
        case_code = bad
        age = ?dk
        arrival = 2030-01-01
        country = th
        province = yangon
        languages = none my
        monthly_wage = ?pna
        documents_held = no
        deceived = ?dk
        crew_count = 1
        rest_hours[1] = 30
        employers = #2
        ",
        "en",
        expect![[r#"
            consent acknowledge = OK * | I have explained who we are and the respondent agrees to continue.
            case_code text = bad * | Case code
            person/age integer = DK * | How old are you?
            person/arrival date = 2030-01-01 | When did you arrive?
            person/interview_time time = - | Time of interview
            person/last_paid dateTime = - | When were you last paid?
            person/country select_one = th | Which country are you from? ["mm", "kh", "la", "th"]
            person/province select_one = yangon | Province ["ranong", "songkhla", "tak"]
            person/languages select_multiple = none my | Which languages do you speak, bad? ["my", "th", "km", "lo", "none", "other"]
            work/monthly_wage decimal = PNA | How much are you paid per month (baht)?
            work/documents_held select_one = no | Does the employer keep your documents? ["yes", "no"]
            work/deceived select_one = DK | Is the job different from what you were promised? ["yes", "no"]
            work/debt select_one = - | Do you owe money to the employer or broker? ["yes", "no"]
            work/crew_count integer = 1 | How many crew members are on this boat?
            work/crew/crew_name[1] text = - | Name or nickname of crew member
            work/crew/crew_shift/rest_hours[1] integer = 30 | Hours of rest in the last 24 hours
            work/employers/employer_name[1] text = - | Employer name
            work/employers/employer_name[2] text = - | Employer name
            repeats: [("crew", 1, true), ("employers", 2, false)]
            missing: []
            constraint case_code: Some("The case code looks like RN-042.") / forms-constraint-failed(constraint="regex(., '^[A-Z]{2}-[0-9]{3}$')")
            constraint arrival: None / forms-constraint-failed(constraint=". <= today()")
            constraint languages: None / forms-constraint-failed(constraint="count-selected(.) <= 3 and not(selected(., 'none') and count-selected(.) > 1)")
            constraint rest_hours[1]: None / forms-constraint-failed(constraint=". >= 0 and . <= 24")
            invalid province: forms-answer-not-a-choice(value="yangon")
            calculated: ["days_here=-1665", "is_child=0", "short_rest[1]=0", "summary=3/none/NaN/1/0"]
            progress: 12/18
            child: Declined route=Child evidence=["age"]
            indicator deceived_about_job Some(Strong) Declined ["deceived=DontKnow"]
            indicator low_wage Some(Medium) Declined ["monthly_wage=PreferNotToAnswer"]
            indicator excessive_hours Some(Strong) Absent []
            indicator documents_confiscated Some(Strong) Absent []
            indicator debt_bondage Some(Strong) NotAsked []
            dimension d1 positive=false S0 M0 W0
            dimension d4 positive=false S0 M0 W0
            dimension d5 positive=false S0 M0 W0
            determination: Some("no_indicators")
        "#]],
    );
}

#[test]
fn consent_refused_hides_everything_else() {
    check(
        "
        case_code = RN-001
        consent = ?dk
        ",
        "my",
        expect![[r#"
            consent acknowledge = DK * | I have explained who we are and the respondent agrees to continue.
            case_code text = RN-001 * | Case code
            work/monthly_wage decimal = - | How much are you paid per month (baht)?
            work/documents_held select_one = - | Does the employer keep your documents? ["yes", "no"]
            work/deceived select_one = - | Is the job different from what you were promised? ["yes", "no"]
            work/debt select_one = - | Do you owe money to the employer or broker? ["yes", "no"]
            work/crew_count integer = - | How many crew members are on this boat?
            repeats: [("crew", 0, true), ("employers", 0, false)]
            missing: []
            invalid consent: forms-answer-dont-know-not-allowed
            calculated: ["days_here=NaN", "is_child=0", "summary=6/none/NaN/0/0"]
            progress: 2/7
            child: Absent route=Adult evidence=[]
            indicator deceived_about_job Some(Strong) NotAsked []
            indicator low_wage Some(Medium) NotAsked []
            indicator excessive_hours Some(Strong) Absent []
            indicator documents_confiscated Some(Strong) NotAsked []
            indicator debt_bondage Some(Strong) NotAsked []
            dimension d1 positive=false S0 M0 W0
            dimension d4 positive=false S0 M0 W0
            dimension d5 positive=false S0 M0 W0
            determination: Some("no_indicators")
        "#]],
    );
}

fn indicator_evidence(ev: &forms::Evaluation, name: &str) -> (forms::nav::Status, Vec<String>) {
    let s = ev.scoring.as_ref().unwrap();
    let i = s.indicators.iter().find(|i| i.name == name).unwrap();
    (
        i.status,
        i.evidence.iter().map(|e| e.key.to_string()).collect(),
    )
}

#[test]
fn evidence_in_a_repeat_names_the_instance_that_raised_it() {
    let q = screening();
    let today = Date::parse("2025-06-11").unwrap();
    let mut a = Answers::new();
    for (k, v) in [
        ("consent", "OK"),
        ("case_code", "RN-042"),
        ("age", "34"),
        ("crew_count", "3"),
        ("crew_name[1]", "Ko Aung"),
        ("rest_hours[1]", "12"),
        ("crew_name[2]", "Ko Min"),
        ("rest_hours[2]", "6"),
        ("crew_name[3]", "Ko Thet"),
        ("rest_hours[3]", "14"),
    ] {
        a.set(k.parse().unwrap(), Answer::Value(v.into()));
    }
    // Only the crew member with short rest hours raised `excessive_hours`.
    let ev = forms::evaluate(&q, &a, today, "en");
    assert_eq!(
        indicator_evidence(&ev, "excessive_hours"),
        (
            forms::nav::Status::Present,
            vec!["rest_hours[2]".to_string()]
        )
    );
    // Two of three: both of them, still not the third.
    a.set("rest_hours[3]".parse().unwrap(), Answer::Value("4".into()));
    let ev = forms::evaluate(&q, &a, today, "en");
    assert_eq!(
        indicator_evidence(&ev, "excessive_hours"),
        (
            forms::nav::Status::Present,
            vec!["rest_hours[2]".to_string(), "rest_hours[3]".to_string()]
        )
    );
    // Nobody: absent, no evidence.
    for i in 1..=3 {
        a.set(
            AnswerKey::at("rest_hours", &[i]),
            Answer::Value("11".into()),
        );
    }
    let ev = forms::evaluate(&q, &a, today, "en");
    assert_eq!(
        indicator_evidence(&ev, "excessive_hours"),
        (forms::nav::Status::Absent, vec![])
    );
}

#[test]
fn evidence_in_a_repeat_mixed_and_aggregate_expressions() {
    let q = forms::load_folder(&common::fixture(
        r#"//- questionnaire.toml
id = "t"
version = "1"
default_language = "en"

[[survey]]
type = "select_one yn"
name = "recruited_by_broker"

[[survey]]
type = "begin_repeat"
name = "job"

[[survey]]
type = "select_one yn"
name = "paid"

[[survey]]
type = "integer"
name = "hours"

[[survey]]
type = "end_repeat"

[choices]
yn = [{ name = "yes" }, { name = "no" }]

[scoring]
[[scoring.indicators]]
name = "unpaid_after_broker"
expression = "${recruited_by_broker} = 'yes' and ${paid} = 'no'"

[[scoring.indicators]]
name = "many_jobs"
expression = "count(${hours}) >= 3"

[[scoring.indicators]]
name = "long_week"
expression = "sum(${hours}) > 100"
//- translations/en.ftl
recruited_by_broker = Recruited by a broker?
paid = Paid for this job?
hours = Hours per week
"#,
    ))
    .unwrap();
    let mut a = Answers::new();
    a.set_value("recruited_by_broker", "yes");
    for (i, paid, hours) in [(1, "yes", "40"), (2, "no", "50"), (3, "yes", "30")] {
        a.set(AnswerKey::at("paid", &[i]), Answer::Value(paid.into()));
        a.set(AnswerKey::at("hours", &[i]), Answer::Value(hours.into()));
    }
    a.set_repeat_count(AnswerKey::new("job"), 3);
    let ev = forms::evaluate(&q, &a, Date::parse("2025-06-11").unwrap(), "en");
    let present = forms::nav::Status::Present;
    // The answer outside the repeat, and the one job that was not paid.
    assert_eq!(
        indicator_evidence(&ev, "unpaid_after_broker"),
        (
            present,
            vec!["recruited_by_broker".to_string(), "paid[2]".to_string()]
        )
    );
    // Only all jobs together raise these: every job is evidence.
    let all = vec![
        "hours[1]".to_string(),
        "hours[2]".to_string(),
        "hours[3]".to_string(),
    ];
    assert_eq!(indicator_evidence(&ev, "many_jobs"), (present, all.clone()));
    assert_eq!(indicator_evidence(&ev, "long_week"), (present, all));
}

/// The evidence is what raised the indicator, never what a person said
/// against it: of `a or b` with b answered "no", a alone; through a
/// calculation that is itself an `or`, the same.
#[test]
fn evidence_names_only_the_answers_that_raised_the_indicator() {
    let q = forms::load_folder(&common::fixture(
        r#"//- questionnaire.toml
id = "t"
version = "1"
default_language = "en"

[[survey]]
type = "select_one yn"
name = "threatened"

[[survey]]
type = "select_one yn"
name = "locked_in"

[[survey]]
type = "select_one yn"
name = "hit"

[[survey]]
type = "calculate"
name = "violence"
calculation = "${hit} = 'yes' or ${threatened} = 'yes'"

[choices]
yn = [{ name = "yes" }, { name = "no" }]

[scoring]
[[scoring.indicators]]
name = "coercion"
expression = "${threatened} = 'yes' or ${locked_in} = 'yes'"

[[scoring.indicators]]
name = "coercion_and_confinement"
expression = "${threatened} = 'yes' and ${locked_in} = 'no'"

[[scoring.indicators]]
name = "violence_or_confinement"
expression = "${violence} or ${locked_in} = 'yes'"
//- translations/en.ftl
threatened = Threatened?
locked_in = Locked in?
hit = Hit?
"#,
    ))
    .unwrap();
    let mut a = Answers::new();
    a.set_value("threatened", "yes");
    a.set_value("locked_in", "no");
    a.set_value("hit", "no");
    let today = Date::parse("2025-06-11").unwrap();
    let ev = forms::evaluate(&q, &a, today, "en");
    let present = forms::nav::Status::Present;
    assert_eq!(
        indicator_evidence(&ev, "coercion"),
        (present, vec!["threatened".to_string()])
    );
    // An `and` needs both: both are its evidence.
    assert_eq!(
        indicator_evidence(&ev, "coercion_and_confinement"),
        (
            present,
            vec!["threatened".to_string(), "locked_in".to_string()]
        )
    );
    // Through the calculation: "threatened", not "hit: no" nor "locked in: no".
    assert_eq!(
        indicator_evidence(&ev, "violence_or_confinement"),
        (present, vec!["threatened".to_string()])
    );
    // Both alternatives hold: both are evidence.
    a.set_value("locked_in", "yes");
    let ev = forms::evaluate(&q, &a, today, "en");
    assert_eq!(
        indicator_evidence(&ev, "coercion"),
        (
            present,
            vec!["threatened".to_string(), "locked_in".to_string()]
        )
    );
}

#[test]
fn cycles_evaluate_to_empty_instead_of_looping() {
    let q = forms::load_folder(&common::fixture(
        r#"//- questionnaire.toml
id = "t"
version = "1"
default_language = "en"

[[survey]]
type = "calculate"
name = "a"
calculation = "concat('a', ${b})"

[[survey]]
type = "calculate"
name = "b"
calculation = "concat('b', ${a})"

[[survey]]
type = "integer"
name = "q"
relevant = "${q} > 1 or ${c} = 'c'"

[[survey]]
type = "calculate"
name = "c"
calculation = "'c'"

[[survey]]
type = "begin_repeat"
name = "r"

[[survey]]
type = "calculate"
name = "s"
calculation = "concat('s', ${s})"

[[survey]]
type = "integer"
name = "x"
relevant = "${x} != 1"

[[survey]]
type = "end_repeat"
//- translations/en.ftl
q = Q
x = X
"#,
    ))
    .unwrap();
    let mut a = Answers::new();
    a.set_value("q", "5");
    a.set(AnswerKey::at("x", &[1]), Answer::Value("1".into()));
    a.set(AnswerKey::at("x", &[2]), Answer::Value("2".into()));
    let nav = forms::navigate(&q, &a, Date::parse("2025-06-11").unwrap(), "en");
    let items: Vec<String> = nav
        .items
        .iter()
        .map(|i| format!("{}={:?}", i.key, i.answer))
        .collect();
    let calculated: Vec<String> = nav
        .calculated
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    expect![[r#"
        ["q=Value(\"5\")", "x[1]=Value(\"1\")", "x[2]=Value(\"2\")"]
        ["a=ab", "b=b", "c=c", "s[1]=s", "s[2]=s"]
    "#]]
    .assert_eq(&format!("{items:?}\n{calculated:?}\n"));
}

/// A questionnaire with two indicators, one outcome that claims absence,
/// and a declared flag that counts answered questions.
const FLAGGED: &str = r#"//- questionnaire.toml
id = "t"
version = "1"
default_language = "en"

[[survey]]
type = "select_one yn"
name = "hit"

[[survey]]
type = "select_one yn"
name = "watched"

[[survey]]
type = "select_one yn"
name = "paid"

[[survey]]
type = "calculate"
name = "answered"
calculation = "if(string-length(${hit}) > 0, 1, 0) + if(string-length(${watched}) > 0, 1, 0) + if(string-length(${paid}) > 0, 1, 0)"

[choices]
yn = [{ name = "yes" }, { name = "no" }]

[scoring]

[[scoring.indicators]]
name = "violence"
expression = "${hit} = 'yes'"

[[scoring.indicators]]
name = "surveillance"
expression = "${watched} = 'yes'"

[[scoring.outcomes]]
name = "review"
when = "${violence} or ${surveillance}"

[[scoring.outcomes]]
name = "no_indicators"
when = "true()"

[[scoring.flags]]
name = "few_answers"
when = "${answered} < 2"

[[scoring.flags]]
name = "violence_reported"
when = "${violence}"
//- translations/en.ftl
hit = Hit?
watched = Watched?
paid = Paid?
yn--yes = Yes
yn--no = No
indicator--violence = Violence
indicator--surveillance = Surveillance
outcome--review = Review
outcome--no_indicators = None found
flag--few_answers = Only { $answered } of 3 questions answered.
flag--violence_reported = Violence reported.
"#;

fn flagged(answers: &[(&str, Option<&str>)]) -> forms::ScoringResult {
    let q = forms::load_folder(&common::fixture(FLAGGED)).unwrap();
    let mut a = Answers::new();
    for (k, v) in answers {
        match v {
            Some(v) => a.set_value(k, v),
            None => a.set(AnswerKey::new(*k), Answer::PreferNotToAnswer),
        }
    }
    forms::score(&q, &a, Date::parse("2025-06-11").unwrap()).unwrap()
}

fn flags(r: &forms::ScoringResult) -> Vec<String> {
    r.flags
        .iter()
        .map(|f| format!("{} {:?}", f.name, f.values))
        .collect()
}

#[test]
fn a_flag_is_a_note_beside_the_determination_never_instead_of_it() {
    // A person says they were hit, then declines the rest: the determination
    // still shows the indicator ("review"), and "few answers" stands beside it
    // with the count its condition read.
    let r = flagged(&[("hit", Some("yes")), ("watched", None), ("paid", None)]);
    assert_eq!(r.determination.as_deref(), Some("review"));
    expect![[r#"
        [
            "few_answers {\"answered\": \"1\"}",
            "violence_reported {\"violence\": \"true\"}",
        ]
    "#]]
    .assert_debug_eq(&flags(&r));
    // Enough answers: no flag about them; the determination is unchanged.
    let r = flagged(&[
        ("hit", Some("yes")),
        ("watched", Some("no")),
        ("paid", Some("no")),
    ]);
    assert_eq!(r.determination.as_deref(), Some("review"));
    assert_eq!(flags(&r), ["violence_reported {\"violence\": \"true\"}"]);
    // Nothing answered: "none found" with the note that says why it may be so.
    let r = flagged(&[]);
    assert_eq!(r.determination.as_deref(), Some("no_indicators"));
    assert_eq!(flags(&r), ["few_answers {\"answered\": \"0\"}"]);
}

#[test]
fn flags_are_checked_like_outcomes_when_loading() {
    // An unknown name in a flag's condition, a duplicate flag and a flag
    // without a label id clash are diagnostics, not a silent drop.
    let broken = FLAGGED
        .replace("${answered} < 2", "${nowhere} < 2")
        .replace("name = \"violence_reported\"", "name = \"few_answers\"");
    let err = forms::load_folder(&common::fixture(&broken)).unwrap_err();
    let ids: Vec<&str> = err.0.iter().map(|d| d.message.id).collect();
    assert!(ids.contains(&"forms-ref-unknown"), "{ids:?}");
    assert!(ids.contains(&"forms-name-duplicate"), "{ids:?}");
    // A translation for a flag that is not declared is an unknown id.
    let stray = FLAGGED.replace(
        "flag--violence_reported = Violence reported.",
        "flag--violence_reported = Violence reported.\nflag--stray = Stray.",
    );
    let err = forms::load_folder(&common::fixture(&stray)).unwrap_err();
    assert!(
        err.0.iter().any(|d| d.message.id == "forms-ftl-unknown-id"),
        "{err:?}"
    );
}

/// A list with the same name twice (`allow_choice_duplicates`), told apart by
/// a `choice_filter`: the question offers the choices of the province
/// answered, an answer reads as the label of the choice its filter offered,
/// and scoring reads the value as written.
#[test]
fn duplicate_choice_names_follow_the_choice_filter() {
    let src =
        std::fs::read_to_string(common::corpus().join("cases/choice_duplicates_allowed.case"))
            .unwrap();
    let q = forms::load_folder(&common::fixture(&src)).unwrap();
    let today = Date::parse("2025-06-11").unwrap();
    let district = AnswerKey::new("district");
    let mut out = String::new();
    for province in ["ranong", "satun"] {
        let mut a = Answers::new();
        a.set_value("province", province);
        a.set_value("district", "mueang");
        let ev = forms::evaluate(&q, &a, today, "en");
        let item = ev
            .navigation
            .items
            .iter()
            .find(|i| i.key == district)
            .unwrap();
        let offered: Vec<String> = item
            .choices
            .iter()
            .map(|c| format!("{}={}", c.value, c.label))
            .collect();
        let invalid: Vec<String> = ev
            .navigation
            .invalid
            .iter()
            .map(|i| i.message.to_string())
            .collect();
        writeln!(
            out,
            "{province}: offered {offered:?}; answer reads {:?}; invalid {invalid:?}; determination {:?}",
            forms::nav::choice_label(&q, &a, today, &district, "mueang", "en"),
            ev.scoring.and_then(|s| s.determination),
        )
        .unwrap();
    }
    // Not offered by the filter (no province yet): the first choice of that name.
    let mut a = Answers::new();
    a.set_value("district", "mueang");
    writeln!(
        out,
        "no province: answer reads {:?}; unknown value {:?}",
        forms::nav::choice_label(&q, &a, today, &district, "mueang", "en"),
        forms::nav::choice_label(&q, &a, today, &district, "nowhere", "en"),
    )
    .unwrap();
    expect![[r#"
        ranong: offered ["mueang=Mueang Ranong", "kapoe=Kapoe"]; answer reads Some("Mueang Ranong"); invalid []; determination None
        satun: offered ["mueang=Mueang Satun"]; answer reads Some("Mueang Satun"); invalid []; determination Some("refer_satun")
        no province: answer reads Some("Mueang Ranong"); unknown value None
    "#]].assert_eq(&out);
}

/// `interviewer_only` on a group reaches every question in it (a row may
/// say no), and the navigation carries it; without it nothing is.
#[test]
fn interviewer_only_on_a_group_reaches_its_questions() {
    let mut files = common::read_dir(&common::corpus().join("native/screening"));
    let toml = String::from_utf8(files["questionnaire.toml"].clone()).unwrap();
    assert!(!screening().nodes.iter().any(|n| n.interviewer_only));
    let marked = toml.replacen(
        "type = \"begin_group\"\nname = \"person\"\n",
        "type = \"begin_group\"\nname = \"person\"\ninterviewer_only = true\n",
        1,
    );
    assert_ne!(marked, toml, "the corpus has the person group");
    files.insert("questionnaire.toml".into(), marked.into_bytes());
    let q = forms::load_folder(&files).unwrap();
    let group = q.nodes.iter().position(|n| n.name == "person").unwrap();
    assert!(q.nodes[group].interviewer_only);
    assert!(!q.nodes[group].children.is_empty());
    for &c in &q.nodes[group].children {
        assert!(q.nodes[c].interviewer_only, "{}", q.nodes[c].name);
    }
    assert!(
        q.nodes
            .iter()
            .any(|n| n.question_type().is_some() && !n.interviewer_only),
        "questions outside the group stay the respondent's"
    );
    let mut a = Answers::new();
    a.set("consent".parse().unwrap(), Answer::Value("OK".into()));
    let ev = forms::evaluate(&q, &a, Date::parse("2025-06-11").unwrap(), "en");
    let inside: Vec<_> = ev
        .navigation
        .items
        .iter()
        .filter(|it| it.group.starts_with("person"))
        .collect();
    assert!(!inside.is_empty() && inside.iter().all(|it| it.interviewer_only));
}

/// An indicator belongs to its own instrument, else to its dimension's;
/// the instruments' labels are the questionnaire's `instrument--<name>`.
#[test]
fn an_indicator_names_its_instrument_or_takes_its_dimensions() {
    let q = forms::load_folder(&common::fixture(
        r#"//- questionnaire.toml
id = "t"
version = "1"
default_language = "en"

[[survey]]
type = "select_one yn"
name = "paid"

[choices]
yn = [{ name = "yes" }, { name = "no" }]

[scoring]
[[scoring.dimensions]]
name = "d4"
rule = "any"
instrument = "delphi"

[[scoring.indicators]]
name = "ilo_wages"
instrument = "ilo"
expression = "${paid} = 'no'"

[[scoring.indicators]]
name = "d4_pay"
dimension = "d4"
expression = "${paid} = 'no'"

[[scoring.indicators]]
name = "loose"
expression = "${paid} = 'yes'"
//- translations/en.ftl
paid = Paid?
instrument--ilo = ILO indicators of forced labour
instrument--delphi = ILO/EC operational indicators
"#,
    ))
    .unwrap();
    let s = q.scoring.as_ref().unwrap();
    let of: Vec<(&str, Option<&str>)> = s
        .indicators
        .iter()
        .map(|i| (i.name.as_str(), i.instrument.as_deref()))
        .collect();
    assert_eq!(
        of,
        [
            ("ilo_wages", Some("ilo")),
            ("d4_pay", Some("delphi")),
            ("loose", None)
        ]
    );
    let label = |n: &str| {
        q.scoring_label("instrument", n, "en")
            .map(|t| t.render(&mut |_| String::new()))
    };
    assert_eq!(
        label("delphi").as_deref(),
        Some("ILO/EC operational indicators")
    );
    assert_eq!(
        label("ilo").as_deref(),
        Some("ILO indicators of forced labour")
    );
}
