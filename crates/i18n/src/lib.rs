//! Every sentence FieldScreen shows a person comes from a Fluent file under
//! `locales/<lang>/`. This crate embeds those files at build time, negotiates
//! the best available language for a request, and resolves messages with an
//! English fallback.
//!
//! Invariants:
//! - [`Localizer::format`] never returns a raw message id: a message missing
//!   in the requested language falls back to English (and is logged); a
//!   message missing everywhere resolves to the English `message-missing`
//!   text.
//! - A broken `.ftl` file never stops the program: its valid entries load, its
//!   errors are kept in [`Localizer::problems`] (the tidy test turns them into
//!   failures with file and line).
//! - Whether a person reviewed a translation is known per string
//!   ([`Localizer::status`], from the language's review log, see [`review`]);
//!   a string without a current review record is a machine draft.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use unic_langid::LanguageIdentifier;

pub use fluent_bundle::{FluentArgs, FluentValue};

pub mod digits;
pub mod glossary;
pub mod review;
pub mod zawgyi;
mod zg2uni;

/// The language every message must exist in, used when another lacks one.
pub const FALLBACK: &str = "en";

/// The message resolved when an id exists in no language at all.
const MISSING: &str = "message-missing";

/// The first line of a translation file: its strings are machine drafts
/// unless the language's review log (`review.toml`) records a review.
pub const MACHINE_DRAFTED_MARK: &str = "## status: machine-drafted";

/// The file whose messages make up the UI's string table.
/// The UI's strings live in `ui.ftl` and in any `ui-*.ftl` beside it.
fn is_ui_file(name: &str) -> bool {
    name == "ui.ftl" || (name.starts_with("ui-") && name.ends_with(".ftl"))
}

mod embedded {
    pub(crate) struct EmbeddedFile {
        pub(crate) lang: &'static str,
        pub(crate) name: &'static str,
        pub(crate) source: &'static str,
    }
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// A problem found while loading a Fluent file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    pub lang: String,
    pub file: String,
    pub detail: String,
}

struct Locale {
    id: LanguageIdentifier,
    bundle: FluentBundle<FluentResource>,
    /// Message ids per file name, in file order.
    ids_by_file: BTreeMap<String, Vec<String>>,
    /// Fingerprint of every string (`id` or `id.attr`), for review status.
    fingerprints: BTreeMap<String, String>,
}

/// All message catalogs, one per language.
pub struct Localizer {
    locales: Vec<Locale>,
    problems: Vec<LoadProblem>,
    /// Review logs by language.
    reviews: BTreeMap<String, review::ReviewLog>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("languages", &self.languages())
            .field("problems", &self.problems.len())
            .finish()
    }
}

/// The catalogs compiled into this binary.
pub fn localizer() -> &'static Localizer {
    static INSTANCE: OnceLock<Localizer> = OnceLock::new();
    INSTANCE.get_or_init(|| {
        let localizer = Localizer::from_sources(
            embedded::FILES
                .iter()
                .map(|f| (f.lang, f.name, f.source.to_owned())),
        );
        for p in &localizer.problems {
            tracing::error!(lang = %p.lang, file = %p.file, "{}", p.detail);
        }
        localizer
    })
}

