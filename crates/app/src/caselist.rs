//! The case list as the window shows it: interviews and vessel inspections
//! with a status, a date in the person's language, the questionnaire's title
//! and where the record is kept; search, filters and pages, so that thousands
//! of records open fast (the list reads only the small encrypted index
//! records, never the documents, except to tell a completed screening that
//! suggests referrals, which is remembered per record version).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use vault::{RecordKind, RecordState};

use crate::cases::CaseStore;
use crate::{App, AppError, dates};

/// The most rows one page carries.
pub const MAX_PAGE: u32 = 500;

/// What the person asked the list for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Type)]
pub struct CaseQuery {
    /// Words to look for (empty: everything).
    #[serde(default)]
    pub search: String,
    /// A status code (`in_progress`, `complete`, `referred`, ...), or none.
    #[serde(default)]
    pub status: Option<String>,
    /// A kind filter value from [`CaseListView::kinds`], or none.
    #[serde(default)]
    pub kind: Option<String>,
    /// The first row to return.
    #[serde(default)]
    pub offset: u32,
    /// How many rows to return (at most [`MAX_PAGE`]; 0 means the default page).
    #[serde(default)]
    pub limit: u32,
}

/// One row of the case list, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CaseItem {
    pub id: String,
    /// `interview`, `vessel_inspection` or `damaged`.
    pub kind: String,
    /// What the record is, in the reader's language ("Vessel inspection", ...).
    pub kind_label: String,
    /// The record's own title (a vessel code, a crew code), if it has one.
    pub title: String,
    /// The questionnaire's title in the reader's language.
    pub questionnaire: String,
    /// `in_progress`, `complete`, `referred` (complete, and the result
    /// suggests referrals), `damaged`, or a status the vault adds.
    pub status: String,
    pub status_label: String,
    /// The date of the latest change, as the reader writes dates.
    pub date: String,
    /// The latest change, RFC 3339 (for machines).
    pub updated: String,
    /// Where the record is kept: `device_only` (no team), `waiting` (changes
    /// not yet sent to the team's relay) or `synced`.
    pub sync: String,
    pub sync_label: String,
    pub answers: u32,
    pub conflicts: u32,
    /// The version of the questionnaire the record was made with.
    pub form_version: String,
    /// Whether that questionnaire is on this device: `ready`, `waiting`
    /// (in a team: it has not arrived yet; the record opens after the sync
    /// that brings it), `refused` (the team's copy was refused) or
    /// `missing`.
    pub form_state: String,
    /// What `form_state` means, in the reader's language (absent when ready).
    pub form_state_label: Option<String>,
}

/// A choice in a filter, with how many records it would show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub count: u32,
}

/// A page of the case list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CaseListView {
    /// Records on this device.
    pub total: u32,
    /// Records matching the search and filters.
    pub matched: u32,
    pub offset: u32,
    pub rows: Vec<CaseItem>,
    /// Status filter choices (counted among records matching the search).
    pub statuses: Vec<FilterOption>,
    /// Kind filter choices: vessel inspections and each questionnaire's interviews.
    pub kinds: Vec<FilterOption>,
    /// "Showing N of M", in the reader's language.
    pub summary: String,
    /// When records were found older than this device last saw them (an old
    /// copy of the store put back): what happened, in the reader's language.
    /// They stay listed as damaged until the person accepts them as they
    /// are now ([`App::accept_rolled_back`]).
    pub rolled_back: Option<String>,
}

/// What the list remembers while the store is open: whether each completed
/// screening suggests referrals (by record and version), for records
/// completed before the result was kept in the index.
#[derive(Debug, Default)]
pub struct ListCache {
    referred: HashMap<vault::RecordId, (DateTime<Utc>, bool)>,
    /// The questionnaire hash each record names (it never changes).
    pub(crate) form_hashes: HashMap<vault::RecordId, String>,
}

const DEFAULT_PAGE: u32 = 100;

/// The kind filter value of a record.
fn kind_value(kind: RecordKind, form_id: &str) -> String {
    match kind {
        RecordKind::VesselInspection => "vessel_inspection".to_owned(),
        RecordKind::Interview | RecordKind::Questionnaire => format!("interview:{form_id}"),
    }
}

fn kind_code(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Interview => "interview",
        RecordKind::VesselInspection => "vessel_inspection",
        RecordKind::Questionnaire => "questionnaire",
    }
}

