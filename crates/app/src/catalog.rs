//! The questionnaires shipped inside the app (embedded at build time from
//! `questionnaires/`), so a fresh install can start an interview with no file
//! beside the binary.

use serde::Serialize;
use specta::Type;

use crate::forms_source::FormFiles;

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped.rs"));
}

/// One shipped questionnaire as the "new interview" screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct QuestionnaireInfo {
    /// Folder name under `questionnaires/` (`victim-screening`, ...): how
    /// the UI and the CLI ask for it.
    pub key: String,
    /// The questionnaire's own id and version (kept with every record).
    pub id: String,
    pub version: String,
    /// Its title in the requested language (English fallback).
    pub title: String,
    /// The languages it can be asked in.
    pub languages: Vec<FormLanguage>,
}

/// A language a questionnaire can be asked in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FormLanguage {
    pub code: String,
    /// The language's own name for itself.
    pub name: String,
}

/// The keys of the shipped questionnaires, in the order they are offered.
pub fn keys() -> impl Iterator<Item = &'static str> {
    shipped::SHIPPED.iter().map(|(key, _)| *key)
}

/// The files of the shipped questionnaire `key`.
pub fn files(key: &str) -> Option<FormFiles> {
    shipped::SHIPPED
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, files)| {
            files
                .iter()
                .map(|(rel, bytes)| ((*rel).to_owned(), bytes.to_vec()))
                .collect()
        })
}

/// The files of the shipped questionnaire whose folder hash is `hash` (a
/// record from another device names its questionnaire by hash): a current
/// version, or a retired one that records started before an update still
/// name (`questionnaires/retired/`).
pub fn files_with_hash(hash: &str) -> Option<FormFiles> {
    let as_files = |files: &[shipped::File]| -> FormFiles {
        files
            .iter()
            .map(|(rel, bytes)| ((*rel).to_owned(), bytes.to_vec()))
            .collect()
    };
    keys()
        .filter_map(files)
        .chain(shipped::RETIRED.iter().map(|(_, f)| as_files(f)))
        .find(|files| forms::folder_hash(files) == hash)
}

