//! Answers: the value model a vault stores and navigation reads.
//!
//! An answer is keyed by question name plus the 1-based instance number of
//! each enclosing repeat (`age`, `crew_age[3]`, `hours[2][5]`). Values are
//! ODK strings: select_multiple space-separated, dates `YYYY-MM-DD`, numbers
//! with ASCII digits. "Don't know" and "prefer not to answer" are answers of
//! their own, distinct from a missing answer.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Which answer: question name and repeat instance numbers (1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnswerKey {
    pub name: String,
    pub indices: Vec<u32>,
}

impl AnswerKey {
    /// A key outside any repeat.
    pub fn new(name: impl Into<String>) -> Self {
        AnswerKey {
            name: name.into(),
            indices: Vec::new(),
        }
    }

    /// A key inside repeats.
    pub fn at(name: impl Into<String>, indices: &[u32]) -> Self {
        AnswerKey {
            name: name.into(),
            indices: indices.to_vec(),
        }
    }
}

impl fmt::Display for AnswerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        for i in &self.indices {
            write!(f, "[{i}]")?;
        }
        Ok(())
    }
}

/// A key string that is not `name` or `name[1][2]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an answer key: {0:?}")]
pub struct BadKey(pub String);

impl FromStr for AnswerKey {
    type Err = BadKey;
    fn from_str(s: &str) -> Result<Self, BadKey> {
        let bad = || BadKey(s.to_string());
        let (name, mut rest) = match s.find('[') {
            Some(i) => (s.get(..i).ok_or_else(bad)?, s.get(i..).ok_or_else(bad)?),
            None => (s, ""),
        };
        if !crate::expr::is_name(name) {
            return Err(bad());
        }
        let mut indices = Vec::new();
        while !rest.is_empty() {
            let inner = rest.strip_prefix('[').ok_or_else(bad)?;
            let end = inner.find(']').ok_or_else(bad)?;
            let n: u32 = inner
                .get(..end)
                .ok_or_else(bad)?
                .parse()
                .map_err(|_| bad())?;
            if n == 0 {
                return Err(bad());
            }
            indices.push(n);
            rest = inner.get(end + 1..).ok_or_else(bad)?;
        }
        Ok(AnswerKey {
            name: name.to_string(),
            indices,
        })
    }
}

impl Serialize for AnswerKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AnswerKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An answer given by (or for) the respondent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "value")]
pub enum Answer {
    /// An ODK-style value.
    Value(String),
    DontKnow,
    PreferNotToAnswer,
}

/// All answers of one interview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    values: BTreeMap<AnswerKey, Answer>,
    /// Instance counts of repeats that the person controls (no `repeat_count`),
    /// keyed by repeat name and the instance numbers of enclosing repeats.
    repeat_counts: BTreeMap<AnswerKey, u32>,
}

impl Answers {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(&mut self, key: AnswerKey, answer: Answer) {
        self.values.insert(key, answer);
    }

    /// Shorthand for a value outside repeats.
    pub fn set_value(&mut self, name: &str, value: &str) {
        self.set(AnswerKey::new(name), Answer::Value(value.to_string()));
    }

    pub fn clear(&mut self, key: &AnswerKey) {
        self.values.remove(key);
    }

    pub fn get(&self, key: &AnswerKey) -> Option<&Answer> {
        self.values.get(key)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&AnswerKey, &Answer)> {
        self.values.iter()
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Sets how many instances a person-controlled repeat has.
    pub fn set_repeat_count(&mut self, repeat: AnswerKey, count: u32) {
        self.repeat_counts.insert(repeat, count);
    }

    pub fn repeat_count(&self, repeat: &AnswerKey) -> Option<u32> {
        self.repeat_counts.get(repeat).copied()
    }

    /// Every instance count set with [`Answers::set_repeat_count`].
    pub fn repeat_counts(&self) -> impl Iterator<Item = (&AnswerKey, u32)> {
        self.repeat_counts.iter().map(|(k, &n)| (k, n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for s in ["age", "crew_age[3]", "hours[2][15]"] {
            let k: AnswerKey = s.parse().unwrap_or_else(|_| AnswerKey::new("bad"));
            assert_eq!(k.to_string(), s);
        }
        for s in ["", "1a", "a[", "a[0]", "a[x]", "a]1[", "a[1]b"] {
            assert!(s.parse::<AnswerKey>().is_err(), "{s}");
        }
    }

    #[test]
    fn answers_serialize() {
        let mut a = Answers::new();
        a.set_value("age", "16");
        a.set(AnswerKey::at("wage", &[2]), Answer::DontKnow);
        a.set(AnswerKey::new("debt"), Answer::PreferNotToAnswer);
        let json = serde_json::to_string(&a).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"values":{"age":{"state":"value","value":"16"},"debt":{"state":"prefer_not_to_answer"},"wage[2]":{"state":"dont_know"}},"repeat_counts":{}}"#
        );
        let back: Answers = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, a);
    }
}