/// A message from the case list's catalog.
pub(crate) fn msg(lang: &str, id: &str) -> String {
    i18n::localizer().format(lang, id, None)
}

/// The label of a status code (`case-status-<code>`).
pub(crate) fn status_label(lang: &str, code: &str) -> String {
    i18n::localizer()
        .try_format(lang, &format!("case-status-{code}"), None)
        .unwrap_or_else(|| code.to_owned())
}

/// The status the list shows: a completed interview whose result suggests
/// referrals is `referred`. The result kept at completion (`recorded`:
/// whether it suggests referrals) answers at once; records completed before
/// results were kept are scored once per version.
pub(crate) fn shown_status(
    store: &mut CaseStore,
    id: vault::RecordId,
    kind: RecordKind,
    status: &str,
    updated: DateTime<Utc>,
    recorded: Option<bool>,
) -> String {
    if kind != RecordKind::Interview || status != "complete" {
        return status.to_owned();
    }
    if let Some(referred) = recorded {
        return if referred { "referred" } else { "complete" }.to_owned();
    }
    if let Some((at, referred)) = store.list_cache.referred.get(&id)
        && *at == updated
    {
        return if *referred { "referred" } else { "complete" }.to_owned();
    }
    let referred = match store.interview(&id.to_string()) {
        Ok(view) => view
            .scoring
            .and_then(|s| s.determination)
            .is_some_and(|d| !d.referrals.is_empty()),
        // Unreadable now: show what the index says, try again next time.
        Err(_) => return status.to_owned(),
    };
    store.list_cache.referred.insert(id, (updated, referred));
    if referred { "referred" } else { "complete" }.to_owned()
}

/// `#` and the first eight characters of a record id: enough to tell two
/// unnamed drafts apart.
fn short_id(id: &str) -> String {
    format!("#{}", id.chars().take(8).collect::<String>())
}

/// The shipped questionnaires' titles in `lang`, by questionnaire id (read
/// once per language: they are part of the binary).
fn titles(lang: &str) -> HashMap<String, String> {
    static TITLES: std::sync::OnceLock<std::sync::Mutex<HashMap<String, HashMap<String, String>>>> =
        std::sync::OnceLock::new();
    let mut all = TITLES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    all.entry(lang.to_owned())
        .or_insert_with(|| {
            crate::catalog::list(lang)
                .into_iter()
                .map(|q| (q.id, q.title))
                .collect()
        })
        .clone()
}

/// Where a record is kept until the page is built: on this device only
/// (see [`set_sync_states`]).
fn sync_state() -> &'static str {
    "device_only"
}

/// Sets the sync state of the rows on one page: `device_only` when the
/// device is in no team, else `waiting` (changes not yet sent) or `synced`.
/// Only the page's records are looked at, so a long list stays fast.
fn set_sync_states(store: &mut CaseStore, rows: &mut [CaseItem], lang: &str) {
    let ids: Vec<vault::RecordId> = rows.iter().filter_map(|r| r.id.parse().ok()).collect();
    let Ok(Some(waiting)) = link::waiting(store.vault_mut(), &ids) else {
        // No team, or the team state cannot be read: the record is only here.
        return;
    };
    let mut labels: HashMap<&str, String> = HashMap::new();
    let mut waiting = waiting.into_iter();
    for row in rows
        .iter_mut()
        .filter(|r| r.id.parse::<vault::RecordId>().is_ok())
    {
        let state = if waiting.next().unwrap_or(true) {
            "waiting"
        } else {
            "synced"
        };
        row.sync = state.to_owned();
        row.sync_label = labels
            .entry(state)
            .or_insert_with(|| msg(lang, &format!("case-sync-{state}")))
            .clone();
    }
}

