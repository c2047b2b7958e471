//! The glossaries of key terms (`questionnaires/glossary/<lang>.toml`) and
//! the rule that says whether a string uses a term.
//!
//! Read by the consistency test (every string whose English uses a term must
//! use the glossary's word in that language) and by `cargo xtask l10n
//! export` (the terms a string uses become a note for the reviewer). Not
//! used at run time.
//!
//! How a term is matched:
//! - **English** (the source): whole words, any case, `labour`/`labor`
//!   alike, a plural `s`/`es` allowed on the last word; `en_also` lists
//!   other spellings of the same term.
//! - **Thai, Lao, Khmer, Burmese**: no inflection in the European sense and
//!   no spaces between words, so the match is on the characters, after
//!   removing spaces and zero-width spaces (which writers put between
//!   phrases at will). What must appear is `check`, or else the term without
//!   the nominaliser that turns a verb into a noun and drops away when the
//!   word is used as a verb or after a particle or classifier: Thai การ /
//!   ความ and Lao ການ / ຄວາມ before the word, Khmer ការ / សេចក្ដី before it,
//!   Burmese ခြင်း / မှု / ချက် after it. `check` may list several forms,
//!   any of which will do (Khmer ខ្ចី "to borrow" and កម្ចី "a loan"). So Thai "การบังคับใช้แรงงาน" is
//!   found in "ถูกบังคับใช้แรงงาน", and Burmese "လူကုန်ကူးမှု" in
//!   "လူကုန်ကူးခံရ".

/// One key term of a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The English term.
    pub en: String,
    /// Other English spellings of it.
    pub en_also: Vec<String>,
    /// The word to use.
    pub term: String,
    /// What every translation of a string using the English term contains
    /// (any one of these: e.g. Khmer ខ្ចី, to borrow, and កម្ចី, a loan).
    pub check: Vec<String>,
    /// Where the translation is used for this meaning, or `uncited`.
    pub source: String,
    /// Other translations found, with their sources and why ours differs.
    pub other: Vec<Other>,
    pub note: Option<String>,
}

/// A translation another source uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Other {
    pub term: String,
    pub source: String,
    pub why: Option<String>,
}

/// The mark of a term no public translated document was found for.
pub const UNCITED: &str = "uncited";

impl Term {
    pub fn is_cited(&self) -> bool {
        self.source.trim() != UNCITED
    }
}

/// One language's glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    pub lang: String,
    pub terms: Vec<Term>,
}

