//! The questionnaire's declared scoring over a record's stored answers,
//! as the interview summary and the case list show it.

use std::collections::BTreeMap;

use forms::Questionnaire;
use serde::Serialize;
use specta::Type;

use super::AnswerView;

/// Which indicators the answers raise, and the determination they lead to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ScoringView {
    /// `adult` or `child` (the child route needs no means element).
    pub route: String,
    /// Whether the respondent may be under 18: `present`, `absent`, `declined`, `not_asked`.
    pub child: String,
    /// The indicators present, each with the answers that raised it.
    pub indicators: Vec<IndicatorView>,
    /// Dimensions (e.g. ILO/EC D1-D6) and whether each is positive.
    pub dimensions: Vec<DimensionView>,
    pub determination: Option<DeterminationView>,
    /// Notes the questionnaire declares beside the determination (e.g. how
    /// few core questions were answered): shown with it, never instead of it.
    pub flags: Vec<FlagView>,
}

/// A declared note beside the determination, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FlagView {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct IndicatorView {
    pub id: String,
    /// The indicator's name in the reader's language.
    pub label: String,
    /// `strong`, `medium` or `weak` on the route taken, if graded.
    pub strength: Option<String>,
    pub dimension: Option<String>,
    /// The answers that raised it: question (with repeat position) and value.
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct EvidenceView {
    pub question: String,
    pub value: Option<String>,
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DimensionView {
    pub id: String,
    pub positive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DeterminationView {
    pub id: String,
    /// What it means, in the reader's language.
    pub label: String,
    /// Suggested referral categories (emergency, shelter, labour complaint, ...).
    pub referrals: Vec<String>,
}

/// Runs the questionnaire's declared scoring over the stored answers.
pub(crate) fn score(
    form: &Questionnaire,
    stored: &BTreeMap<String, AnswerView>,
    lang: &str,
) -> Option<ScoringView> {
    let mut answers = forms::Answers::new();
    for (question, a) in stored {
        let Ok(key) = question.parse::<forms::AnswerKey>() else {
            continue;
        };
        let answer = match (a.state.as_str(), &a.value) {
            ("dont_know", _) => forms::Answer::DontKnow,
            ("prefer_not", _) => forms::Answer::PreferNotToAnswer,
            (_, Some(v)) => forms::Answer::Value(v.clone()),
            (_, None) => continue,
        };
        answers.set(key, answer);
    }
    let today = chrono::Utc::now().date_naive();
    let today = forms::Date::from_ymd(
        chrono::Datelike::year(&today),
        chrono::Datelike::month(&today),
        chrono::Datelike::day(&today),
    )?;
    let result = forms::score(form, &answers, today)?;
    let label = |kind: &str, name: &str| {
        form.scoring_label(kind, name, lang)
            .map(|t| {
                t.render(&mut |var| {
                    stored
                        .get(var)
                        .and_then(|a| a.value.clone())
                        .unwrap_or_default()
                })
            })
            .unwrap_or_else(|| name.to_owned())
    };
    let as_code = |v: serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let indicators = result
        .indicators
        .iter()
        .filter(|i| i.status == forms::nav::Status::Present)
        .map(|i| IndicatorView {
            id: i.name.clone(),
            label: label("indicator", &i.name),
            strength: i
                .strength
                .and_then(|s| serde_json::to_value(s).ok())
                .map(as_code),
            dimension: i.dimension.clone(),
            evidence: i
                .evidence
                .iter()
                .map(|e| {
                    let key = e.key.to_string();
                    let shown = stored.get(&key);
                    EvidenceView {
                        value: shown.and_then(|a| a.value.clone()),
                        state: shown.map_or_else(|| "missing".to_owned(), |a| a.state.clone()),
                        question: key,
                    }
                })
                .collect(),
        })
        .collect();
    let determination = result.determination.as_ref().map(|id| DeterminationView {
        id: id.clone(),
        label: label("outcome", id),
        referrals: form
            .settings
            .extra
            .get(&format!("referrals.{id}"))
            .map(|r| r.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default(),
    });
    let flags = result
        .flags
        .iter()
        .map(|f| FlagView {
            id: f.name.clone(),
            label: form
                .scoring_label("flag", &f.name, lang)
                .map(|t| {
                    t.render(&mut |var| {
                        f.values.get(var).cloned().unwrap_or_else(|| {
                            stored
                                .get(var)
                                .and_then(|a| a.value.clone())
                                .unwrap_or_default()
                        })
                    })
                })
                .unwrap_or_else(|| f.name.clone()),
        })
        .collect();
    Some(ScoringView {
        flags,
        route: as_code(serde_json::to_value(result.route).ok()?),
        child: as_code(serde_json::to_value(result.child.status).ok()?),
        indicators,
        dimensions: result
            .dimensions
            .iter()
            .map(|d| DimensionView {
                id: d.name.clone(),
                positive: d.positive,
            })
            .collect(),
        determination,
    })
}