/// Builds the list page for `query` from the store's index.
pub fn case_list(store: &mut CaseStore, query: &CaseQuery) -> Result<CaseListView, AppError> {
    let lang = store.lang().to_owned();
    let l = i18n::localizer();
    let all: Vec<_> = store
        .vault_mut()
        .list()
        .map_err(|e| AppError::from_vault(&e, &lang))?
        .into_iter()
        .filter(|c| !crate::team_forms::is_team_form(c))
        .collect();
    let needle = query.search.trim().to_lowercase();
    // What the vault's own search matches: title, questionnaire id,
    // language code, record id.
    let index_hits: Option<HashSet<vault::RecordId>> = if needle.is_empty() {
        None
    } else {
        Some(
            store
                .vault_mut()
                .search(&needle)
                .map_err(|e| AppError::from_vault(&e, &lang))?
                .into_iter()
                .map(|c| c.id)
                .collect(),
        )
    };
    let titles = titles(&lang);
    let vessel_label = msg(&lang, "case-kind-vessel_inspection");
    let interview_label = msg(&lang, "case-kind-interview");
    let damaged_label = msg(&lang, "case-kind-damaged");
    let sync_label = msg(&lang, &format!("case-sync-{}", sync_state()));
    let mut status_labels: BTreeMap<String, String> = BTreeMap::new();
    let mut kind_options: BTreeMap<String, (String, u32)> = BTreeMap::new();
    let mut status_counts: BTreeMap<String, u32> = BTreeMap::new();
    let mut matched: Vec<CaseItem> = Vec::new();
    // Thousands of records share a few days and labels: format and match
    // each once.
    let mut days: HashMap<chrono::NaiveDate, String> = HashMap::new();
    let mut label_matches: HashMap<String, bool> = HashMap::new();
    let total = u32::try_from(all.len()).unwrap_or(u32::MAX);
    for c in all {
        let (item, kind_filter) = match c.state {
            RecordState::Ok(e) => {
                let recorded = e.outcome.as_ref().map(|_| !e.referrals.is_empty());
                let status =
                    shown_status(store, c.id, e.kind, e.status.code(), e.updated_at, recorded);
                let status_label = status_labels
                    .entry(status.clone())
                    .or_insert_with(|| status_label(&lang, &status))
                    .clone();
                let questionnaire = titles
                    .get(&e.form_id)
                    .cloned()
                    .unwrap_or_else(|| e.form_id.clone());
                let kind_filter = kind_value(e.kind, &e.form_id);
                let kind_label = match e.kind {
                    RecordKind::VesselInspection => vessel_label.clone(),
                    RecordKind::Interview | RecordKind::Questionnaire => interview_label.clone(),
                };
                let filter_label = match e.kind {
                    RecordKind::VesselInspection => vessel_label.clone(),
                    RecordKind::Interview | RecordKind::Questionnaire => questionnaire.clone(),
                };
                let item = CaseItem {
                    id: c.id.to_string(),
                    kind: kind_code(e.kind).to_owned(),
                    kind_label,
                    // Two records are never shown alike: one without a
                    // name yet (a draft before its case code) shows the
                    // start of its id.
                    title: if e.title.0.trim().is_empty() {
                        short_id(&c.id.to_string())
                    } else {
                        e.title.0.clone()
                    },
                    questionnaire,
                    status,
                    status_label,
                    date: days
                        .entry(e.updated_at.with_timezone(&chrono::Local).date_naive())
                        .or_insert_with(|| dates::format_date(e.updated_at, &lang))
                        .clone(),
                    updated: e
                        .updated_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    sync: sync_state().to_owned(),
                    sync_label: sync_label.clone(),
                    answers: e.answer_count,
                    conflicts: e.conflict_count,
                    form_version: e.form_version.clone(),
                    form_state: "ready".to_owned(),
                    form_state_label: None,
                };
                (item, Some((kind_filter, filter_label)))
            }
            RecordState::Damaged { .. } => (
                CaseItem {
                    id: c.id.to_string(),
                    kind: "damaged".to_owned(),
                    kind_label: damaged_label.clone(),
                    title: String::new(),
                    questionnaire: String::new(),
                    status: "damaged".to_owned(),
                    status_label: status_label(&lang, "damaged"),
                    date: String::new(),
                    updated: String::new(),
                    sync: sync_state().to_owned(),
                    sync_label: sync_label.clone(),
                    answers: 0,
                    conflicts: 0,
                    form_version: String::new(),
                    form_state: "ready".to_owned(),
                    form_state_label: None,
                },
                None,
            ),
        };
        let found = needle.is_empty()
            || index_hits.as_ref().is_some_and(|h| h.contains(&c.id))
            || [
                &item.questionnaire,
                &item.status_label,
                &item.kind_label,
                &item.date,
            ]
            .into_iter()
            .any(|t| {
                *label_matches
                    .entry(t.clone())
                    .or_insert_with(|| t.to_lowercase().contains(&needle))
            });
        if !found {
            continue;
        }
        if let Some((value, label)) = &kind_filter {
            let entry = kind_options
                .entry(value.clone())
                .or_insert_with(|| (label.clone(), 0));
            if query.status.as_ref().is_none_or(|s| *s == item.status) {
                entry.1 += 1;
            }
        }
        let kind_ok = query
            .kind
            .as_ref()
            .is_none_or(|k| kind_filter.as_ref().is_some_and(|(v, _)| v == k));
        if kind_ok {
            *status_counts.entry(item.status.clone()).or_default() += 1;
        }
        if kind_ok && query.status.as_ref().is_none_or(|s| *s == item.status) {
            matched.push(item);
        }
    }
    // Every known status is offered, even with no record yet, in a fixed order.
    let mut statuses: Vec<FilterOption> =
        ["in_progress", "complete", "referred", "consent_declined"]
            .iter()
            .map(|code| FilterOption {
                value: (*code).to_owned(),
                label: status_label(&lang, code),
                count: status_counts.remove(*code).unwrap_or(0),
            })
            .collect();
    statuses.extend(status_counts.into_iter().map(|(code, count)| FilterOption {
        label: status_label(&lang, &code),
        value: code,
        count,
    }));
    let kinds = kind_options
        .into_iter()
        .map(|(value, (label, count))| FilterOption {
            value,
            label,
            count,
        })
        .collect();
    let limit = match query.limit {
        0 => DEFAULT_PAGE,
        n => n.min(MAX_PAGE),
    } as usize;
    let matched_n = u32::try_from(matched.len()).unwrap_or(u32::MAX);
    let offset = (query.offset as usize).min(matched.len());
    let mut rows: Vec<CaseItem> = matched.into_iter().skip(offset).take(limit).collect();
    set_sync_states(store, &mut rows, &lang);
    crate::team_forms::set_form_states(store, &mut rows, &lang);
    let shown = offset + rows.len();
    let digits = |n: &dyn ToString| dates::localize_digits(&n.to_string(), &lang);
    let summary = l.format_with(
        &lang,
        "case-list-summary",
        &[
            ("shown", digits(&shown)),
            ("matched", digits(&matched_n)),
            ("total", digits(&total)),
        ],
    );
    let rolled_back = match store.vault.rolled_back_count() {
        0 => None,
        n => Some(i18n::message(&lang, "case-rolled-back", &[("count", n)])),
    };
    Ok(CaseListView {
        total,
        matched: matched_n,
        offset: u32::try_from(offset).unwrap_or(u32::MAX),
        rows,
        statuses,
        kinds,
        summary,
        rolled_back,
    })
}

