//! The tables of an export in ODK Central's shape.
//!
//! Checked against ODK Central's own CSV export (`lib/data/briefcase.js`
//! and its tests, `test/unit/data/briefcase.js`, in `getodk/central-backend`
//! at commit 4f5943d13dd775fcecd2e21f9b8957db885d1ca3), rewritten here from
//! its behaviour, not its code:
//!
//! - one root table named `<form-id>.csv` and one table per repeat,
//!   `<form-id>-<repeat>.csv`, in the order the repeats appear;
//! - a column per question, named by its groups' path *below the table*
//!   joined with `-` (`home-address-city`);
//! - the root table starts with `SubmissionDate` and ends with `KEY`,
//!   `SubmitterID`, `SubmitterName`, `AttachmentsPresent`,
//!   `AttachmentsExpected`, `Status`, `ReviewState`, `DeviceID`, `Edits`,
//!   `FormVersion`; a repeat table ends with `PARENT_KEY`, `KEY`;
//! - a repeat row's key is the instance key, then every group and repeat on
//!   the way with the repeat's position counted from 1
//!   (`uuid:…/children/child[2]/toy[1]`); its parent key is the same path
//!   cut after the enclosing repeat (the instance key at the top level);
//! - a select_multiple holds its space-separated values; when asked to
//!   split, one `question/choice` column per choice follows it, 1 when
//!   chosen and 0 otherwise.
//!
//! Our own columns come after Central's: [`PROVENANCE_COLUMNS`].

use std::collections::HashMap;

use forms::Questionnaire;
use forms::model::{NodeKind, QuestionType};

/// Central's columns before the questions of the root table.
pub const ROOT_LEADING: [&str; 1] = ["SubmissionDate"];
/// Central's columns after the questions of the root table.
pub const ROOT_TRAILING: [&str; 10] = [
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
];
/// FieldScreen's own columns, after Central's: when the interview began,
/// when it was completed (empty while in progress), its status, the
/// interviewer's and the respondent's language, and the questions the
/// respondent answered on the device (hand-over mode; their answer keys,
/// space-separated like a select_multiple, empty when none).
pub const PROVENANCE_COLUMNS: [&str; 6] = [
    "FirstContact",
    "CompletedAt",
    "InterviewStatus",
    "InterviewerLanguage",
    "RespondentLanguage",
    "SelfAdministered",
];
/// Central's columns after the questions of a repeat table.
pub const REPEAT_TRAILING: [&str; 2] = ["PARENT_KEY", "KEY"];

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnKind {
    /// The answer itself (`select` names the choice list of a select
    /// question, and whether several may be chosen).
    Answer { select: Option<(String, bool)> },
    /// 1 when this choice of the select_multiple is among the answer's values.
    Choice(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    /// The question whose answer fills it.
    pub question: String,
    pub kind: ColumnKind,
    /// An integer or decimal question (a number in a spreadsheet).
    pub numeric: bool,
}

/// One CSV file (or XLSX sheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The repeat this table lists (`None` for the root table).
    pub repeat: Option<String>,
    /// Group and repeat names from the top down to the repeat itself, each
    /// marked `true` when it is a repeat.
    pub path: Vec<(String, bool)>,
    /// Tables of the enclosing repeats, outermost first, then this one.
    pub chain: Vec<usize>,
    pub columns: Vec<Column>,
}

impl Table {
    /// How many repeat positions a row of this table has.
    pub fn depth(&self) -> usize {
        self.path.iter().filter(|(_, r)| *r).count()
    }

    /// The header row, with Central's and our own extra columns.
    pub fn header(&self) -> Vec<String> {
        let questions = self.columns.iter().map(|c| c.header.clone());
        if self.repeat.is_none() {
            ROOT_LEADING
                .iter()
                .map(|s| (*s).to_owned())
                .chain(questions)
                .chain(ROOT_TRAILING.iter().map(|s| (*s).to_owned()))
                .chain(PROVENANCE_COLUMNS.iter().map(|s| (*s).to_owned()))
                .collect()
        } else {
            questions
                .chain(REPEAT_TRAILING.iter().map(|s| (*s).to_owned()))
                .collect()
        }
    }

    /// The key of the row at repeat positions `indices` (one per repeat on
    /// the path, counted from 1) in the interview keyed `root`.
    pub fn key(&self, root: &str, indices: &[u32]) -> String {
        let mut key = root.to_owned();
        let mut at = indices.iter();
        for (name, repeat) in &self.path {
            key.push('/');
            key.push_str(name);
            if *repeat {
                let i = at.next().copied().unwrap_or(1);
                key.push_str(&format!("[{i}]"));
            }
        }
        key
    }

