//! Questionnaires that travel with the team (`link`'s team questionnaires,
//! seen from the app): publish one, list the team's with their versions and
//! publishers, withdraw one, start an interview on the newest version of a
//! form, and find the questionnaire a record names by hash.
//!
//! Where a questionnaire is kept on a device:
//! - shipped with the app: public text, under `<vault>/forms/<hash>/`;
//! - anything else a person imported (an XLSForm, a folder): encrypted in
//!   the vault, as the secret `form:<hash>` (never plaintext on disk);
//! - published by the team: its team document (a vault record, encrypted),
//!   used only once `link` checked its signatures against the log and this
//!   module checked that its files hash to the hash it is named by.
//!
//! A record whose questionnaire is not on this device yet, on a device in
//! a team, says it is waiting for it ([`AppError::form_waiting`]) and
//! opens after the sync that brings it.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use link::questionnaire::{self as q, Refusal};
use serde::Serialize;
use specta::Type;
use vault::FormRef;

use crate::AppError;
use crate::cases::CaseStore;
use crate::forms_source::{self, FormFiles};
use forms::Questionnaire;

const PRIVATE_PREFIX: &str = "form:";

/// A team questionnaire as the window and `fieldscreen form list` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TeamFormView {
    pub id: String,
    pub version: String,
    pub hash: String,
    /// The questionnaire's title in the reader's language (its id when
    /// refused: nothing from a refused questionnaire is read).
    pub title: String,
    /// `current` (what new interviews on this form take), `older` (a
    /// version kept for the records made with it), `withdrawn` (no new
    /// interviews) or `refused` (never used).
    pub state: String,
    pub state_label: String,
    /// Why it is refused, in the reader's language.
    pub refusal: Option<String>,
    /// Who published it (short device key; `admin` when the team's
    /// supervisor) and when, earliest first.
    pub publishers: Vec<PublisherView>,
    /// "Published by … on …" for the first publisher, in the reader's
    /// language (empty when refused).
    pub published: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PublisherView {
    /// The first 16 hex digits of the device's key.
    pub device: String,
    pub admin: bool,
    /// The date it was published, as the reader writes dates.
    pub date: String,
    /// RFC 3339 (for machines).
    pub at: String,
}

/// Whether a vault record is a team questionnaire (not a case).
pub(crate) fn is_team_form(c: &vault::CaseSummary) -> bool {
    matches!(&c.state, vault::RecordState::Ok(e) if e.kind == vault::RecordKind::Questionnaire)
}

fn link_error(e: &link::LinkError, lang: &str) -> AppError {
    AppError::from_link(e, lang)
}

/// Whether the vault keeps a private copy of the questionnaire `hash`.
pub(crate) fn has_private(store: &mut CaseStore, hash: &str, lang: &str) -> Result<bool, AppError> {
    store
        .vault
        .secret(&format!("{PRIVATE_PREFIX}{hash}"))
        .map(|s| s.is_some())
        .map_err(|e| AppError::from_vault(&e, lang))
}

/// Keeps an imported questionnaire encrypted in the vault.
pub(crate) fn keep_private(
    store: &mut CaseStore,
    hash: &str,
    files: &FormFiles,
    lang: &str,
) -> Result<(), AppError> {
    let name = format!("{PRIVATE_PREFIX}{hash}");
    if store
        .vault
        .secret(&name)
        .map_err(|e| AppError::from_vault(&e, lang))?
        .is_some()
    {
        return Ok(());
    }
    let encoded = q::encode_files(files).map_err(|r| AppError::team_form(r.message_id(), lang))?;
    store
        .vault
        .put_secret(&name, &encoded)
        .map_err(|e| AppError::from_vault(&e, lang))
}