impl CaseStore {
    /// The rows of [`CaseStore::list`] with the status the window's case
    /// list shows (a completed interview whose result suggests referrals is
    /// `referred`): what `fieldscreen interview list` prints.
    pub fn list_shown(&mut self) -> Result<Vec<crate::cases::CaseRow>, AppError> {
        let lang = self.lang.clone();
        let complete: Vec<_> = self
            .vault
            .list()
            .map_err(|e| AppError::from_vault(&e, &lang))?
            .into_iter()
            .filter_map(|c| match c.state {
                RecordState::Ok(e)
                    if e.kind == RecordKind::Interview && e.status.code() == "complete" =>
                {
                    Some((c.id, e))
                }
                _ => None,
            })
            .collect();
        let mut shown: HashMap<String, String> = HashMap::new();
        for (id, e) in complete {
            let recorded = e.outcome.as_ref().map(|_| !e.referrals.is_empty());
            let status = shown_status(self, id, e.kind, e.status.code(), e.updated_at, recorded);
            shown.insert(id.to_string(), status);
        }
        let mut rows = self.list()?;
        rows.iter_mut()
            .for_each(|r| r.status = shown.remove(&r.id).unwrap_or(std::mem::take(&mut r.status)));
        Ok(rows)
    }
}

impl App {
    /// A page of the case list for `query`.
    pub fn case_list(&self, query: CaseQuery) -> Result<CaseListView, AppError> {
        self.with_store(|store| case_list(store, &query))
    }

    /// The person accepts the records found rolled back as they are on
    /// disk now: they read again (without what they lost), and the store
    /// stops reporting them. Durable on return.
    pub fn accept_rolled_back(&self) -> Result<(), AppError> {
        let lang = self.language();
        self.with_store(|store| {
            store
                .vault
                .accept_current_state()
                .map_err(|e| AppError::from_vault(&e, &lang))
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