/// `id` in `lang` from the shipped catalogs, with named arguments (text or
/// numbers: a number keeps Fluent's plural selection): the one way the
/// crates format a message with arguments. See [`Localizer::format_with`].
pub fn message<'a, V>(lang: &str, id: &str, args: &'a [(&'a str, V)]) -> String
where
    V: Clone + Into<FluentValue<'a>>,
{
    localizer().format_with(lang, id, args)
}

impl Localizer {
    /// Builds catalogs from `(language code, file name, Fluent source)` triples
    /// (a file named `review.toml` is the language's review log).
    pub fn from_sources<'a>(files: impl IntoIterator<Item = (&'a str, &'a str, String)>) -> Self {
        let mut locales: Vec<Locale> = Vec::new();
        let mut problems = Vec::new();
        let mut reviews = BTreeMap::new();
        for (lang, name, source) in files {
            if name == review::LOG_FILE {
                match review::ReviewLog::parse(&source) {
                    Ok(log) => {
                        reviews.insert(lang.to_owned(), log);
                    }
                    Err(detail) => problems.push(LoadProblem {
                        lang: lang.to_owned(),
                        file: name.to_owned(),
                        detail,
                    }),
                }
                continue;
            }
            let Ok(id) = lang.parse::<LanguageIdentifier>() else {
                problems.push(LoadProblem {
                    lang: lang.to_owned(),
                    file: name.to_owned(),
                    detail: format!("`{lang}` is not a language identifier"),
                });
                continue;
            };
            let fingerprints: Vec<(String, String)> = review::units(&source)
                .into_iter()
                .map(|u| (u.id, review::fingerprint(&u.pieces)))
                .collect();
            let resource = match FluentResource::try_new(source) {
                Ok(r) => r,
                Err((r, errors)) => {
                    problems.extend(errors.into_iter().map(|e| LoadProblem {
                        lang: lang.to_owned(),
                        file: name.to_owned(),
                        detail: e.to_string(),
                    }));
                    r
                }
            };
            let ids: Vec<String> = message_ids(&resource);
            let index = match locales.iter().position(|l| l.id == id) {
                Some(i) => i,
                None => {
                    let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
                    // Our five languages are all left-to-right; isolation marks
                    // would only leak invisible characters into logs and tests.
                    bundle.set_use_isolating(false);
                    // Numbers in the digits the language prints.
                    bundle.set_formatter(digits::formatter(&id.to_string()));
                    locales.push(Locale {
                        id: id.clone(),
                        bundle,
                        ids_by_file: BTreeMap::new(),
                        fingerprints: BTreeMap::new(),
                    });
                    locales.len() - 1
                }
            };
            let locale = &mut locales[index];
            locale.fingerprints.extend(fingerprints);
            if let Err(errors) = locale.bundle.add_resource(resource) {
                problems.extend(errors.into_iter().map(|e| LoadProblem {
                    lang: lang.to_owned(),
                    file: name.to_owned(),
                    detail: e.to_string(),
                }));
            }
            locale
                .ids_by_file
                .entry(name.to_owned())
                .or_default()
                .extend(ids);
        }
        Localizer {
            locales,
            problems,
            reviews,
        }
    }

    /// Problems found while loading (syntax errors, duplicate ids).
    pub fn problems(&self) -> &[LoadProblem] {
        &self.problems
    }

    /// The language codes that have a catalog, in a stable order.
    pub fn languages(&self) -> Vec<String> {
        self.locales.iter().map(|l| l.id.to_string()).collect()
    }

    /// The best available language for `requested` (e.g. `th-TH` → `th`),
    /// English when nothing matches.
    pub fn negotiate(&self, requested: &str) -> String {
        self.chain(requested)
            .first()
            .map_or_else(|| FALLBACK.to_owned(), |l| l.id.to_string())
    }

    fn chain(&self, requested: &str) -> Vec<&Locale> {
        let available: Vec<LanguageIdentifier> =
            self.locales.iter().map(|l| l.id.clone()).collect();
        let requested: Vec<LanguageIdentifier> = requested.parse().into_iter().collect();
        let default: LanguageIdentifier = FALLBACK.parse().unwrap_or_default();
        negotiate_languages(
            &requested,
            &available,
            Some(&default),
            NegotiationStrategy::Filtering,
        )
        .into_iter()
        .filter_map(|id| self.locales.iter().find(|l| &l.id == id))
        .collect()
    }

    /// [`Localizer::format`] with named arguments given as pairs, e.g.
    /// `&[("count", 3)]` or `&[("path", path_text)]` (mixed kinds as
    /// [`FluentValue`]s).
    pub fn format_with<'a, V>(&self, lang: &str, id: &str, args: &'a [(&'a str, V)]) -> String
    where
        V: Clone + Into<FluentValue<'a>>,
    {
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        self.format(lang, id, Some(&fluent))
    }

    /// Resolves `id` (optionally `id.attribute`) in exactly `lang`, without
    /// fallback. `None` if that language lacks it or it fails to format.
    pub fn try_format(
        &self,
        lang: &str,
        id: &str,
        args: Option<&FluentArgs<'_>>,
    ) -> Option<String> {
        let locale = self.locales.iter().find(|l| l.id == lang)?;
        format_in(locale, id, args)
    }

    /// Resolves `id` (optionally `id.attribute`) for `lang`, falling back to
    /// English. Never returns the raw id.
    pub fn format(&self, lang: &str, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        for (i, locale) in self.chain(lang).into_iter().enumerate() {
            if let Some(text) = format_in(locale, id, args) {
                if i > 0 {
                    tracing::warn!(lang, id, used = %locale.id, "message missing; used a fallback language");
                }
                return text;
            }
        }
        tracing::error!(lang, id, "message missing in every language");
        self.chain(lang)
            .into_iter()
            .find_map(|l| format_in(l, MISSING, None))
            .unwrap_or_default()
    }

    /// Whether a person reviewed `key` (`id` or `id.attr`) in `lang`, as
    /// translated today from today's English. English is the source and
    /// counts as reviewed; a string missing in `lang` is a draft.
    pub fn status(&self, lang: &str, key: &str) -> review::Status {
        if lang == FALLBACK {
            return review::Status::Reviewed;
        }
        let print = |code: &str| {
            self.locales
                .iter()
                .find(|l| l.id == code)
                .and_then(|l| l.fingerprints.get(key))
        };
        let (Some(en), Some(text)) = (print(FALLBACK), print(lang)) else {
            return review::Status::MachineDrafted;
        };
        self.reviews
            .get(lang)
            .map_or(review::Status::MachineDrafted, |log| {
                log.status(review::APP, key, en, text)
            })
    }

    /// `lang`'s review log (empty when nobody reviewed anything yet): the
    /// app checks questionnaire strings against it.
    pub fn review_log(&self, lang: &str) -> Option<&review::ReviewLog> {
        self.reviews.get(lang)
    }

    /// Whether some of `lang`'s strings are machine drafts nobody reviewed.
    pub fn is_machine_drafted(&self, lang: &str) -> bool {
        lang != FALLBACK
            && self
                .locales
                .iter()
                .find(|l| l.id == FALLBACK)
                .is_some_and(|en| {
                    en.fingerprints
                        .keys()
                        .any(|k| self.status(lang, k) != review::Status::Reviewed)
                })
    }

    /// Message ids defined in `lang`, per file name.
    pub fn ids_by_file(&self, lang: &str) -> BTreeMap<String, Vec<String>> {
        self.locales
            .iter()
            .find(|l| l.id == lang)
            .map(|l| l.ids_by_file.clone())
            .unwrap_or_default()
    }

    /// The UI's string table for `lang`: every message of the English `ui.ftl`
    /// (and `ui-*.ftl`) that takes no arguments, and each of its attributes as `id.attr`,
    /// resolved with fallback. Messages with arguments are formatted by the
    /// core into view models instead.
    pub fn ui_table(&self, lang: &str) -> BTreeMap<String, String> {
        let Some(en) = self.locales.iter().find(|l| l.id == FALLBACK) else {
            return BTreeMap::new();
        };
        let ids: Vec<String> = en
            .ids_by_file
            .iter()
            .filter(|(file, _)| is_ui_file(file))
            .flat_map(|(_, ids)| ids.iter().cloned())
            .collect();
        let mut table = BTreeMap::new();
        for id in ids {
            let Some(message) = en.bundle.get_message(&id) else {
                continue;
            };
            let mut keys = Vec::new();
            if message.value().is_some() {
                keys.push(id.clone());
            }
            keys.extend(message.attributes().map(|a| format!("{id}.{}", a.id())));
            for key in keys {
                // Skip messages that need arguments: they would render as `{$x}`.
                if format_in(en, &key, None).is_some() {
                    table.insert(key.clone(), self.format(lang, &key, None));
                }
            }
        }
        table
    }
}

/// Formats in one locale; `None` when missing or when formatting reports an
/// error (such as a missing argument).
fn format_in(locale: &Locale, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let (id, attr) = match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    };
    let message = locale.bundle.get_message(id)?;
    let pattern = match attr {
        Some(a) => message.get_attribute(a)?.value(),
        None => message.value()?,
    };
    let mut errors = Vec::new();
    let text = locale.bundle.format_pattern(pattern, args, &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m),
            _ => None,
        })
        .map(|m| m.id.name.to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    fn sample() -> Localizer {
        Localizer::from_sources([
            ("en", "ui.ftl", "hello = Hello\ngreet = Hi { $name }\nonly-en = English only\nbutton = OK\n    .aria-label = Confirm\n".to_owned()),
            ("en", "app.ftl", "message-missing = (missing)\nnot-ui = Core only\n".to_owned()),
            ("en", "ui-extra.ftl", "extra = More\n".to_owned()),
            ("th", "ui.ftl", "## status: machine-drafted — x\nhello = สวัสดี\ngreet = หวัดดี { $name }\nbutton = ตกลง\n    .aria-label = ยืนยัน\n".to_owned()),
        ])
    }

    fn check(lang: &str, id: &str, expected: Expect) {
        let l = sample();
        let mut args = FluentArgs::new();
        args.set("name", "Aung");
        expected.assert_eq(&l.format(lang, id, Some(&args)));
    }

    #[test]
    fn arguments_given_as_pairs_keep_their_kind() {
        let l = Localizer::from_sources([(
            "en",
            "app.ftl",
            "n = { $count ->\n    [one] one record\n   *[other] { $count } records\n} for { $who }\n"
                .to_owned(),
        )]);
        let count = |n: i64| {
            l.format_with(
                "en",
                "n",
                &[("count", FluentValue::from(n)), ("who", "Aung".into())],
            )
        };
        // A number selects the plural form; the same digits as text do not.
        assert_eq!(count(1), "one record for Aung");
        assert_eq!(count(3), "3 records for Aung");
        assert_eq!(
            l.format_with("en", "n", &[("count", "1"), ("who", "Aung")]),
            "1 records for Aung"
        );
    }

    #[test]
    fn resolves_in_requested_language() {
        check("th", "hello", expect!["สวัสดี"]);
        check("th", "greet", expect!["หวัดดี Aung"]);
        check("th", "button.aria-label", expect!["ยืนยัน"]);
    }

    #[test]
    fn negotiates_region_and_falls_back_to_english() {
        check("th-TH", "hello", expect!["สวัสดี"]);
        check("th", "only-en", expect!["English only"]);
        check("km", "hello", expect!["Hello"]);
        check("not a tag!", "hello", expect!["Hello"]);
    }

    #[test]
    fn never_shows_a_raw_id() {
        check("th", "no-such-message", expect!["(missing)"]);
        check("en", "hello.no-such-attr", expect!["(missing)"]);
    }

    #[test]
    fn ui_table_holds_argument_free_messages_and_attributes() {
        let table = sample().ui_table("th");
        expect![[r#"
            {
                "button": "ตกลง",
                "button.aria-label": "ย\u{e37}นย\u{e31}น",
                "extra": "More",
                "hello": "สว\u{e31}สด\u{e35}",
                "only-en": "English only",
            }
        "#]]
        .assert_debug_eq(&table);
    }

    #[test]
    fn broken_file_loads_what_it_can_and_reports_the_rest() {
        let l = Localizer::from_sources([(
            "en",
            "ui.ftl",
            "good = Fine\nbroken = { $\n\nalso-good = Yes\n".to_owned(),
        )]);
        assert_eq!(l.format("en", "good", None), "Fine");
        assert_eq!(l.format("en", "also-good", None), "Yes");
        assert_eq!(l.problems().len(), 1, "{:?}", l.problems());
    }

    #[test]
    fn review_status_is_per_string_and_goes_stale() {
        use review::{Piece, Status, fingerprint};
        let fp = |s: &str| fingerprint(&[Piece::Text(s.into())]);
        let log = |en: &str, th: &str| {
            format!(
                "[app]\nhello = {{ by = \"native Thai reviewer\", date = \"2026-12-06\", en = \"{}\", text = \"{}\" }}\n",
                fp(en),
                fp(th)
            )
        };
        let with = |en_hello: &str, review: String| {
            Localizer::from_sources([
                ("en", "ui.ftl", format!("hello = {en_hello}\nbye = Bye\n")),
                (
                    "th",
                    "ui.ftl",
                    "## status: machine-drafted\nhello = สวัสดี\nbye = ลาก่อน\n".to_owned(),
                ),
                ("th", "review.toml", review),
            ])
        };
        let l = with("Hello", log("Hello", "สวัสดี"));
        assert!(l.problems().is_empty(), "{:?}", l.problems());
        assert_eq!(l.status("th", "hello"), Status::Reviewed);
        assert_eq!(l.status("th", "bye"), Status::MachineDrafted);
        assert_eq!(l.status("en", "bye"), Status::Reviewed);
        assert!(l.is_machine_drafted("th"));
        assert!(!l.is_machine_drafted("en"));
        // The English changed after the review: a draft again.
        let l = with("Hello there", log("Hello", "สวัสดี"));
        assert_eq!(l.status("th", "hello"), Status::SourceChanged);
        // The Thai was edited by hand after the review.
        let l = with("Hello", log("Hello", "หวัดดี"));
        assert_eq!(l.status("th", "hello"), Status::Edited);
        // A broken log is a load problem, not a crash.
        let l = with("Hello", "[app]\nhello = 3\n".to_owned());
        assert_eq!(l.problems().len(), 1, "{:?}", l.problems());
        assert_eq!(l.status("th", "hello"), Status::MachineDrafted);
        // Every string reviewed: the language is no longer a draft.
        let mut both = log("Hello", "สวัสดี");
        both.push_str(&format!(
            "bye = {{ by = \"r\", date = \"2026-12-06\", en = \"{}\", text = \"{}\" }}\n",
            fp("Bye"),
            fp("ลาก่อน")
        ));
        assert!(!with("Hello", both).is_machine_drafted("th"));
    }

    #[test]
    fn embedded_catalog_has_all_five_languages_without_problems() {
        let l = localizer();
        assert_eq!(l.languages(), ["en", "km", "lo", "my", "th"]);
        assert!(l.problems().is_empty(), "{:?}", l.problems());
        assert_eq!(l.format("my", "language-name", None), "မြန်မာ");
    }
}
