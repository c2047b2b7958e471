//! Team, relay-sync and bundle actions on an open store: the one code path
//! behind both the window ([`App`](crate::App) methods, which hold the
//! store's lock and keep the screen's state) and `fieldscreen team|sync|
//! bundle|lan` (which opens a store for one command). Each takes the
//! person's language and answers with an [`AppError`] sentence.

use std::path::Path;
use std::time::Duration;

use zeroize::Zeroizing;

use super::{NewTeam, fmt, relay_pin};
use crate::cases::CaseStore;
use crate::{AppError, ErrorCode};

/// What the command line prints of a team (the window's [`super::TeamView`]
/// is made from it).
pub use link::{
    BundleReport, InviteCheck, LanReport, Progress, RelayPin, SyncReport, TeamAlert, TeamInfo,
    Waiting, pin_fingerprint, pin_to_hex,
};

fn err(lang: &str) -> impl Fn(link::LinkError) -> AppError + '_ {
    move |e| AppError::from_link(&e, lang)
}

/// The window's checks on "create a team", before the vault or the
/// network is touched.
pub fn check_new_team(input: NewTeam, lang: &str) -> Result<NewTeamChecked, AppError> {
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        return Err(AppError {
            code: ErrorCode::InvalidAnswer,
            message: fmt(lang, "syncview-name-required", &[]),
        });
    }
    let pin = match input.relay_pin.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(relay_pin(p, lang)?),
    };
    let token = input
        .operator_token
        .map(|t| Zeroizing::new(t.trim().to_owned()))
        .filter(|t| !t.is_empty());
    Ok(NewTeamChecked {
        relay: input.relay.trim().to_owned(),
        name,
        pin,
        token,
    })
}

/// A [`NewTeam`] that passed [`check_new_team`]: a name, a well-formed pin
/// when one was given, a token when one was given.
pub struct NewTeamChecked {
    relay: String,
    name: String,
    pin: Option<RelayPin>,
    token: Option<Zeroizing<String>>,
}

impl std::fmt::Debug for NewTeamChecked {
    // The operator's token stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewTeamChecked")
            .field("relay", &self.relay)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl CaseStore {
    /// Creates a team on the relay; this device becomes its admin.
    pub fn create_team(&mut self, team: NewTeamChecked, lang: &str) -> Result<TeamInfo, AppError> {
        let t = team;
        link::create_team(
            self.vault_mut(),
            &t.relay,
            &t.name,
            t.pin,
            t.token.as_ref().map(|t| t.as_str()),
        )
        .map_err(err(lang))
    }

    /// This vault's team, if any.
    pub fn team_info(&mut self, lang: &str) -> Result<Option<TeamInfo>, AppError> {
        link::info(self.vault_mut()).map_err(err(lang))
    }

    /// This vault's team, or the "no team" sentence.
    pub fn team(&mut self, lang: &str) -> Result<TeamInfo, AppError> {
        self.team_info(lang)?
            .ok_or_else(|| AppError::from_link(&link::LinkError::NoTeam, lang))
    }

    /// (Admin) a one-time invite code valid for `valid_for`.
    pub fn team_invite(&mut self, valid_for: Duration, lang: &str) -> Result<String, AppError> {
        link::invite(self.vault_mut(), valid_for).map_err(err(lang))
    }

    /// The digits this device shows while it waits to be admitted with
    /// `code` (its keys are made and kept first).
    pub fn join_fingerprint(&mut self, code: &str, lang: &str) -> Result<String, AppError> {
        link::join_fingerprint(self.vault_mut(), code).map_err(err(lang))
    }

    /// Asks to join with `code` and waits up to `timeout` for admission.
    pub fn join_team_wait(
        &mut self,
        code: &str,
        timeout: Duration,
        poll: Duration,
        lang: &str,
    ) -> Result<TeamInfo, AppError> {
        link::join(self.vault_mut(), code, timeout, poll).map_err(err(lang))
    }

    /// (Admin) the devices waiting to join.
    pub fn waiting_devices(&mut self, lang: &str) -> Result<Vec<Waiting>, AppError> {
        link::waiting_devices(self.vault_mut()).map_err(err(lang))
    }

    /// (Admin) admits the waiting devices showing these fingerprints.
    pub fn admit_devices(
        &mut self,
        fingerprints: &[String],
        lang: &str,
    ) -> Result<Vec<Waiting>, AppError> {
        link::admit(self.vault_mut(), fingerprints).map_err(err(lang))
    }

    /// (Admin) removes a device (hex key or unique prefix); the team key
    /// rotates. Returns the new key epoch.
    pub fn remove_device(&mut self, device: &str, lang: &str) -> Result<u32, AppError> {
        link::remove(self.vault_mut(), device).map_err(err(lang))
    }

    /// (Admin) names the relay's TLS keys from now on.
    pub fn set_relay_pins(&mut self, pins: &[RelayPin], lang: &str) -> Result<u32, AppError> {
        link::set_relay_pins(self.vault_mut(), pins).map_err(err(lang))
    }

    /// (Supervisor) allows a member's device to publish questionnaires, or
    /// stops it.
    pub fn allow_publisher(
        &mut self,
        device: &str,
        allowed: bool,
        lang: &str,
    ) -> Result<u32, AppError> {
        link::allow_publisher(self.vault_mut(), device, allowed).map_err(err(lang))
    }

    /// One round with the relay ("sync now").
    pub fn sync_round(
        &mut self,
        progress: &mut dyn FnMut(Progress),
        lang: &str,
    ) -> Result<SyncReport, AppError> {
        link::sync_round(self.vault_mut(), progress).map_err(err(lang))
    }

    /// Writes every record, sealed for the team, to `path`.
    pub fn export_bundle(&mut self, path: &Path, lang: &str) -> Result<BundleReport, AppError> {
        link::export_bundle(self.vault_mut(), path).map_err(err(lang))
    }

    /// Merges a bundle made by a device of this team.
    pub fn import_bundle(&mut self, path: &Path, lang: &str) -> Result<BundleReport, AppError> {
        link::import_bundle(self.vault_mut(), path).map_err(err(lang))
    }

    /// Whether this device may sync with a nearby one: in a team and
    /// admitted (else the nearby panel's "unavailable" sentence).
    pub fn check_nearby(&mut self, lang: &str) -> Result<(), AppError> {
        match self.team_info(lang)? {
            Some(t) if t.admitted => Ok(()),
            _ => Err(super::nearby::unavailable(lang)),
        }
    }

    /// Connects to a nearby device waiting at `address` and syncs with it.
    pub fn nearby_connect(
        &mut self,
        address: &str,
        progress: &mut dyn FnMut(Progress),
        lang: &str,
    ) -> Result<LanReport, AppError> {
        self.check_nearby(lang)?;
        link::lan::connect(self.vault_mut(), address, progress).map_err(err(lang))
    }
}

/// Typed fingerprints (native digits, spaces and dashes accepted) as plain
/// ASCII digits.
pub fn parse_fingerprints(typed: &[String], lang: &str) -> Result<Vec<String>, AppError> {
    link::parse_fingerprints(typed).map_err(err(lang))
}
