//! Team questionnaires: publishing a questionnaire folder to the team,
//! withdrawing it, and reading (and checking) what the team published.
//!
//! A published questionnaire is a vault record of kind `questionnaire`
//! whose id is [`sync::questionnaire::doc_id`] of its hash. Its `meta` map
//! holds the encoded folder (`q.files`, base64 of
//! [`sync::questionnaire::encode_files`]) and one signed act per signer and
//! kind (`q.publish.<signer hex>`, `q.withdraw.<signer hex>`, base64 of
//! [`sync::questionnaire::Act`]). Being a record, it is encrypted in the
//! vault and rides every sync path (relay round, nearby session, bundle)
//! sealed under the team key; nothing new crosses the wire.
//!
//! Nothing from a team questionnaire is used before [`team_questionnaires`]
//! checked it against this device's membership log: every act signed by a
//! device the log allows to publish, for this team, this hash and these
//! exact files. The caller (the app) also recomputes the questionnaire's
//! hash from the files (the `forms` crate's), which must be the hash the
//! record is named by.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use sync::DevicePublicKey;
use sync::questionnaire::{self, Act, ActKind, Refusal};
use sync::team::LogOp;
use vault::{FormRef, NewRecord, RecordId, RecordKind, RecordState, UserText, Vault};

use crate::LinkError;
use crate::team::{admin_log, device_named, load, load_admin, now_ms};

const FILES_KEY: &str = "q.files";
const PUBLISH_PREFIX: &str = "q.publish.";
const WITHDRAW_PREFIX: &str = "q.withdraw.";

/// A questionnaire the team holds, as this device read and checked it.
#[derive(Debug, Clone)]
pub struct TeamQuestionnaire {
    /// The team document's record id.
    pub record: RecordId,
    /// The questionnaire's id, version and hash as the record names them.
    pub form: FormRef,
    /// The folder's files, only when checked (`checked` is `Ok`).
    pub files: Option<BTreeMap<String, Vec<u8>>>,
    /// The valid publications and withdrawals, or why it is refused.
    pub checked: Result<questionnaire::Checked, Refusal>,
    /// Whether a device that may publish *now* published it (what new
    /// interviews need besides not being withdrawn).
    pub offered: bool,
    /// The team's admin (to tell its publications apart).
    pub admin: Option<DevicePublicKey>,
}

impl TeamQuestionnaire {
    /// Published, not withdrawn, by a device that may still publish.
    pub fn open_for_new_interviews(&self) -> bool {
        self.offered && self.checked.as_ref().is_ok_and(|c| c.withdrawn.is_empty())
    }
}

/// The record id of the team questionnaire with this hash (`None` for a
/// string that is not a questionnaire hash).
pub fn questionnaire_record(hash: &str) -> Option<RecordId> {
    questionnaire::hash_from_hex(hash).map(|h| RecordId::from(questionnaire::doc_id(&h)))
}

/// Publishes questionnaire folder `files` (the questionnaire `form`, whose
/// hash the caller computed from these files) to the team: this device
/// signs it, and the next sync carries it to every member. The admin may
/// publish, and a member the admin allowed ([`allow_publisher`]). Publishing
/// the same bytes again is a no-op apart from a fresh signature. Returns
/// the team document's record id.
pub fn publish_questionnaire(
    vault: &mut Vault,
    files: &BTreeMap<String, Vec<u8>>,
    form: &FormRef,
    language: &str,
) -> Result<RecordId, LinkError> {
    sign_act(vault, ActKind::Publish, Some(files), form, language)
}

/// Withdraws the team questionnaire with `hash`: no new interviews on it;
/// records made with it still open. Signed like a publication.
pub fn withdraw_questionnaire(vault: &mut Vault, hash: &str) -> Result<(), LinkError> {
    let id = questionnaire_record(hash).ok_or(LinkError::QuestionnaireUnknown)?;
    let record = match vault.record(id) {
        Ok(r) if r.kind == RecordKind::Questionnaire => r,
        Ok(_) | Err(vault::VaultError::RecordNotFound { .. }) => {
            return Err(LinkError::QuestionnaireUnknown);
        }
        Err(e) => return Err(e.into()),
    };
    sign_act(
        vault,
        ActKind::Withdraw,
        None,
        &record.form,
        &record.language,
    )
    .map(|_| ())
}

fn sign_act(
    vault: &mut Vault,
    kind: ActKind,
    files: Option<&BTreeMap<String, Vec<u8>>>,
    form: &FormRef,
    language: &str,
) -> Result<RecordId, LinkError> {
    let st = load(vault)?;
    let m = st.membership()?;
    if !m.may_publish(&st.device.public()) {
        return Err(LinkError::NotPublisher);
    }
    let hash = questionnaire::hash_from_hex(&form.hash).ok_or(LinkError::QuestionnaireUnknown)?;
    let id = RecordId::from(questionnaire::doc_id(&hash));
    let now = chrono::Utc::now();
    let encoded = match files {
        Some(files) => {
            let encoded = questionnaire::encode_files(files).map_err(LinkError::Questionnaire)?;
            vault.create_questionnaire(
                id,
                NewRecord {
                    form: form.clone(),
                    language: language.to_owned(),
                    device_id: st.device.public().to_hex(),
                    created_at: now,
                    title: UserText::default(),
                },
            )?;
            let stored = vault.record(id)?;
            let text = UserText(B64.encode(&encoded));
            if stored.meta.get(FILES_KEY) != Some(&text) {
                vault.set_meta(id, FILES_KEY, &text, now)?;
            }
            encoded
        }
        None => {
            let stored = vault.record(id)?;
            let text = stored
                .meta
                .get(FILES_KEY)
                .ok_or(LinkError::QuestionnaireUnknown)?;
            B64.decode(&text.0)
                .map_err(|_| LinkError::Questionnaire(Refusal::Malformed))?
        }
    };
    let act = Act::sign(
        &st.device,
        kind,
        st.team,
        hash,
        questionnaire::files_digest(&encoded),
        now_ms(),
    );
    let prefix = match kind {
        ActKind::Publish => PUBLISH_PREFIX,
        ActKind::Withdraw => WITHDRAW_PREFIX,
    };
    vault.set_meta(
        id,
        &format!("{prefix}{}", st.device.public().to_hex()),
        &UserText(B64.encode(act.encode())),
        now,
    )?;
    Ok(id)
}