impl Glossary {
    /// Reads a glossary file; a malformed entry is an error naming it.
    pub fn parse(src: &str) -> Result<Glossary, String> {
        let table: toml::Table = src.parse().map_err(|e: toml::de::Error| e.to_string())?;
        let lang = table
            .get("language")
            .and_then(toml::Value::as_str)
            .ok_or("no `language`")?
            .to_owned();
        let str_of =
            |v: &toml::Value, k: &str| v.get(k).and_then(toml::Value::as_str).map(str::to_owned);
        let mut terms = Vec::new();
        for (i, t) in table
            .get("term")
            .and_then(toml::Value::as_array)
            .ok_or("no [[term]] entries")?
            .iter()
            .enumerate()
        {
            let en = str_of(t, "en").ok_or_else(|| format!("term {}: no `en`", i + 1))?;
            let need = |k: &str| str_of(t, k).ok_or_else(|| format!("{en}: no `{k}`"));
            let term = need("term")?;
            let check = match t.get("check") {
                None => vec![stem(&lang, &term)],
                Some(toml::Value::String(c)) => vec![c.clone()],
                Some(toml::Value::Array(a)) => a
                    .iter()
                    .map(|c| c.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| format!("{en}: `check` is a string or a list of strings"))?,
                Some(_) => return Err(format!("{en}: `check` is a string or a list of strings")),
            };
            let other = t
                .get("other")
                .and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|o| {
                            Ok(Other {
                                term: str_of(o, "term")
                                    .ok_or_else(|| format!("{en}: other without `term`"))?,
                                source: str_of(o, "source")
                                    .ok_or_else(|| format!("{en}: other without `source`"))?,
                                why: str_of(o, "why"),
                            })
                        })
                        .collect::<Result<Vec<_>, String>>()
                })
                .transpose()?
                .unwrap_or_default();
            terms.push(Term {
                en_also: t
                    .get("en_also")
                    .and_then(toml::Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
                source: need("source")?,
                note: str_of(t, "note"),
                en,
                term,
                check,
                other,
            });
        }
        Ok(Glossary { lang, terms })
    }

    /// The terms whose English `text` uses. A longer term claims its words
    /// first: "debt bondage" is one term, not also "debt"; "social worker"
    /// is not also "worker".
    pub fn used_in(&self, english: &str) -> Vec<&Term> {
        let mut spellings: Vec<(&str, usize)> = self
            .terms
            .iter()
            .enumerate()
            .flat_map(|(i, t)| {
                std::iter::once(t.en.as_str())
                    .chain(t.en_also.iter().map(String::as_str))
                    .map(move |s| (s, i))
            })
            .collect();
        spellings.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        let mut claimed: Vec<std::ops::Range<usize>> = Vec::new();
        let mut used = vec![false; self.terms.len()];
        for (spelling, i) in spellings {
            for span in english_spans(english, spelling) {
                if claimed
                    .iter()
                    .any(|c| c.start < span.end && span.start < c.end)
                {
                    continue;
                }
                claimed.push(span);
                used[i] = true;
            }
        }
        self.terms
            .iter()
            .zip(used)
            .filter_map(|(t, u)| u.then_some(t))
            .collect()
    }

    /// The terms `english` uses whose word `translation` lacks.
    pub fn missing(&self, english: &str, translation: &str) -> Vec<&Term> {
        let squeezed = squeeze(translation);
        self.used_in(english)
            .into_iter()
            .filter(|t| !t.check.iter().any(|c| squeezed.contains(&squeeze(c))))
            .collect()
    }
}

/// The term without its nominaliser (see the module's documentation).
pub fn stem(lang: &str, term: &str) -> String {
    let before: &[&str] = match lang {
        "th" => &["การ", "ความ"],
        "lo" => &["ການ", "ຄວາມ"],
        "km" => &["ការ", "សេចក្ដី"],
        _ => &[],
    };
    let after: &[&str] = match lang {
        "my" => &["ခြင်း", "မှု", "ချက်"],
        _ => &[],
    };
    let mut s = term.trim();
    for p in before {
        if let Some(rest) = s.strip_prefix(p).filter(|r| !r.is_empty()) {
            s = rest;
            break;
        }
    }
    for p in after {
        if let Some(rest) = s.strip_suffix(p).filter(|r| !r.is_empty()) {
            s = rest;
            break;
        }
    }
    s.to_owned()
}

/// Text without spaces and zero-width spaces.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}' && *c != '\u{200C}')
        .collect()
}

/// Whether English `text` uses `term` as words (any case, labour/labor, a
/// plural on the last word).
pub fn uses_english(text: &str, term: &str) -> bool {
    !english_spans(text, term).is_empty()
}

