//! An answer's history, read from the document's own changes.

use std::collections::BTreeSet;

use automerge::legacy::{Key, ObjectId, OpId, OpType};
use automerge::{Automerge, ObjId, ROOT, ReadDoc, ScalarValue};

use super::{HistoryEntry, Malformed, decode_answer, list_at, map_at};

/// Every answer ever given to `question`, oldest first: every value put
/// under `answers[question]` in any of the document's changes (concurrent
/// ones included), each with the provenance it was written with.
///
/// A rare read (it decodes every change of the record), so answers do not
/// pay for it when they are written: Automerge keeps every change anyway.
/// A schema 1 record's `log` still says which answers resolved a conflict
/// (its answers did not carry the mark themselves).
pub(crate) fn history(doc: &Automerge, question: &str) -> Result<Vec<HistoryEntry>, Malformed> {
    let ObjId::Id(counter, actor, _) = map_at(doc, &ROOT, "answers")? else {
        return Err(Malformed);
    };
    let answers = ObjectId::Id(OpId(counter, actor));
    let resolved_in_log = schema1_resolutions(doc, question)?;
    let mut out = Vec::new();
    for change in doc.get_changes(&[]) {
        for op in change.decode().operations {
            let (OpType::Put(ScalarValue::Str(json)), Key::Map(key)) = (&op.action, &op.key) else {
                continue;
            };
            if op.obj != answers || key.as_str() != question {
                continue;
            }
            let (answer, _, marked) = decode_answer(json)?;
            let p = &answer.provenance;
            let resolution =
                marked || resolved_in_log.contains(&(p.at.timestamp_millis(), p.device_id.clone()));
            out.push(HistoryEntry { answer, resolution });
        }
    }
    // Changes come in causal order; concurrent ones in Automerge's order:
    // sort by time, stable.
    out.sort_by_key(|e| e.answer.provenance.at);
    Ok(out)
}

/// `(at, device)` of the log entries marked as resolving a conflict on
/// `question`, in a schema 1 record (none in a record without a log).
fn schema1_resolutions(
    doc: &Automerge,
    question: &str,
) -> Result<BTreeSet<(i64, String)>, Malformed> {
    let mut out = BTreeSet::new();
    let Ok(log) = list_at(doc, &ROOT, "log") else {
        return Ok(out);
    };
    for item in doc.list_range(&log, ..) {
        let automerge::ValueRef::Scalar(automerge::ScalarValueRef::Str(json)) = &item.value else {
            return Err(Malformed);
        };
        // Cheap pre-filter before parsing.
        if !json.contains(question) {
            continue;
        }
        let (answer, q, resolution) = decode_answer(json)?;
        if resolution && q.as_deref() == Some(question) {
            let p = answer.provenance;
            out.insert((p.at.timestamp_millis(), p.device_id));
        }
    }
    Ok(out)
}
