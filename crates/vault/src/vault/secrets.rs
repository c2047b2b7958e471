//! Small secret values (the device's keys, its team state), sealed like
//! records.

use super::*;

impl Vault {
    // ----- secrets --------------------------------------------------------

    /// Stores a small secret value under `name` (e.g. the device's keys and
    /// its team state), encrypted under the vault's key like every record
    /// (purpose 5; the row is keyed by a keyed hash of the name, and the
    /// name is inside the envelope, so names are not in clear and a blob
    /// cannot be moved to another name). Replaces the previous value;
    /// durable when it returns.
    pub fn put_secret(&mut self, name: &str, value: &[u8]) -> Result<()> {
        self.touch()?;
        let (sid, blob) = store::seal_secret(self.keys()?, name, value)?;
        self.conn.execute(
            "INSERT INTO secrets (sid, blob) VALUES (?1, ?2)
             ON CONFLICT(sid) DO UPDATE SET blob = excluded.blob",
            params![&sid[..], blob],
        )?;
        Ok(())
    }

    /// The secret stored under `name`, if any.
    pub fn secret(&mut self, name: &str) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        self.touch()?;
        let keys = self.keys()?;
        let sid = keys.secret_id(name);
        let blob: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT blob FROM secrets WHERE sid = ?1",
                params![&sid[..]],
                |r| r.get(0),
            )
            .optional()?;
        let Some(blob) = blob else {
            return Ok(None);
        };
        match store::open_secret(keys, &sid, &blob) {
            Some((stored, value)) if stored == name => Ok(Some(value)),
            _ => Err(VaultError::StoreDamaged {
                detail: "a secret cannot be decrypted".into(),
            }),
        }
    }

    /// Removes the secret stored under `name` (no-op when none).
    pub fn delete_secret(&mut self, name: &str) -> Result<()> {
        self.touch()?;
        let sid = self.keys()?.secret_id(name);
        self.conn
            .execute("DELETE FROM secrets WHERE sid = ?1", params![&sid[..]])?;
        Ok(())
    }
}