    /// The key of the enclosing repeat's row (the interview's key at the top).
    pub fn parent_key(&self, root: &str, indices: &[u32]) -> String {
        // Cut the path after the last repeat before this table's own.
        let own = self.path.len().saturating_sub(1);
        let cut = self.path[..own]
            .iter()
            .rposition(|(_, r)| *r)
            .map_or(0, |p| p + 1);
        let parent = Table {
            repeat: None,
            path: self.path[..cut].to_vec(),
            chain: Vec::new(),
            columns: Vec::new(),
        };
        parent.key(root, &indices[..parent.depth().min(indices.len())])
    }
}

/// The tables of one questionnaire's export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub form_id: String,
    /// The root table first, then one per repeat in document order.
    pub tables: Vec<Table>,
    /// Question name → its table.
    pub table_of: HashMap<String, usize>,
}

impl Layout {
    /// The tables for `forms` (versions of one questionnaire, newest first):
    /// the newest version's columns, then the questions only older versions
    /// have, so no stored answer lacks a column.
    pub fn new(form_id: &str, forms: &[&Questionnaire], split_multiple: bool) -> Layout {
        let mut layout = Layout {
            form_id: form_id.to_owned(),
            tables: vec![Table {
                repeat: None,
                path: Vec::new(),
                chain: vec![0],
                columns: Vec::new(),
            }],
            table_of: HashMap::new(),
        };
        let mut repeat_table: HashMap<String, usize> = HashMap::new();
        for q in forms {
            let is_repeat = |name: &str| {
                q.node(name)
                    .is_some_and(|n| matches!(n.kind, NodeKind::Repeat { .. }))
            };
            let path_of = |group_path: &str| -> Vec<(String, bool)> {
                group_path
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(|s| (s.to_owned(), is_repeat(s)))
                    .collect()
            };
            for node in &q.nodes {
                match &node.kind {
                    NodeKind::Repeat { .. } => {
                        if repeat_table.contains_key(&node.name) {
                            continue;
                        }
                        let mut path = path_of(&node.group_path);
                        path.push((node.name.clone(), true));
                        let index = layout.tables.len();
                        let mut chain: Vec<usize> = node
                            .repeats
                            .iter()
                            .filter_map(|&r| repeat_table.get(&q.nodes[r].name).copied())
                            .collect();
                        chain.insert(0, 0);
                        chain.push(index);
                        layout.tables.push(Table {
                            repeat: Some(node.name.clone()),
                            path,
                            chain,
                            columns: Vec::new(),
                        });
                        repeat_table.insert(node.name.clone(), index);
                    }
                    NodeKind::Question(t) if t.is_asked() => {
                        if layout.table_of.contains_key(&node.name) {
                            continue;
                        }
                        let table = node
                            .repeats
                            .last()
                            .and_then(|&r| repeat_table.get(&q.nodes[r].name).copied())
                            .unwrap_or(0);
                        let below = layout.tables[table].path.len();
                        let mut parts: Vec<String> = path_of(&node.group_path)
                            .into_iter()
                            .skip(below)
                            .map(|(s, _)| s)
                            .collect();
                        parts.push(node.name.clone());
                        let header = parts.join("-");
                        let select = match t {
                            QuestionType::SelectOne { list, .. } => Some((list.clone(), false)),
                            QuestionType::SelectMultiple { list, .. } => Some((list.clone(), true)),
                            _ => None,
                        };
                        let columns = &mut layout.tables[table].columns;
                        columns.push(Column {
                            header: header.clone(),
                            question: node.name.clone(),
                            kind: ColumnKind::Answer {
                                select: select.clone(),
                            },
                            numeric: matches!(t, QuestionType::Integer | QuestionType::Decimal),
                        });
                        if split_multiple && let QuestionType::SelectMultiple { list, or_other } = t
                        {
                            let choices = q.choices.get(list).into_iter().flatten();
                            let mut names: Vec<String> = choices.map(|c| c.name.clone()).collect();
                            if *or_other {
                                names.push("other".to_owned());
                            }
                            for name in names {
                                columns.push(Column {
                                    header: format!("{header}/{name}"),
                                    question: node.name.clone(),
                                    kind: ColumnKind::Choice(name),
                                    numeric: true,
                                });
                            }
                        }
                        layout.table_of.insert(node.name.clone(), table);
                    }
                    _ => {}
                }
            }
        }
        layout
    }

    /// The file name of table `index` (without `.csv`): `<form-id>` or
    /// `<form-id>-<repeat>`.
    pub fn table_name(&self, index: usize) -> String {
        match &self.tables[index].repeat {
            None => self.form_id.clone(),
            Some(r) => format!("{}-{r}", self.form_id),
        }
    }
}
