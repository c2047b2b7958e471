//! Issue 16, point by point: each scenario's expected result is derived by
//! hand from the rule text in `docs/screening-rules.md` (the derivation is the
//! comment), then run through the real scoring of the shipped questionnaire,
//! for adults and, where the rule differs, for children. Then the properties
//! that hold for every answer set: declining questions never removes an
//! indicator nor turns a result with indicators into one without, and every
//! result with indicators suggests a referral.

use std::collections::BTreeSet;

use forms::model::{NodeKind, QuestionType, Strength};
use forms::nav::{RouteTaken, ScoringResult};
use forms::{Answer, AnswerKey, Answers, Questionnaire};
use proptest::prelude::*;

use super::{
    Case, FISHING, SCREENING, crew_benign, expect, load, positive, present, screening_benign, today,
};

/// Each shipped questionnaire, loaded once for the property tests.
fn cached(name: &str) -> &'static Questionnaire {
    static SCREENING_Q: std::sync::OnceLock<Questionnaire> = std::sync::OnceLock::new();
    static FISHING_Q: std::sync::OnceLock<Questionnaire> = std::sync::OnceLock::new();
    let cell = if name == FISHING {
        &FISHING_Q
    } else {
        &SCREENING_Q
    };
    cell.get_or_init(|| load(name))
}

/// Indicators that show an element but are no sign of exploitation alone
/// (`review` does not rest on them; docs/screening-rules.md §6).
const NEUTRAL: &[&str] = &["palermo_act"];

/// Present indicators that a result has to account for.
fn telling(r: &ScoringResult) -> BTreeSet<String> {
    present(r)
        .into_iter()
        .filter(|i| !NEUTRAL.contains(&i.as_str()))
        .collect()
}

