//! What the app's sync status needs without a network round.

use vault::{RecordId, Vault};

use crate::LinkError;
use crate::state::State;

/// How many of the vault's records have changes the relay has not been
/// sent yet (0 when the vault is in no team). Reads only the vault.
pub fn pending(vault: &mut Vault) -> Result<u64, LinkError> {
    let Some(st) = State::load(vault)? else {
        return Ok(0);
    };
    let mut n = 0;
    for c in vault.list()? {
        let heads = vault.heads(c.id)?;
        if st.sync.to_push(c.id.uuid(), &heads).is_some() {
            n += 1;
        }
    }
    Ok(n)
}

/// For each of `ids`: whether it has changes the relay has not been sent
/// yet; `None` when the vault is in no team. Reads only the vault.
pub fn waiting(vault: &mut Vault, ids: &[RecordId]) -> Result<Option<Vec<bool>>, LinkError> {
    let Some(st) = State::load(vault)? else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let heads = vault.heads(*id)?;
        out.push(st.sync.to_push(id.uuid(), &heads).is_some());
    }
    Ok(Some(out))
}
