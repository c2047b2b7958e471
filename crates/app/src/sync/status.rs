//! The sync status line: what a round's outcome, the team's alerts and the
//! progress say, in the person's words ([`status_view`], plain data in and
//! out so it is testable alone).

use chrono::{DateTime, FixedOffset, Timelike, Utc};

use super::{SyncProgressView, SyncState, SyncStatusView, fmt, fmt_count};
use crate::AppError;
use crate::dates::{format_date_at, localize_digits};

/// Why the last round failed.
#[derive(Debug, Clone)]
pub(super) struct Problem {
    pub(super) state: SyncState,
    pub(super) error: std::sync::Arc<link::LinkError>,
}

impl Problem {
    pub(super) fn of(e: link::LinkError) -> Self {
        use link::LinkError as L;
        let state = match &e {
            L::Network(_) => SyncState::Offline,
            L::Refused { status: 403, .. } => SyncState::Removed,
            L::Refused { .. } | L::BadAnswer => SyncState::Refused,
            L::NotAdmitted | L::JoinTimeout => SyncState::Joining,
            _ => SyncState::Failed,
        };
        Problem {
            state,
            error: std::sync::Arc::new(e),
        }
    }

    /// The error in plain words in `lang`.
    pub(super) fn sentence(&self, lang: &str) -> String {
        link_sentence(&self.error, lang)
    }
}

fn link_sentence(e: &link::LinkError, lang: &str) -> String {
    match e {
        link::LinkError::Vault(v) => AppError::from_vault(v, lang).message,
        _ => fmt(lang, e.message_id(), &e.message_args()),
    }
}

/// What the status is made from (plain data, so it is testable alone).
#[derive(Debug, Clone, Default)]
pub(crate) struct StatusInput {
    pub(super) unlocked: bool,
    pub(super) in_team: bool,
    pub(super) admitted: bool,
    pub(super) running: bool,
    pub(super) progress: Option<link::Progress>,
    pub(super) last_ok: Option<DateTime<Utc>>,
    pub(super) pending: u64,
    pub(super) problem: Option<Problem>,
    pub(super) retry_in_ms: Option<u64>,
    /// Standing alerts of the team ([`link::TeamAlert`]).
    pub(super) alerts: Vec<link::TeamAlert>,
}

/// An alert in plain words in `lang` (`fieldscreen team info` and `sync`
/// say the same).
pub fn alert_sentence(a: &link::TeamAlert, lang: &str) -> String {
    match a {
        link::TeamAlert::KeysRefused { .. } => fmt(lang, "team-alert-keys-refused", &[]),
        link::TeamAlert::RelayWithheld {
            relay_len,
            seen_len,
            ..
        } => fmt(
            lang,
            "team-alert-relay-withheld",
            &[
                ("relay", localize_digits(&relay_len.to_string(), lang)),
                ("seen", localize_digits(&seen_len.to_string(), lang)),
            ],
        ),
        link::TeamAlert::WaitingForKey { .. } => fmt(lang, "team-alert-waiting-for-key", &[]),
    }
}

/// `t` as "23 November 2026 at 14:05" in `lang` on the clock at `offset`.
fn last_synced_at(t: Option<DateTime<Utc>>, offset: FixedOffset, lang: &str) -> String {
    let Some(t) = t else {
        return fmt(lang, "syncview-never", &[]);
    };
    let local = t.with_timezone(&offset);
    let time = localize_digits(&format!("{:02}:{:02}", local.hour(), local.minute()), lang);
    fmt(
        lang,
        "syncview-last",
        &[("date", format_date_at(t, offset, lang)), ("time", time)],
    )
}

pub(crate) fn status_view(input: &StatusInput, offset: FixedOffset, lang: &str) -> SyncStatusView {
    let state = if !input.unlocked {
        SyncState::Locked
    } else if !input.in_team {
        SyncState::NoTeam
    } else if input.running {
        SyncState::Running
    } else if let Some(p) = &input.problem {
        p.state
    } else if !input.admitted {
        SyncState::Joining
    } else if !input.alerts.is_empty() {
        SyncState::Warning
    } else if input.pending > 0 {
        SyncState::Pending
    } else if input.last_ok.is_some() {
        SyncState::UpToDate
    } else {
        SyncState::Pending
    };
    let headline_id = match state {
        SyncState::NoTeam => "syncview-state-no-team",
        SyncState::Locked => "syncview-state-locked",
        SyncState::Joining => "syncview-state-joining",
        SyncState::Running => "syncview-state-running",
        SyncState::UpToDate => "syncview-state-up-to-date",
        SyncState::Pending => "syncview-state-pending",
        SyncState::Offline => "syncview-state-offline",
        SyncState::Refused => "syncview-state-refused",
        SyncState::Removed => "syncview-state-removed",
        SyncState::Failed => "syncview-state-failed",
        SyncState::Warning => "syncview-state-warning",
    };
    // The headline already says offline / refused / removed in plain words;
    // the detail adds when the next try is, or the error's own sentence.
    let detail = match (&input.problem, input.running) {
        (Some(p), false) => {
            let retry = input
                .retry_in_ms
                .map(|ms| fmt_count(lang, "syncview-retry-in", ms.div_ceil(1000)));
            match p.state {
                SyncState::Joining | SyncState::Removed => None,
                SyncState::Offline | SyncState::Refused => retry,
                _ => Some(match retry {
                    Some(r) => format!("{} {r}", p.sentence(lang)),
                    None => p.sentence(lang),
                }),
            }
        }
        (None, false) if state == SyncState::Warning => Some(
            input
                .alerts
                .iter()
                .map(|a| alert_sentence(a, lang))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    };
    let progress = input
        .progress
        .filter(|_| input.running)
        .map(|p| match p.phase {
            link::Phase::Push => {
                let total = p.total.unwrap_or(p.done).max(1);
                #[allow(clippy::cast_possible_truncation)]
                let percent = (p.done.min(total) * 100 / total) as u32;
                SyncProgressView {
                    percent: Some(percent),
                    label: fmt(
                        lang,
                        "syncview-progress-push",
                        &[
                            ("done", localize_digits(&p.done.to_string(), lang)),
                            ("total", localize_digits(&total.to_string(), lang)),
                        ],
                    ),
                }
            }
            link::Phase::Pull | link::Phase::Nearby => SyncProgressView {
                percent: None,
                label: fmt_count(lang, "syncview-progress-pull", p.done),
            },
        });
    let pending = u32::try_from(input.pending).unwrap_or(u32::MAX);
    SyncStatusView {
        state,
        headline: fmt(lang, headline_id, &[]),
        detail,
        last_synced: last_synced_at(input.last_ok, offset, lang),
        pending,
        pending_label: fmt_count(lang, "syncview-pending", input.pending),
        progress,
        can_sync_now: input.unlocked
            && input.in_team
            && !input.running
            && state != SyncState::Removed,
    }
}