fn referrals(q: &Questionnaire, outcome: &str) -> Vec<String> {
    q.settings
        .extra
        .get(&format!("referrals.{outcome}"))
        .map(|r| r.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

fn flag_count(r: &ScoringResult) -> Option<String> {
    r.flags
        .iter()
        .find(|f| f.name == "few_answers")
        .and_then(|f| f.values.get("answered_core").cloned())
}

fn strength(r: &ScoringResult, name: &str) -> Option<Strength> {
    r.indicators
        .iter()
        .find(|i| i.name == name)
        .and_then(|i| i.strength)
}

// ------------------------------------------------------- point 1

#[test]
fn p01_declining_the_rest_never_hides_what_was_said() {
    // A person says they were hit at work (violence_you: d5_violence S,
    // coe_threats, ilo_violence, palermo_means) and are watched (watched:
    // d5_confinement S, coe_movement, ilo_movement), then declines the other
    // 14 core questions. D5: S=2 => positive. ICLS: coercion yes,
    // involuntariness none => no forced labour. Adult rule: no D1-D3, no D4
    // => no. labour_rights: non-labour indicators present => no. So the first
    // outcome that holds is "review" (referrals: labour complaint, worker
    // organisation), and beside it the flag few_answers with the count:
    // 2 core questions answered (< 8).
    let q = load(SCREENING);
    let mut c = super::screening_base(&q)
        .set("violence_you", "yes")
        .set("watched", "yes");
    for n in [
        "job_different",
        "conditions_different",
        "forced_recruit",
        "recruit_violence",
        "hours_day",
        "pay",
        "pay_withheld",
        "debt",
        "docs_holder",
        "free_to_leave",
        "go_out",
        "contact_family",
        "threats",
        "living",
    ] {
        c = c.decline(n);
    }
    let r = c.score();
    expect(
        &r,
        "review",
        RouteTaken::Adult,
        &["d5", "icls_coercion"],
        &[
            "d5_violence",
            "d5_confinement",
            "coe_threats",
            "ilo_violence",
        ],
        &[],
    );
    assert_eq!(flag_count(&r).as_deref(), Some("2"));
    assert!(!referrals(&q, "review").is_empty());
    // A child (15) with the same answers: child route first => "child_at_risk"
    // (no act, no D4), the indicators and the flag are the same.
    let r = c.set("age", "15").score();
    expect(
        &r,
        "child_at_risk",
        RouteTaken::Child,
        &["d5", "icls_coercion"],
        &["d5_violence", "d5_confinement"],
        &[],
    );
    assert_eq!(flag_count(&r).as_deref(), Some("2"));
}

// ------------------------------------------------------- point 2

#[test]
fn p02_not_free_to_leave_alone_is_not_no_indicators() {
    // free_to_leave = no: ICLS involuntariness "no freedom to end the work"
    // (inv_cannot_quit) and palermo_purpose. No coercion => no forced labour;
    // no ILO/EC rule. A non-labour indicator is present => "review", never
    // "no_indicators". The same in the fishing crew interview.
    for (name, base) in [
        (SCREENING, screening_benign as fn(&Questionnaire) -> Case),
        (FISHING, crew_benign),
    ] {
        let q = load(name);
        let r = base(&q).set("free_to_leave", "no").score();
        expect(
            &r,
            "review",
            RouteTaken::Adult,
            &["icls_involuntary"],
            &["inv_cannot_quit", "palermo_purpose"],
            &[],
        );
    }
}

// ------------------------------------------------------- point 3

#[test]
fn p03_icls_coercion_counts_overtime_penalties_and_recruitment() {
    // (a) forced_overtime = yes ("punished, fined or threatened if you refuse
    // extra hours"): involuntary (inv_overtime: overtime not agreed) and the
    // menace of a penalty (coe_overtime; ILO 2025: penalties for refusing
    // extra hours) => "forced_labour".
    let q = load(SCREENING);
    let r = screening_benign(&q).set("forced_overtime", "yes").score();
    expect(
        &r,
        "forced_labour",
        RouteTaken::Adult,
        &["icls_involuntary", "icls_coercion"],
        &["inv_overtime", "coe_overtime", "ilo_overtime"],
        &[],
    );
    // (b) job different (inv_job) and threats on the way (coe_recruitment:
    // ICLS counts coercion at recruitment). D1: d1_job S alone, D2: d2_threats
    // M alone => neither positive => "forced_labour".
    let r = screening_benign(&q)
        .set("job_different", "yes")
        .set("recruit_threats", "yes")
        .score();
    expect(
        &r,
        "forced_labour",
        RouteTaken::Adult,
        &["icls_involuntary", "icls_coercion"],
        &["inv_job", "coe_recruitment", "d2_threats"],
        &[],
    );
    // The same for a fisher.
    let q = load(FISHING);
    let r = crew_benign(&q)
        .set("job_different", "yes")
        .set("recruit_violence", "yes")
        .score();
    expect(
        &r,
        "forced_labour",
        RouteTaken::Adult,
        &["icls_involuntary", "icls_coercion"],
        &["inv_job", "coe_recruitment", "d2_violence"],
        &[],
    );
}

// ------------------------------------------------------- point 4

#[test]
fn p04_abuse_of_vulnerability_and_contract_substitution_are_means() {
    // D3: no money, family debts, cannot read, and the recruiter used them
    // (recruit_used) => d3_economic, d3_family, d3_language: M=3 => positive.
    // D4: 14 hours (S) + crowded (M) => positive. No D5/D6 => no trafficking;
    // no ICLS pair. palermo_means holds (abuse of a position of
    // vulnerability), and D3 indicators are not labour-rights indicators =>
    // not "labour_rights" but "review".
    let q = load(SCREENING);
    let r = screening_benign(&q)
        .set("recruit_reasons", "no_money family_debt cannot_read")
        .set("recruit_used", "yes")
        .set("hours_day", "14")
        .set("living", "crowded")
        .score();
    expect(
        &r,
        "review",
        RouteTaken::Adult,
        &["d3", "d4"],
        &["palermo_means", "d3_economic", "d4_hours"],
        &[],
    );
    // Contract substitution (contract_changed): deception (d1_contract M,
    // palermo_means, ilo_deception) and terms worse than agreed (inv_terms).
    // Alone: no rule => "review".
    let r = screening_benign(&q).set("contract_changed", "yes").score();
    expect(
        &r,
        "review",
        RouteTaken::Adult,
        &["icls_involuntary"],
        &["palermo_means", "d1_contract", "inv_terms", "ilo_deception"],
        &[],
    );
}

// ------------------------------------------------------- point 5

#[test]
fn p05_deception_about_wages_conditions_and_housing_counts_three_times() {
    // Three questions, three ILO/EC D1 medium indicators: d1_wages,
    // d1_conditions, d1_housing => M=3 => D1 positive. D4: 14 hours (S) + pay
    // less (M) => positive. ICLS: involuntary (inv_terms, inv_pay), no
    // coercion. D1 && D4 => "deception_exploitation".
    let q = load(SCREENING);
    let r = screening_benign(&q)
        .set("wages_different", "yes")
        .set("conditions_different", "yes")
        .set("housing_different", "yes")
        .set("hours_day", "14")
        .set("pay", "less")
        .score();
    expect(
        &r,
        "deception_exploitation",
        RouteTaken::Adult,
        &["d1", "d4", "icls_involuntary"],
        &["d1_wages", "d1_conditions", "d1_housing", "inv_terms"],
        &[],
    );
    // One of them alone: D1 M=1, not positive => "review".
    let r = screening_benign(&q).set("wages_different", "yes").score();
    assert!(!positive(&r).contains("d1"));
    assert_eq!(r.determination.as_deref(), Some("review"));
}

// ------------------------------------------------------- point 6

#[test]
fn p06_adults_are_asked_about_education_too() {
    // Adults (30) are asked both questions. promised_school = yes:
    // d1_education, adult weight W; with d1_wages M and d1_conditions M:
    // M=2 + W=1 => D1 positive. school = no: d4_education W for an adult.
    let q = load(SCREENING);
    let c = screening_benign(&q)
        .set("promised_school", "yes")
        .set("wages_different", "yes")
        .set("conditions_different", "yes")
        .set("school", "no");
    let nav = forms::navigate(&q, &c.a, today(), "en");
    for n in ["promised_school", "school"] {
        assert!(
            nav.items.iter().any(|i| i.key.name == n),
            "{n} is asked of adults"
        );
    }
    let r = c.score();
    assert_eq!(strength(&r, "d1_education"), Some(Strength::Weak));
    assert_eq!(strength(&r, "d4_education"), Some(Strength::Weak));
    assert!(positive(&r).contains("d1"), "{:?}", positive(&r));
    // A child (15): d1_education is strong, so with d1_wages (M) alone D1 is
    // positive (S=1 + M=1); d4_education is medium.
    let r = screening_benign(&q)
        .set("age", "15")
        .set("promised_school", "yes")
        .set("wages_different", "yes")
        .set("school", "no")
        .score();
    assert_eq!(r.route, RouteTaken::Child);
    assert_eq!(strength(&r, "d1_education"), Some(Strength::Strong));
    assert_eq!(strength(&r, "d4_education"), Some(Strength::Medium));
    assert!(positive(&r).contains("d1"), "{:?}", positive(&r));
}

// ------------------------------------------------------- point 7

#[test]
fn p07_a_vulnerability_counts_only_when_someone_abused_it() {
    // Poor, family debts, cannot read; 14 hours; crowded room; depends on the
    // employer, does not know the place, family depends on the pay — but
    // recruit_used = no and stay_used = no: nobody used these. ILO/EC D3 and
    // D6 are "abuse of ...": no D3, no D6 indicator; ilo_vulnerability absent.
    // D4 positive alone; only labour-rights indicators => "labour_rights".
    let q = load(SCREENING);
    let base = || {
        screening_benign(&q)
            .set("recruit_reasons", "no_money family_debt cannot_read")
            .set("hours_day", "14")
            .set("living", "crowded")
            .set("stay_reasons", "depend_employer unknown_place family")
    };
    let r = base()
        .set("recruit_used", "no")
        .set("stay_used", "no")
        .score();
    expect(
        &r,
        "labour_rights",
        RouteTaken::Adult,
        &["d4"],
        &["d4_hours", "d4_living"],
        &["ilo_vulnerability", "d3_economic", "d6_dependency"],
    );
    // Same answers, and both used: D3 M=3, D6 M=3, D4 => trafficking (s03).
    let r = base()
        .set("recruit_used", "yes")
        .set("stay_used", "yes")
        .score();
    assert_eq!(r.determination.as_deref(), Some("trafficking"));
}

// ------------------------------------------------------- point 8

#[test]
fn p08_a_fee_and_a_debt_are_not_debt_bondage_by_themselves() {
    // recruit_fee = yes and debt = yes, but the fee need not be worked off
    // before leaving (fee_bond = no), the debt does not grow and does not stop
    // the person leaving: no d2_debt, no ilo_debt, no coe_debt => nothing
    // raised => "no_indicators" (adult) / "child_at_risk" (child, 15).
    let q = load(SCREENING);
    let c = || {
        screening_benign(&q)
            .set("recruit_fee", "yes")
            .set("fee_bond", "no")
            .set("debt", "yes")
            .set("debt_grows", "no")
            .set("debt_cannot_leave", "no")
    };
    let r = c().score();
    expect(
        &r,
        "no_indicators",
        RouteTaken::Adult,
        &[],
        &[],
        &["d2_debt", "ilo_debt", "coe_debt"],
    );
    let r = c().set("age", "15").score();
    expect(
        &r,
        "child_at_risk",
        RouteTaken::Child,
        &[],
        &[],
        &["d2_debt"],
    );
    // fee_bond = yes: debt bondage from recruitment: d2_debt (adult M, child
    // S), ilo_debt, coe_debt. Adult: coercion without involuntariness, D2 M=1
    // => "review".
    let r = c().set("fee_bond", "yes").score();
    expect(
        &r,
        "review",
        RouteTaken::Adult,
        &["icls_coercion"],
        &["d2_debt", "ilo_debt", "coe_debt"],
        &[],
    );
    assert_eq!(strength(&r, "d2_debt"), Some(Strength::Medium));
    let r = c().set("fee_bond", "yes").set("age", "15").score();
    assert_eq!(strength(&r, "d2_debt"), Some(Strength::Strong));
    // On a fishing boat any fee charged to the fisher is still a law finding
    // (C188 art. 22): law_recruitment_fee alone => "labour_rights".
    let q = load(FISHING);
    let r = crew_benign(&q)
        .set("recruit_fee", "yes")
        .set("fee_bond", "no")
        .score();
    expect(
        &r,
        "labour_rights",
        RouteTaken::Adult,
        &[],
        &["law_recruitment_fee"],
        &["d2_debt"],
    );
}

// ------------------------------------------------------- point 9

#[test]
fn p09_migrant_status_pay_records_contract_terms_and_recruiters() {
    let q = load(SCREENING);
    // (a) A migrant (Myanmar) threatened with the police: abuse of migrant
    // status (ilo_vulnerability, ILO 2025), threat of denunciation
    // (d5_denunciation M), coercion (coe_threats, coe_vulnerability). A Thai
    // national with valid papers and the same threat: no ilo_vulnerability.
    let r = screening_benign(&q)
        .set("nationality", "mm")
        .set("threats", "police")
        .score();
    for i in ["ilo_vulnerability", "d5_denunciation", "coe_vulnerability"] {
        assert!(present(&r).contains(i), "{i}: {:?}", present(&r));
    }
    let r = screening_benign(&q)
        .set("nationality", "th")
        .set("threats", "police")
        .score();
    assert!(!present(&r).contains("ilo_vulnerability"));
    // (b) Falsified pay records: withholding/manipulation of wages (ilo_wages,
    // d4_wage_manipulation M): labour-rights indicators only => "labour_rights".
    let r = screening_benign(&q).set("pay_records_false", "yes").score();
    expect(
        &r,
        "labour_rights",
        RouteTaken::Adult,
        &[],
        &["ilo_wages", "d4_wage_manipulation"],
        &[],
    );
    // (c) Terms not explained: deception (ilo_deception, ILO 2025: unclear
    // terms) => "review".
    let r = screening_benign(&q).set("contract_clear", "no").score();
    expect(
        &r,
        "review",
        RouteTaken::Adult,
        &[],
        &["ilo_deception"],
        &[],
    );
    // (d) A broker who took the papers, kept the person locked in and kept
    // their money on the way: d2_documents, d2_confinement, d2_money, each M
    // => D2 M=3 positive; coercion at recruitment (coe_recruitment); no
    // involuntariness => "review".
    let r = screening_benign(&q)
        .set("recruited_by", "broker")
        .set("recruiter_acts", "took_documents confined kept_money")
        .score();
    expect(
        &r,
        "review",
        RouteTaken::Adult,
        &["d2", "icls_coercion"],
        &[
            "d2_documents",
            "d2_confinement",
            "d2_money",
            "coe_recruitment",
            "ilo_documents",
            "ilo_movement",
            "ilo_wages",
        ],
        &[],
    );
}

// ------------------------------------------------------- point 10

#[test]
fn p10_labour_rights_says_what_the_tool_knows() {
    // The label of `labour_rights` speaks of indicators in the answers given,
    // not of "violations only". (The "victim" scan is tests/wording.rs.)
    for name in [SCREENING, FISHING] {
        let q = load(name);
        let mut render = |_: &str| String::new();
        let en = q
            .scoring_label("outcome", "labour_rights", "en")
            .map(|t| t.render(&mut render))
            .unwrap_or_default();
        assert!(en.starts_with("Only labour-rights indicators"), "{en}");
        assert!(!en.contains("violations only"), "{en}");
    }
}

// ------------------------------------------------------- point 11

#[test]
fn p11_fishing_gaps_c188_and_port_checks() {
    let q = load(FISHING);
    // (a) No medical certificate (C188 arts. 10-12) and the journey home taken
    // from the pay (C188 art. 21): law findings and "no respect of labour law"
    // (d4_contract M) => labour-rights indicators only => "labour_rights".
    let r = crew_benign(&q)
        .set("medical_certificate", "no")
        .set("repatriation_cost", "deducted")
        .score();
    expect(
        &r,
        "labour_rights",
        RouteTaken::Adult,
        &[],
        &["law_medical_certificate", "law_repatriation", "d4_contract"],
        &[],
    );
    // (b) Vessel registration and the master's identity document among the
    // documents checked; registration missing => v_docs_problems; records not
    // in Thai => v_records_language => "vessel_findings".
    let r = Case::new(&q)
        .set("part", "vessel")
        .set("vessel_code", "RN-1234")
        .set("inspection_type", "pipo_in")
        .set("docs_checked", "licence registration master_id")
        .set("docs_problems", "registration")
        .set("records_in_thai", "no")
        .set("crew_listed", "0")
        .set("crew_counted", "0")
        .score();
    expect(
        &r,
        "vessel_findings",
        RouteTaken::Adult,
        &[],
        &["v_docs_problems", "v_records_language"],
        &[],
    );
    // (c) A 16-year-old who found the job himself (no recruiter, no travel
    // arranged) but sleeps on the boat: harbouring is an act (Palermo art. 3),
    // so palermo_act holds. D4: 8 hours of rest (d4_hours S) + crowded (M) =>
    // positive. Child rule act && D4 => "child_trafficking". Sleeping ashore
    // in his own place: no act => "child_at_risk".
    let child = || {
        crew_benign(&q)
            .set("age", "16")
            .set("rest_24h", "8")
            .set("living", "crowded")
    };
    let r = child().set("sleeps_on_board", "yes").score();
    expect(
        &r,
        "child_trafficking",
        RouteTaken::Child,
        &["d4", "icls_involuntary"],
        &["palermo_act", "law_under_18"],
        &["palermo_means"],
    );
    let r = child().set("sleeps_on_board", "no").score();
    assert_eq!(r.determination.as_deref(), Some("child_at_risk"));
    assert!(!present(&r).contains("palermo_act"));
    // (d) The ATM card held by the captain is withholding of wages in every
    // family: d5_wages (ILO/EC D5 M), coe_wages, ilo_wages, law_cards_held.
    let r = crew_benign(&q).set("holder_atm", "captain").score();
    for i in ["d5_wages", "coe_wages", "ilo_wages", "law_cards_held"] {
        assert!(present(&r).contains(i), "{i}: {:?}", present(&r));
    }
}

// ------------------------------------------- declarations and properties

/// Every indicator a result may not ignore is in `review`'s condition, and
/// `labour_rights` excludes every indicator that is not a labour-rights one.
#[test]
fn review_lists_every_indicator_and_no_outcome_claims_absence_wrongly() {
    for name in [SCREENING, FISHING] {
        let q = load(name);
        let s = q.scoring.as_ref().expect("scoring");
        let review = s
            .outcomes
            .iter()
            .find(|o| o.name == "review")
            .expect("review");
        let refs: BTreeSet<&str> = review.when.expr.refs().into_iter().collect();
        for i in &s.indicators {
            let vessel = i.name.starts_with("v_");
            if !vessel && !NEUTRAL.contains(&i.name.as_str()) {
                assert!(
                    refs.contains(i.name.as_str()),
                    "{name}: review omits {}",
                    i.name
                );
            }
        }
        // `insufficient` is no longer an outcome; "few answers" is a flag.
        assert!(s.outcomes.iter().all(|o| o.name != "insufficient"));
        assert!(s.flags.iter().any(|f| f.name == "few_answers"));
    }
}

/// What a random respondent may answer to one question.
#[derive(Debug, Clone)]
enum Pick {
    Skip,
    DontKnow,
    PreferNot,
    Value(u32),
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        3 => Just(Pick::Skip),
        1 => Just(Pick::DontKnow),
        1 => Just(Pick::PreferNot),
        5 => any::<u32>().prop_map(Pick::Value),
    ]
}

/// Questions a respondent answers (not the set-up gates fixed below).
fn respondent_questions(q: &Questionnaire) -> Vec<&forms::model::Node> {
    const FIXED: &[&str] = &[
        "part",
        "vessel_code",
        "crew_code",
        "case_code",
        "first_contact",
        "interview_lang",
        "interpreter_used",
        "interpreter_independent",
        "consent",
        "privacy",
        "danger_now",
        "injured",
    ];
    q.nodes
        .iter()
        .filter(|n| n.repeats.is_empty())
        .filter(|n| match &n.kind {
            NodeKind::Question(t) => t.is_asked() && !matches!(t, QuestionType::Acknowledge),
            _ => false,
        })
        .filter(|n| !FIXED.contains(&n.name.as_str()))
        .collect()
}

fn value_for(q: &Questionnaire, n: &forms::model::Node, x: u32) -> String {
    match n.question_type() {
        Some(QuestionType::SelectOne { list, .. }) => {
            let cs = q.choices.get(list).map(Vec::as_slice).unwrap_or_default();
            cs.get(x as usize % cs.len().max(1))
                .map(|c| c.name.clone())
                .unwrap_or_default()
        }
        Some(QuestionType::SelectMultiple { list, .. }) => {
            let cs = q.choices.get(list).map(Vec::as_slice).unwrap_or_default();
            let picked: Vec<&str> = cs
                .iter()
                .enumerate()
                .filter(|(i, _)| x >> (i % 32) & 1 == 1)
                .map(|(_, c)| c.name.as_str())
                .collect();
            picked.join(" ")
        }
        Some(QuestionType::Integer | QuestionType::Decimal) => {
            if n.name == "age" {
                (12 + x % 40).to_string()
            } else {
                (x % 25).to_string()
            }
        }
        Some(QuestionType::Date) => "2026-01-10".into(),
        _ => "X".into(),
    }
}

fn answers(q: &Questionnaire, fishing: bool, picks: &[Pick]) -> Answers {
    let mut a = Answers::new();
    if fishing {
        a.set_value("part", "crew");
        a.set_value("vessel_code", "RN-1234");
        a.set_value("crew_code", "RN-1234-01");
    } else {
        a.set_value("case_code", "RN-2026-009");
        a.set_value("first_contact", "2026-01-10");
    }
    a.set_value("interview_lang", "my");
    a.set_value("interpreter_used", "no");
    a.set_value("consent", "yes");
    a.set_value("privacy", "yes");
    for (n, p) in respondent_questions(q).into_iter().zip(picks) {
        match p {
            Pick::Skip => {}
            Pick::DontKnow => a.set(AnswerKey::new(&n.name), Answer::DontKnow),
            Pick::PreferNot => a.set(AnswerKey::new(&n.name), Answer::PreferNotToAnswer),
            Pick::Value(x) => a.set_value(&n.name, &value_for(q, n, *x)),
        }
    }
    a
}

fn check_declining_keeps_everything(fishing: bool, picks: &[Pick], decline: &[bool]) {
    let q = cached(if fishing { FISHING } else { SCREENING });
    let a = answers(q, fishing, picks);
    let before = forms::score(q, &a, today()).expect("scoring");
    // "Prefer not to answer" added to questions the person had not answered.
    let mut b = a.clone();
    for (n, d) in respondent_questions(q).into_iter().zip(decline) {
        if *d && a.get(&AnswerKey::new(&n.name)).is_none() && n.prefer_not_to_answer {
            b.set(AnswerKey::new(&n.name), Answer::PreferNotToAnswer);
        }
    }
    let after = forms::score(q, &b, today()).expect("scoring");
    let (p, p2) = (present(&before), present(&after));
    assert!(
        p.is_subset(&p2),
        "lost {:?}",
        p.difference(&p2).collect::<Vec<_>>()
    );
    if !telling(&before).is_empty() {
        assert_ne!(after.determination.as_deref(), Some("no_indicators"));
    }
    // Every result with indicators suggests at least one referral category,
    // and "no indicators" is never said over an indicator.
    for r in [&before, &after] {
        let det = r.determination.as_deref().unwrap_or("none");
        if !telling(r).is_empty() {
            assert!(!referrals(q, det).is_empty(), "{det} with {:?}", telling(r));
        }
        if det == "no_indicators" {
            assert!(telling(r).is_empty(), "{:?}", telling(r));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn screening_declining_never_removes_an_indicator(
        picks in prop::collection::vec(pick(), 80),
        decline in prop::collection::vec(any::<bool>(), 80),
    ) {
        check_declining_keeps_everything(false, &picks, &decline);
    }

    #[test]
    fn fishing_declining_never_removes_an_indicator(
        picks in prop::collection::vec(pick(), 90),
        decline in prop::collection::vec(any::<bool>(), 90),
    ) {
        check_declining_keeps_everything(true, &picks, &decline);
    }
}

/// Every single answer a person can give, one at a time on an interview
/// otherwise without indicators: whenever it raises an indicator, the result
/// suggests at least one referral category and is not "no indicators".
#[test]
fn every_answer_that_raises_an_indicator_leads_to_a_referral() {
    for (name, base) in [
        (SCREENING, screening_benign as fn(&Questionnaire) -> Case),
        (FISHING, crew_benign),
    ] {
        let q = load(name);
        assert!(telling(&base(&q).score()).is_empty(), "{name}: base");
        let mut raised = 0;
        for n in respondent_questions(&q) {
            let values: Vec<String> = match n.question_type() {
                Some(
                    QuestionType::SelectOne { list, .. }
                    | QuestionType::SelectMultiple { list, .. },
                ) => q.choices[list].iter().map(|c| c.name.clone()).collect(),
                Some(QuestionType::Integer) => ["0", "9", "13", "15", "24", "60", "100"]
                    .map(String::from)
                    .to_vec(),
                _ => continue,
            };
            for v in values {
                let r = base(&q).set(&n.name, &v).score();
                let det = r.determination.clone().unwrap_or_default();
                if telling(&r).is_empty() {
                    continue;
                }
                raised += 1;
                assert_ne!(det, "no_indicators", "{name}: {} = {v}", n.name);
                assert!(
                    !referrals(&q, &det).is_empty(),
                    "{name}: {} = {v} gives {det} without referral",
                    n.name
                );
            }
        }
        assert!(
            raised > 50,
            "{name}: only {raised} answers raised indicators"
        );
    }
}

// ------------------------------------------- issue 26: Lao and Burmese

/// Issue 26: the Lao question read "not better than promised" (ບໍ່ດີກວ່າ),
/// so a person paid exactly as promised could truthfully answer yes and raise
/// d1_conditions, inv_job and palermo_means. The corrected questions ask
/// "worse than" (Lao ຮ້າຍກວ່າ, Burmese ... ထက် ပိုဆိုး) and "less than" (Lao
/// ໜ້ອຍກວ່າ, Burmese ... ထက် နည်း). Derivation: a person paid, working and
/// housed as promised answers "no" to all three and "paid as agreed" => no
/// D1 indicator, no involuntariness, no means => "no_indicators". The same
/// answers with the questions asked in Lao or Burmese.
#[test]
fn lao_and_burmese_a_person_paid_as_promised_raises_nothing() {
    let words = [
        ("lo", "wages_different", "ໜ້ອຍກວ່າ"),
        ("lo", "conditions_different", "ຮ້າຍກວ່າ"),
        ("lo", "housing_different", "ຮ້າຍກວ່າ"),
        ("my", "wages_different", "ထက် နည်း"),
        ("my", "conditions_different", "ထက် ပိုဆိုး"),
        ("my", "housing_different", "ထက် ပိုဆိုး"),
    ];
    for name in [SCREENING, FISHING] {
        let q = load(name);
        for lang in ["lo", "my"] {
            let base = if name == SCREENING {
                screening_benign(&q)
            } else {
                crew_benign(&q)
            };
            let c = base
                .set("interview_lang", lang)
                .set("pay", "as_agreed")
                .set("wages_different", "no")
                .set("conditions_different", "no")
                .set("housing_different", "no");
            let nav = forms::navigate(&q, &c.a, today(), lang);
            for (l, question, word) in words.iter().filter(|(l, ..)| *l == lang) {
                let label = nav
                    .items
                    .iter()
                    .find(|i| i.key.name == *question)
                    .map(|i| i.label.clone())
                    .unwrap_or_default();
                assert!(label.contains(word), "{name} {l} {question}: {label}");
                assert!(!label.contains("ບໍ່ດີກວ່າ"), "{name} {l} {question}: {label}");
            }
            let r = c.score();
            expect(
                &r,
                "no_indicators",
                RouteTaken::Adult,
                &[],
                &[],
                &[
                    "d1_conditions",
                    "d1_wages",
                    "d1_housing",
                    "inv_terms",
                    "palermo_means",
                ],
            );
        }
    }
}
