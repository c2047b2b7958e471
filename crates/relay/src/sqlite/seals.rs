//! Batch seals with no member left: dropped with the last one at each
//! snapshot, and swept once from a store an older build left.

use rusqlite::{OptionalExtension, params};
use sync::TeamId;

use super::{len_i64, sql_seq};
use crate::store::{seal_doc, seal_header_members, seal_members};

/// Deletes every stored batch seal none of whose members is left (what
/// [`drop_emptied_seals`] does at each snapshot since), then counts the
/// teams' blobs again.
pub(super) fn sweep_emptied_seals(tx: &rusqlite::Transaction<'_>) -> Result<(), rusqlite::Error> {
    let seals: Vec<(i64, Vec<u8>, Vec<u8>)> = tx
        .prepare(&format!(
            "SELECT seq, team, substr(body, 1, {}) FROM blobs WHERE doc = team",
            sync::batch::SEAL_HEADER_LEN
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (s, team, header) in seals {
        let Some(n) = seal_header_members(&header) else {
            continue;
        };
        let alive: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM blobs WHERE team = ?1 AND seq > ?2 AND seq <= ?3)",
            params![team, s, s.saturating_add(sql_seq(n))],
            |r| r.get(0),
        )?;
        if !alive {
            tx.execute("DELETE FROM blobs WHERE seq = ?1", params![s])?;
        }
    }
    tx.execute_batch(
        "UPDATE teams SET
           blob_count = (SELECT COUNT(*) FROM blobs WHERE blobs.team = teams.id),
           blob_bytes = (SELECT COALESCE(SUM(LENGTH(body)), 0) FROM blobs WHERE blobs.team = teams.id);",
    )
}

/// Deletes the seal of each batch that lost its last member with the
/// blobs at `dropped` (a seal left alone would be sent to every device that
/// pulls the feed from its start, forever, with nothing to sign); returns
/// the seals and bytes deleted.
pub(super) fn drop_emptied_seals(
    tx: &rusqlite::Transaction<'_>,
    team: TeamId,
    dropped: &[i64],
) -> Result<(i64, i64), rusqlite::Error> {
    let mut checked = std::collections::BTreeSet::new();
    let (mut seals, mut bytes) = (0, 0);
    for &member in dropped {
        // Its batch's seal, if it was a member: the newest seal before it
        // whose members reach it.
        let Some((s, body)) = tx
            .prepare_cached(
                "SELECT seq, body FROM blobs WHERE team = ?1 AND doc = ?2 AND seq < ?3
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row(
                params![team.as_bytes(), seal_doc(team).as_bytes(), member],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)),
            )
            .optional()?
        else {
            continue;
        };
        let Some(n) = seal_members(&body) else {
            continue;
        };
        let last = s.saturating_add(sql_seq(n));
        if member > last || !checked.insert(s) {
            continue;
        }
        let alive: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM blobs WHERE team = ?1 AND seq > ?2 AND seq <= ?3)",
            )?
            .query_row(params![team.as_bytes(), s, last], |r| r.get(0))?;
        if !alive {
            tx.execute(
                "DELETE FROM blobs WHERE team = ?1 AND seq = ?2",
                params![team.as_bytes(), s],
            )?;
            seals += 1;
            bytes += len_i64(body.len());
        }
    }
    Ok((seals, bytes))
}
