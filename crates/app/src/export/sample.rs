//! Synthetic interviews for the export's tests and benchmarks: both
//! shipped questionnaires, every language, repeats, select_multiple,
//! "don't know" and "prefer not to answer", text that needs CSV quoting.
//! Deterministic for a seed; no real person's data.

use chrono::{DateTime, Duration, TimeZone, Utc};
use forms::model::{NodeKind, QuestionType};

use crate::AppError;
use crate::cases::{AnswerInput, CaseStore};

/// A small deterministic generator (SplitMix64).
#[derive(Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n.max(1) as u64).unwrap_or(0)
    }
}

/// Free text in every language, some needing CSV quoting.
const TEXTS: [&str; 6] = [
    "สมชาย ใจดี",
    "မောင်မောင်၊ ရန်ကုန်",
    "ស្រីពៅ \"ខ្មែរ\"",
    "ສົມພອນ, ວຽງຈັນ",
    "Line one\nline two",
    "A-17",
];

/// The questionnaire shipped under `key` asked `n` times, one minute apart
/// back from 2026-11-30 12:00 UTC, each question answered with chance
/// 1 in `sparse` (1: nine in ten); returns the record ids.
pub fn fill(
    store: &mut CaseStore,
    key: &str,
    n: usize,
    seed: u64,
    sparse: usize,
) -> Result<Vec<String>, AppError> {
    let mut rng = Rng::new(seed);
    let start = Utc
        .with_ymd_and_hms(2026, 11, 30, 12, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let at = start - Duration::minutes(i64::try_from(i).unwrap_or(0));
        ids.push(one(store, key, &mut rng, at, sparse)?);
    }
    Ok(ids)
}

fn one(
    store: &mut CaseStore,
    key: &str,
    rng: &mut Rng,
    at: DateTime<Utc>,
    sparse: usize,
) -> Result<String, AppError> {
    let langs = crate::LANGUAGES;
    let respondent = langs[rng.below(langs.len())];
    let interviewer = langs[rng.below(langs.len())];
    let id = if key == "fishing-inspection" {
        store.new_shipped_inspection(key, respondent, at)?
    } else {
        store.new_shipped_interview(key, respondent, at)?
    };
    let rid = store.record_id(&id, "en")?;
    for (k, v) in [
        (crate::interview::RESPONDENT, respondent),
        (crate::interview::INTERVIEWER, interviewer),
    ] {
        store
            .vault
            .set_meta(rid, k, &vault::UserText(v.to_owned()), at)
            .map_err(|e| AppError::from_vault(&e, "en"))?;
    }
    let form = store.form_of(rid)?;
    let crew = 1 + rng.below(3);
    for node in &form.nodes {
        let NodeKind::Question(t) = &node.kind else {
            continue;
        };
        if !t.is_asked() || rng.below(10) == 0 || rng.below(sparse.max(1)) != 0 {
            continue;
        }
        let keys: Vec<String> = match node.repeats.len() {
            0 => vec![node.name.clone()],
            1 => (1..=crew).map(|r| format!("{}[{r}]", node.name)).collect(),
            _ => Vec::new(),
        };
        for question in keys {
            let shown_in = langs[rng.below(langs.len())];
            let interpreter = rng.below(4) == 0;
            let roll = rng.below(12);
            let input = if roll == 0 && node.dont_know {
                AnswerInput::DontKnow
            } else if roll == 1 && node.prefer_not_to_answer {
                AnswerInput::PreferNot
            } else {
                AnswerInput::Value(value(&form, t, rng))
            };
            let tried = store.answer(&id, &question, input, shown_in, interpreter, at);
            if tried.is_err() {
                // A constraint the random value broke: a plain value instead.
                let plain = match t {
                    QuestionType::Text => format!("AB-{}", rng.below(999)),
                    _ => continue,
                };
                let _ = store.answer(
                    &id,
                    &question,
                    AnswerInput::Value(plain),
                    shown_in,
                    interpreter,
                    at,
                );
            }
        }
    }
    if rng.below(3) != 0 {
        store.complete(&id, at)?;
    }
    Ok(id)
}

fn value(form: &forms::Questionnaire, t: &QuestionType, rng: &mut Rng) -> String {
    let choices = |list: &str| -> Vec<String> {
        form.choices
            .get(list)
            .map(|c| c.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default()
    };
    match t {
        QuestionType::Integer => rng.below(70).to_string(),
        QuestionType::Decimal => format!("{}.5", rng.below(100)),
        QuestionType::Text => TEXTS[rng.below(TEXTS.len())].to_owned(),
        QuestionType::Date => format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        QuestionType::Time => format!("{:02}:{:02}", rng.below(24), rng.below(60)),
        QuestionType::DateTime => format!("2026-05-{:02}T10:00:00", 1 + rng.below(28)),
        QuestionType::SelectOne { list, .. } => {
            let c = choices(list);
            c.get(rng.below(c.len())).cloned().unwrap_or_default()
        }
        QuestionType::SelectMultiple { list, .. } => {
            let c = choices(list);
            let first = rng.below(c.len());
            let mut picked = vec![c.get(first).cloned().unwrap_or_default()];
            if rng.below(2) == 0
                && let Some(second) = c.get(rng.below(c.len()))
                && !picked.contains(second)
            {
                picked.push(second.clone());
            }
            picked.join(" ")
        }
        QuestionType::Acknowledge => "OK".to_owned(),
        QuestionType::Note | QuestionType::Calculate => String::new(),
    }
}
