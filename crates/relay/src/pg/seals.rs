//! Batch seals with no member left: dropped with the last one at each
//! snapshot, and swept once from a store an older build left.

use postgres::Transaction;
use sync::TeamId;

use super::{len_i64, sql_seq};
use crate::store::{seal_doc, seal_header_members, seal_members};

/// Deletes every stored batch seal none of whose members is left (what
/// [`drop_emptied_seals`] does at each snapshot since), then counts the
/// teams' blobs again.
pub(super) fn sweep_emptied_seals(tx: &mut Transaction<'_>) -> Result<(), postgres::Error> {
    let header = i32::try_from(sync::batch::SEAL_HEADER_LEN).unwrap_or(i32::MAX);
    let seals = tx.query(
        "SELECT seq, team, substring(body from 1 for $1) FROM blobs WHERE doc = team",
        &[&header],
    )?;
    for row in seals {
        let (s, team, header): (i64, Vec<u8>, Vec<u8>) = (row.get(0), row.get(1), row.get(2));
        let Some(n) = seal_header_members(&header) else {
            continue;
        };
        let alive: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM blobs WHERE team = $1 AND seq > $2 AND seq <= $3)",
                &[&team, &s, &s.saturating_add(sql_seq(n))],
            )?
            .get(0);
        if !alive {
            tx.execute(
                "DELETE FROM blobs WHERE team = $1 AND seq = $2",
                &[&team, &s],
            )?;
        }
    }
    tx.batch_execute(
        "UPDATE teams t SET
           blob_count = (SELECT COUNT(*) FROM blobs b WHERE b.team = t.id),
           blob_bytes = (SELECT COALESCE(SUM(length(b.body)), 0) FROM blobs b WHERE b.team = t.id)",
    )
}

/// Deletes the seal of each batch that lost its last member with the
/// blobs at `dropped` (as [`crate::sqlite`] does; a team's batch takes
/// consecutive sequence numbers from its `last_seq`); returns the seals
/// and bytes deleted.
pub(super) fn drop_emptied_seals(
    tx: &mut Transaction<'_>,
    team: TeamId,
    dropped: &[i64],
) -> Result<(i64, i64), postgres::Error> {
    let id = team.as_bytes().as_slice();
    let seals_doc = seal_doc(team);
    let seals_doc = seals_doc.as_bytes().as_slice();
    let mut checked = std::collections::BTreeSet::new();
    let (mut seals, mut bytes) = (0, 0);
    for &member in dropped {
        let Some(row) = tx.query_opt(
            "SELECT seq, body FROM blobs WHERE team = $1 AND doc = $2 AND seq < $3
             ORDER BY seq DESC LIMIT 1",
            &[&id, &seals_doc, &member],
        )?
        else {
            continue;
        };
        let (s, body): (i64, Vec<u8>) = (row.get(0), row.get(1));
        let Some(n) = seal_members(&body) else {
            continue;
        };
        let last = s.saturating_add(sql_seq(n));
        if member > last || !checked.insert(s) {
            continue;
        }
        let alive: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM blobs WHERE team = $1 AND seq > $2 AND seq <= $3)",
                &[&id, &s, &last],
            )?
            .get(0);
        if !alive {
            tx.execute("DELETE FROM blobs WHERE team = $1 AND seq = $2", &[&id, &s])?;
            seals += 1;
            bytes += len_i64(body.len());
        }
    }
    Ok((seals, bytes))
}