/// (Admin) allows a member (full hex key or a unique prefix of at least 8
/// characters) to publish questionnaires, or stops it (`allowed = false`):
/// an admin-signed log entry, posted to the relay, that every device
/// applies. Returns the log's length.
pub fn allow_publisher(vault: &mut Vault, device: &str, allowed: bool) -> Result<u32, LinkError> {
    let mut st = load_admin(vault)?;
    let mut log = admin_log(vault, &mut st)?;
    let target = device_named(&log.m, device)
        .filter(|d| log.m.is_member(d) && *d != log.m.admin())
        .ok_or_else(|| LinkError::UnknownDevice(device.to_owned()))?;
    if log.m.may_publish(&target) == allowed {
        return Ok(log.m.len());
    }
    log.append(
        vault,
        &mut st,
        LogOp::Publisher {
            device: target,
            allowed,
        },
    )?;
    Ok(log.m.len())
}

/// Every team questionnaire this vault holds, checked against this
/// device's membership log (refused ones included, with the reason).
pub fn team_questionnaires(vault: &mut Vault) -> Result<Vec<TeamQuestionnaire>, LinkError> {
    let ids: Vec<RecordId> = vault
        .list()?
        .into_iter()
        .filter(|c| matches!(&c.state, RecordState::Ok(e) if e.kind == RecordKind::Questionnaire))
        .map(|c| c.id)
        .collect();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(read(vault, id)?);
    }
    Ok(out)
}

/// The team questionnaire with `hash`, checked, if this vault holds it.
pub fn team_questionnaire(
    vault: &mut Vault,
    hash: &str,
) -> Result<Option<TeamQuestionnaire>, LinkError> {
    let Some(id) = questionnaire_record(hash) else {
        return Ok(None);
    };
    match vault.record(id) {
        Ok(r) if r.kind == RecordKind::Questionnaire => {}
        Ok(_) | Err(vault::VaultError::RecordNotFound { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    let q = read(vault, id)?;
    // A document filed under another hash's id is not this questionnaire.
    if q.form.hash != hash {
        return Ok(Some(TeamQuestionnaire {
            checked: Err(Refusal::WrongHash),
            files: None,
            offered: false,
            ..q
        }));
    }
    Ok(Some(q))
}

fn read(vault: &mut Vault, id: RecordId) -> Result<TeamQuestionnaire, LinkError> {
    let record = vault.record(id)?;
    let membership = match load(vault) {
        Ok(st) => st.membership().ok(),
        Err(LinkError::NoTeam) => None,
        Err(e) => return Err(e),
    };
    let form = record.form.clone();
    let admin = membership.as_ref().map(|m| m.admin());
    let checked = (|| {
        let m = membership.as_ref().ok_or(Refusal::NotPublisher)?;
        let hash = questionnaire::hash_from_hex(&form.hash).ok_or(Refusal::WrongHash)?;
        if RecordId::from(questionnaire::doc_id(&hash)) != id {
            return Err(Refusal::WrongHash);
        }
        let files = record
            .meta
            .get(FILES_KEY)
            .and_then(|t| B64.decode(&t.0).ok())
            .ok_or(Refusal::Malformed)?;
        let mut acts = Vec::new();
        for (key, value) in &record.meta {
            let kind = if let Some(signer) = key.strip_prefix(PUBLISH_PREFIX) {
                (ActKind::Publish, signer)
            } else if let Some(signer) = key.strip_prefix(WITHDRAW_PREFIX) {
                (ActKind::Withdraw, signer)
            } else {
                continue;
            };
            let act = B64
                .decode(&value.0)
                .ok()
                .and_then(|b| Act::decode(&b).ok())
                .ok_or(Refusal::Malformed)?;
            // Filed under its own signer and kind, or moved there by hand.
            if act.kind != kind.0 || act.signer.to_hex() != kind.1 {
                return Err(Refusal::Altered);
            }
            acts.push(act);
        }
        let checked = questionnaire::check(m, &hash, &files, &acts)?;
        let decoded = questionnaire::decode_files(&files)?;
        let offered = checked.published.iter().any(|a| m.may_publish(&a.signer));
        Ok((checked, decoded, offered))
    })();
    Ok(match checked {
        Ok((checked, files, offered)) => TeamQuestionnaire {
            record: id,
            form,
            files: Some(files),
            checked: Ok(checked),
            offered,
            admin,
        },
        Err(refusal) => TeamQuestionnaire {
            record: id,
            form,
            files: None,
            checked: Err(refusal),
            offered: false,
            admin,
        },
    })
}