/// The files of the questionnaire with `hash` kept in the vault (a private
/// copy, or a team questionnaire that passed every check); `None` when the
/// vault has neither. A team questionnaire that is refused is an error
/// with the reason, and nothing from it is returned.
pub(crate) fn find(
    store: &mut CaseStore,
    hash: &str,
    lang: &str,
) -> Result<Option<FormFiles>, AppError> {
    let name = format!("{PRIVATE_PREFIX}{hash}");
    if let Some(bytes) = store
        .vault
        .secret(&name)
        .map_err(|e| AppError::from_vault(&e, lang))?
    {
        let files =
            q::decode_files(&bytes).map_err(|r| AppError::team_form(r.message_id(), lang))?;
        return Ok(Some(files));
    }
    let Some(team) =
        link::team_questionnaire(&mut store.vault, hash).map_err(|e| link_error(&e, lang))?
    else {
        return Ok(None);
    };
    checked_form(&team, &mut store.forms)
        .map(|(files, _)| Some(files))
        .map_err(|r| AppError::team_form(r.message_id(), lang))
}

/// The files of a team questionnaire once every check passed (`link`'s:
/// signatures, publishers, files as signed; and the hash of the folder
/// recomputed here, which must be the hash the document is named by), and
/// the loaded questionnaire, which `loaded` caches
/// by hash (a questionnaire is loaded and its hash computed once).
fn checked_form(
    team: &link::TeamQuestionnaire,
    loaded: &mut std::collections::HashMap<String, Arc<Questionnaire>>,
) -> Result<(FormFiles, Arc<Questionnaire>), Refusal> {
    team.checked.as_ref().map_err(|r| *r)?;
    let files = team.files.clone().ok_or(Refusal::Malformed)?;
    if let Some(q) = loaded.get(&team.form.hash) {
        return Ok((files, q.clone()));
    }
    let q = forms_source::load(&files).map_err(|_| Refusal::Malformed)?;
    if q.hash != team.form.hash {
        return Err(Refusal::WrongHash);
    }
    let q = Arc::new(q);
    loaded.insert(q.hash.clone(), q.clone());
    Ok((files, q))
}

impl CaseStore {
    /// Publishes the questionnaire at `path` (a folder, its
    /// `questionnaire.toml`, or an XLSForm) to the team: signed by this
    /// device, carried by the next sync to every member. Returns the team's
    /// questionnaires after it.
    pub fn publish_form(&mut self, path: &Path) -> Result<Vec<TeamFormView>, AppError> {
        let lang = self.lang.clone();
        let files = forms_source::read(path).map_err(|e| e.into_app_error(path, &lang))?;
        self.publish_files(&files, path)
    }

    /// [`CaseStore::publish_form`] for folder files already read.
    pub fn publish_files(
        &mut self,
        files: &FormFiles,
        source: &Path,
    ) -> Result<Vec<TeamFormView>, AppError> {
        let lang = self.lang.clone();
        let loaded = forms_source::load(files).map_err(|e| e.into_app_error(source, &lang))?;
        let form = FormRef {
            id: loaded.id.clone(),
            version: loaded.version.clone(),
            hash: loaded.hash.clone(),
        };
        link::publish_questionnaire(&mut self.vault, files, &form, &loaded.default_language)
            .map_err(|e| link_error(&e, &lang))?;
        self.team_forms()
    }

    /// Withdraws team questionnaire `which`: a hash (that version), or a
    /// form id (every version of it). No new interviews on it; records made
    /// with it still open.
    pub fn withdraw_form(&mut self, which: &str) -> Result<Vec<TeamFormView>, AppError> {
        let lang = self.lang.clone();
        let all = link::team_questionnaires(&mut self.vault).map_err(|e| link_error(&e, &lang))?;
        let hashes: Vec<String> = all
            .iter()
            .filter(|t| t.form.hash == which || t.form.id == which)
            .filter(|t| t.checked.as_ref().is_ok_and(|c| c.withdrawn.is_empty()))
            .map(|t| t.form.hash.clone())
            .collect();
        if hashes.is_empty() {
            return Err(link_error(&link::LinkError::QuestionnaireUnknown, &lang));
        }
        for h in hashes {
            link::withdraw_questionnaire(&mut self.vault, &h).map_err(|e| link_error(&e, &lang))?;
        }
        self.team_forms()
    }