/// Where English `text` uses `term` as words (byte ranges of the lowercased
/// text, which has the same length for the Latin script). A word joined by
/// `_` is code (`boat_total`), not a use.
fn english_spans(text: &str, term: &str) -> Vec<std::ops::Range<usize>> {
    let norm = |s: &str| s.to_lowercase().replace("labor", "labour");
    let text = norm(text);
    let term = norm(term);
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(&term)) {
        let start = from + i;
        let end = start + term.len();
        let before = text.get(..start).and_then(|b| b.chars().next_back());
        let rest = text.get(end..).unwrap_or("");
        let plural = ["es", "s"]
            .iter()
            .find(|p| {
                rest.strip_prefix(**p)
                    .is_some_and(|r| r.chars().next().is_none_or(|c| !word(c)))
            })
            .map_or(0, |p| p.len());
        let word_end = rest
            .get(plural..)
            .unwrap_or("")
            .chars()
            .next()
            .is_none_or(|c| !word(c));
        if before.is_none_or(|c| !word(c)) && word_end {
            out.push(start..end + plural);
        }
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_terms_match_as_words() {
        assert!(uses_english("Who keeps your seabook?", "seabook"));
        assert!(uses_english("Seabooks of foreign crew", "seabook"));
        assert!(uses_english("Signs of forced labor", "forced labour"));
        assert!(uses_english("unpaid wages.", "wage"));
        assert!(uses_english("Any other passes or passports", "passport"));
        assert!(!uses_english(
            "Retention of identity documents",
            "identification"
        ));
        assert!(!uses_english("debtor", "debt"));
        assert!(!uses_english("e.g. car_total and boat_total", "boat"));
    }

    #[test]
    fn nominalisers_come_off_per_language() {
        assert_eq!(stem("th", "การบังคับใช้แรงงาน"), "บังคับใช้แรงงาน");
        assert_eq!(stem("lo", "ການຄ້າມະນຸດ"), "ຄ້າມະນຸດ");
        assert_eq!(stem("km", "ការជួញដូរមនុស្ស"), "ជួញដូរមនុស្ស");
        assert_eq!(stem("my", "လူကုန်ကူးမှု"), "လူကုန်ကူး");
        // A word that is only the nominaliser stays whole.
        assert_eq!(stem("th", "การ"), "การ");
    }

    const SAMPLE: &str = r#"
language = "th"
[[term]]
en = "forced labour"
term = "การบังคับใช้แรงงาน"
source = "uncited"
[[term.other]]
term = "แรงงานบังคับ"
source = "somewhere"
why = "noun vs verb"
[[term]]
en = "passport"
term = "หนังสือเดินทาง"
source = "Ministry of Foreign Affairs"
"#;

    #[test]
    fn a_translation_lacking_the_term_is_found() {
        let g = Glossary::parse(SAMPLE).expect("parses");
        assert_eq!(g.terms[0].check, ["บังคับใช้แรงงาน"]);
        assert_eq!(g.terms[0].other.len(), 1);
        assert!(!g.terms[0].is_cited());
        assert!(g.terms[1].is_cited());
        let en = "Were you in forced labour? Show your passport.";
        assert!(
            g.missing(en, "คุณถูกบังคับใช้แรงงาน แสดงหนังสือ เดินทาง")
                .is_empty()
        );
        let m: Vec<_> = g
            .missing(en, "คุณถูกบังคับทำงาน แสดงหนังสือเดินทาง")
            .into_iter()
            .map(|t| t.en.as_str())
            .collect();
        assert_eq!(m, ["forced labour"]);
        assert!(Glossary::parse("language = \"th\"\n[[term]]\nen = \"x\"\n").is_err());
        // The longer term claims the words: "debt bondage" is not also "debt".
        let g = Glossary::parse(concat!(
            "language = \"th\"\n",
            "[[term]]\nen = \"debt\"\nterm = \"หนี้\"\nsource = \"uncited\"\n",
            "[[term]]\nen = \"debt bondage\"\nterm = \"แรงงานขัดหนี้\"\nsource = \"uncited\"\n",
        ))
        .expect("parses");
        let used: Vec<_> = g
            .used_in("Debt bondage")
            .iter()
            .map(|t| t.en.as_str())
            .collect();
        assert_eq!(used, ["debt bondage"]);
        let used: Vec<_> = g
            .used_in("A debt, and debt bondage")
            .iter()
            .map(|t| t.en.as_str())
            .collect();
        assert_eq!(used, ["debt", "debt bondage"]);
    }
}