/// The shipped questionnaires (current versions), loaded once per process:
/// they are part of the binary and never change while it runs. A shipped
/// questionnaire that does not load is a build defect (tests load each
/// one); it is left out rather than offered broken.
pub fn loaded() -> &'static [(&'static str, std::sync::Arc<forms::Questionnaire>)] {
    static LOADED: std::sync::OnceLock<Vec<(&'static str, std::sync::Arc<forms::Questionnaire>)>> =
        std::sync::OnceLock::new();
    LOADED.get_or_init(|| {
        keys()
            .filter_map(|key| {
                let q = crate::forms_source::load(&files(key)?).ok()?;
                Some((key, std::sync::Arc::new(q)))
            })
            .collect()
    })
}

/// Every shipped questionnaire, titled in `lang`.
pub fn list(lang: &str) -> Vec<QuestionnaireInfo> {
    loaded()
        .iter()
        .map(|(key, q)| {
            let mut render = |_: &str| String::new();
            let title = q
                .title(lang)
                .or_else(|| q.title(&q.default_language))
                .map(|t| t.render(&mut render))
                .unwrap_or_else(|| q.id.clone());
            QuestionnaireInfo {
                key: (*key).to_owned(),
                id: q.id.clone(),
                version: q.version.clone(),
                title,
                languages: q
                    .languages
                    .iter()
                    .map(|l| FormLanguage {
                        code: l.code.clone(),
                        name: l.name.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_questionnaire_loads_in_five_languages() {
        let keys: Vec<_> = keys().collect();
        assert_eq!(keys, ["victim-screening", "fishing-inspection"]);
        for key in keys {
            let files = files(key).expect("files");
            assert!(files.contains_key(forms::model::DEFINITION), "{key}");
            assert!(!files.keys().any(|f| f.ends_with("README.md")), "{key}");
            let q = forms::load_folder(&files).unwrap_or_else(|d| panic!("{key}: {d:?}"));
            let langs: Vec<_> = q.languages.iter().map(|l| l.code.as_str()).collect();
            for lang in crate::LANGUAGES {
                assert!(langs.contains(&lang), "{key} lacks {lang}: {langs:?}");
            }
        }
    }

    #[test]
    fn a_shipped_questionnaire_is_found_by_its_hash() {
        let files = files("fishing-inspection").expect("files");
        let hash = forms::folder_hash(&files);
        assert_eq!(files_with_hash(&hash), Some(files));
        assert_eq!(files_with_hash("0000"), None);
    }

    /// Records started with an older version (2026.1, before the screening
    /// rules of issue 16; 2026.2, before the glossary of issue 24 changed the
    /// translations; 2026.3 and 2026.4, before issue 23's interviewer-only
    /// set-up and instruments; 2026.5, before issue 18's self-administered
    /// section and its audio prompts) name these hashes; they must keep opening with exactly
    /// the questionnaire they were asked with, which is never offered again.
    #[test]
    fn retired_versions_are_found_by_their_hash_and_not_offered() {
        let retired = RETIRED_2026_1
            .iter()
            .map(|r| (r, "2026.1"))
            .chain(RETIRED_2026_2.iter().map(|r| (r, "2026.2")))
            .chain(RETIRED_2026_3.iter().map(|r| (r, "2026.3")))
            .chain(RETIRED_2026_4.iter().map(|r| (r, "2026.4")))
            .chain(RETIRED_2026_5.iter().map(|r| (r, "2026.5")));
        let current: Vec<String> = keys()
            .filter_map(files)
            .map(|f| forms::folder_hash(&f))
            .collect();
        for ((name, hash), version) in retired {
            let files = files_with_hash(hash).unwrap_or_else(|| panic!("{name}: {hash} not found"));
            let q = forms::load_folder(&files).unwrap_or_else(|d| panic!("{name}: {d:?}"));
            assert_eq!(q.version, version, "{name}");
            assert!(
                name.starts_with(&q.id.replace('_', "-")),
                "{name}: {}",
                q.id
            );
            assert!(
                list("en").iter().all(|i| i.version != version),
                "{name} offered"
            );
            assert!(!current.contains(&(*hash).to_owned()), "{name} is current");
        }
    }

    const RETIRED_2026_5: [(&str, &str); 2] = [
        (
            "victim-screening-2026.5",
            "e57206d52d143dc5f3670a5e0673ece434bf2284cdfd74a711dd6afd3e412cdd",
        ),
        (
            "fishing-inspection-2026.5",
            "f56b1b97ab942b34eb272dbeeefcbd589615b6669a74fa9c51eff8ef4afcaa8e",
        ),
    ];

    const RETIRED_2026_4: [(&str, &str); 2] = [
        (
            "victim-screening-2026.4",
            "0819edfbc3640dcbe3794f8095d91a20228744d25e9ea6981878892dd2468ed3",
        ),
        (
            "fishing-inspection-2026.4",
            "e54b8fe459317a310a263f01637c527d9b8c2bbfb5f54be578654d7e1daba3d9",
        ),
    ];

    const RETIRED_2026_3: [(&str, &str); 2] = [
        (
            "victim-screening-2026.3",
            "258f85e30ddd8f70ccaa1b05c982f667e01a435cb0177c7e8016b8a1187a575a",
        ),
        (
            "fishing-inspection-2026.3",
            "5dfc19b0ca5df9381fb2483214c1e11221bf802c797809697e38761c93a8ebc7",
        ),
    ];

    const RETIRED_2026_2: [(&str, &str); 2] = [
        (
            "victim-screening-2026.2",
            "2deed355394e70f2c3640f3c150baada572aae6ab0c4a0ee75aeee7e3032011c",
        ),
        (
            "fishing-inspection-2026.2",
            "11e0a27dab50a26b195f0ee595a274c8707098459a76275b0acac6812fac99e7",
        ),
    ];

    const RETIRED_2026_1: [(&str, &str); 2] = [
        (
            "victim-screening-2026.1",
            "8d2b20ff4f437447a9ec247c4e2a46d4f71c6a988c21f964f6afb17b58666d67",
        ),
        (
            "fishing-inspection-2026.1",
            "fa37d95b839aa29f81e46bc1c58ceb06da688037b21f1209d2e7dde16cbbfaf6",
        ),
    ];

    #[test]
    fn list_titles_in_the_requested_language() {
        let en = list("en");
        let th = list("th");
        assert_eq!(en.len(), 2);
        assert_eq!(en[0].key, "victim-screening");
        assert_ne!(en[0].title, th[0].title, "titles translated");
        assert!(!en[0].title.is_empty() && !en[1].title.is_empty());
    }
}