    /// The team's questionnaires, newest first within each form.
    pub fn team_forms(&mut self) -> Result<Vec<TeamFormView>, AppError> {
        let lang = self.lang.clone();
        let mut all =
            link::team_questionnaires(&mut self.vault).map_err(|e| link_error(&e, &lang))?;
        all.sort_by(|a, b| {
            a.form
                .id
                .cmp(&b.form.id)
                .then_with(|| first_published(b).cmp(&first_published(a)))
        });
        let current = current_versions(&all, &mut self.forms);
        let mut out = Vec::with_capacity(all.len());
        for t in &all {
            let checked = checked_form(t, &mut self.forms);
            let (title, refusal) = match &checked {
                Ok((_, q)) => (
                    title_of(q, &lang).unwrap_or_else(|| t.form.id.clone()),
                    None,
                ),
                Err(r) => (t.form.id.clone(), Some(msg(&lang, r.message_id()))),
            };
            let state = match &checked {
                Err(_) => "refused",
                Ok(_) if current.get(&t.form.id) == Some(&t.form.hash) => "current",
                Ok(_) if t.checked.as_ref().is_ok_and(|c| !c.withdrawn.is_empty()) => "withdrawn",
                Ok(_) => "older",
            };
            let publishers: Vec<PublisherView> = t
                .checked
                .as_ref()
                .map(|c| {
                    c.published
                        .iter()
                        .map(|a| {
                            let hex = a.signer.to_hex();
                            let at = DateTime::<Utc>::from_timestamp_millis(a.time_ms as i64)
                                .unwrap_or_default();
                            PublisherView {
                                admin: t.admin == Some(a.signer),
                                device: hex[..16].to_owned(),
                                date: crate::dates::format_date(at, &lang),
                                at: at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let published = publishers
                .first()
                .map(|p| {
                    let who = if p.admin {
                        fmt(&lang, "cli-form-publisher-admin", &[("device", &p.device)])
                    } else {
                        p.device.clone()
                    };
                    fmt(
                        &lang,
                        "cli-form-published-by",
                        &[("publisher", &who), ("date", &p.date)],
                    )
                })
                .unwrap_or_default();
            out.push(TeamFormView {
                published,
                id: t.form.id.clone(),
                version: t.form.version.clone(),
                hash: t.form.hash.clone(),
                title,
                state: state.to_owned(),
                state_label: msg(&lang, &format!("team-form-state-{state}")),
                refusal,
                publishers,
            });
        }
        Ok(out)
    }

    /// Starts an interview on the newest published version of team form
    /// `form_id` that is not withdrawn.
    pub fn new_team_interview(
        &mut self,
        form_id: &str,
        interview_lang: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        let lang = self.lang.clone();
        let all = link::team_questionnaires(&mut self.vault).map_err(|e| link_error(&e, &lang))?;
        let current = current_versions(&all, &mut self.forms);
        let team = current
            .get(form_id)
            .and_then(|h| all.iter().find(|t| &t.form.hash == h))
            .ok_or_else(|| AppError::not_found(form_id, &lang))?;
        let (files, _) = checked_form(team, &mut self.forms)
            .map_err(|r| AppError::team_form(r.message_id(), &lang))?;
        self.new_record_from(
            &files,
            Path::new(form_id),
            interview_lang,
            now,
            vault::RecordKind::Interview,
        )
    }

    /// Whether a team form with this id is open for new interviews.
    pub fn has_team_form(&mut self, form_id: &str) -> bool {
        link::team_questionnaires(&mut self.vault)
            .map(|all| current_versions(&all, &mut self.forms).contains_key(form_id))
            .unwrap_or(false)
    }
}

/// Sets whether each row's questionnaire is on this device (see
/// [`crate::caselist::CaseItem::form_state`]); for the rows of one page.
pub(crate) fn set_form_states(
    store: &mut CaseStore,
    rows: &mut [crate::caselist::CaseItem],
    lang: &str,
) {
    for row in rows.iter_mut().filter(|r| r.kind != "damaged") {
        let Ok(id) = row.id.parse::<vault::RecordId>() else {
            continue;
        };
        let hash = match store.list_cache.form_hashes.get(&id) {
            Some(h) => h.clone(),
            None => match store.vault.record(id) {
                Ok(r) => {
                    store.list_cache.form_hashes.insert(id, r.form.hash.clone());
                    r.form.hash
                }
                Err(_) => continue,
            },
        };
        let state = match store.form(&hash, lang) {
            Ok(_) => "ready",
            Err(e) if e.code == crate::ErrorCode::FormWaiting => "waiting",
            Err(e) if e.code == crate::ErrorCode::FormRefused => "refused",
            Err(_) => "missing",
        };
        row.form_state = state.to_owned();
        row.form_state_label = (state != "ready").then(|| msg(lang, &format!("case-form-{state}")));
    }
}

fn first_published(t: &link::TeamQuestionnaire) -> u64 {
    t.checked
        .as_ref()
        .ok()
        .and_then(|c| c.published.first())
        .map_or(0, |a| a.time_ms)
}

/// Form id → the hash new interviews take: of the versions published by a
/// device that may still publish and not withdrawn, the one first
/// published last.
fn current_versions(
    all: &[link::TeamQuestionnaire],
    loaded: &mut std::collections::HashMap<String, Arc<Questionnaire>>,
) -> BTreeMap<String, String> {
    let mut best: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for t in all.iter().filter(|t| t.open_for_new_interviews()) {
        if checked_form(t, loaded).is_err() {
            continue;
        }
        let at = first_published(t);
        let e = best
            .entry(t.form.id.clone())
            .or_insert((at, t.form.hash.clone()));
        if at > e.0 {
            *e = (at, t.form.hash.clone());
        }
    }
    best.into_iter().map(|(k, (_, h))| (k, h)).collect()
}

fn title_of(loaded: &Questionnaire, lang: &str) -> Option<String> {
    let mut render = |_: &str| String::new();
    loaded
        .title(lang)
        .or_else(|| loaded.title(&loaded.default_language))
        .map(|t| t.render(&mut render))
}

fn fmt(lang: &str, id: &str, args: &[(&str, &str)]) -> String {
    i18n::message(lang, id, args)
}

fn msg(lang: &str, id: &str) -> String {
    fmt(lang, id, &[])
}

impl CaseStore {
    /// Starts an interview with `key`: a questionnaire shipped with the app
    /// (see [`crate::catalog`]), or else the id of a form the team
    /// published (its newest version that is not withdrawn).
    pub fn new_listed_interview(
        &mut self,
        key: &str,
        interview_lang: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        if crate::catalog::files(key).is_some() {
            self.new_shipped_interview(key, interview_lang, now)
        } else {
            self.new_team_interview(key, interview_lang, now)
        }
    }

    /// The team's forms open for new interviews, as the "new interview"
    /// screen lists them (`key` is the form id), titled in `lang`.
    pub fn team_catalog(&mut self, lang: &str) -> Vec<crate::catalog::QuestionnaireInfo> {
        let Ok(all) = link::team_questionnaires(&mut self.vault) else {
            return Vec::new();
        };
        let current = current_versions(&all, &mut self.forms);
        current
            .values()
            .filter_map(|hash| {
                let t = all.iter().find(|t| &t.form.hash == hash)?;
                let (_, q) = checked_form(t, &mut self.forms).ok()?;
                Some(crate::catalog::QuestionnaireInfo {
                    key: q.id.clone(),
                    id: q.id.clone(),
                    version: q.version.clone(),
                    title: title_of(&q, lang).unwrap_or_else(|| q.id.clone()),
                    languages: q
                        .languages
                        .iter()
                        .map(|l| crate::catalog::FormLanguage {
                            code: l.code.clone(),
                            name: l.name.clone(),
                        })
                        .collect(),
                })
            })
            .collect()
    }
}

/// What the shell's file dialog for publishing says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PublishDialogText {
    pub title: String,
    pub filter: String,
}

impl crate::App {
    /// The words of the "publish a questionnaire" file dialog.
    pub fn publish_dialog_text(&self) -> PublishDialogText {
        let lang = self.language();
        PublishDialogText {
            title: msg(&lang, "teamforms-dialog-title"),
            filter: msg(&lang, "teamforms-dialog-filter"),
        }
    }

    /// The team's questionnaires with their versions, states and
    /// publishers (empty outside a team).
    pub fn team_forms(&self) -> Result<Vec<TeamFormView>, AppError> {
        self.with_store(|s| s.team_forms())
    }

    /// Publishes the questionnaire at `path` (a folder or an XLSForm the
    /// person picked on the import screen) to the team.
    pub fn publish_form(&self, path: String) -> Result<Vec<TeamFormView>, AppError> {
        self.with_store(|s| s.publish_form(Path::new(&path)))
    }

    /// Withdraws a team questionnaire (a form id: every version; or a hash).
    pub fn withdraw_form(&self, which: String) -> Result<Vec<TeamFormView>, AppError> {
        self.with_store(|s| s.withdraw_form(&which))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team_copy(files: FormFiles, hash: &str) -> link::TeamQuestionnaire {
        link::TeamQuestionnaire {
            record: vault::RecordId::from(uuid::Uuid::from_u128(1)),
            form: FormRef {
                id: "victim_screening".into(),
                version: "2026.6".into(),
                hash: hash.into(),
            },
            files: Some(files),
            // What `link` says of a document whose signatures all check.
            checked: Ok(q::Checked {
                published: Vec::new(),
                withdrawn: Vec::new(),
            }),
            offered: true,
            admin: None,
        }
    }

    /// Signatures are not enough: the files must hash, by the `forms`
    /// crate's rule, to the hash the document is named by (a publisher
    /// who signs the wrong files under a hash gets them refused).
    #[test]
    fn a_team_questionnaire_whose_files_do_not_hash_to_its_name_is_refused() {
        let files = crate::catalog::files("victim-screening").expect("shipped");
        let real = forms_source::load(&files).expect("loads").hash;
        let other = crate::catalog::files("fishing-inspection").expect("shipped");
        let mut cache = std::collections::HashMap::new();
        assert_eq!(
            checked_form(&team_copy(other, &real), &mut cache).map(|_| ()),
            Err(Refusal::WrongHash)
        );
        assert!(cache.is_empty(), "nothing from it was kept");
        let (_, q) = checked_form(&team_copy(files.clone(), &real), &mut cache).expect("checks");
        assert_eq!(q.hash, real);
        // A refusal from `link` is passed on, files or not.
        let mut refused = team_copy(files, &real);
        refused.checked = Err(Refusal::NotPublisher);
        assert_eq!(
            checked_form(&refused, &mut std::collections::HashMap::new()).map(|_| ()),
            Err(Refusal::NotPublisher)
        );
        // Every refusal has a sentence in every language.
        for r in [
            Refusal::Malformed,
            Refusal::NotPublished,
            Refusal::NotPublisher,
            Refusal::Altered,
            Refusal::WrongHash,
        ] {
            for lang in crate::LANGUAGES {
                let said = AppError::team_form(r.message_id(), lang).message;
                assert!(!said.contains("team-form"), "{lang}: {said}");
            }
        }
    }
}
