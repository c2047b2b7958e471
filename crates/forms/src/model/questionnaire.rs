//! The loaded, checked model and what the rest of the crate asks of it.

use super::*;

// ---------------------------------------------------------------------------
// The loaded model

/// An expression with its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    pub source: String,
    pub expr: Expr,
}

/// Question types (XLSForm's names via [`QuestionType::xlsform_name`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionType {
    Integer,
    Decimal,
    Text,
    Date,
    Time,
    DateTime,
    SelectOne { list: String, or_other: bool },
    SelectMultiple { list: String, or_other: bool },
    Note,
    Calculate,
    Acknowledge,
}

impl QuestionType {
    pub fn xlsform_name(&self) -> &'static str {
        match self {
            QuestionType::Integer => "integer",
            QuestionType::Decimal => "decimal",
            QuestionType::Text => "text",
            QuestionType::Date => "date",
            QuestionType::Time => "time",
            QuestionType::DateTime => "dateTime",
            QuestionType::SelectOne { .. } => "select_one",
            QuestionType::SelectMultiple { .. } => "select_multiple",
            QuestionType::Note => "note",
            QuestionType::Calculate => "calculate",
            QuestionType::Acknowledge => "acknowledge",
        }
    }

    /// Whether a person answers it (notes and calculations are not asked).
    pub fn is_asked(&self) -> bool {
        !matches!(self, QuestionType::Note | QuestionType::Calculate)
    }

    pub fn list(&self) -> Option<&str> {
        match self {
            QuestionType::SelectOne { list, .. } | QuestionType::SelectMultiple { list, .. } => {
                Some(list)
            }
            _ => None,
        }
    }
}

/// Metadata the app records itself; never asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetaKind {
    Start,
    End,
    Today,
    DeviceId,
    Username,
    Audit,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Question(QuestionType),
    Group,
    Repeat { count: Option<Expression> },
}

/// When a question must be answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Required {
    No,
    Yes,
    When(Expression),
}

/// A question, group or repeat.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub name: String,
    pub kind: NodeKind,
    /// Index of the row in `survey`.
    pub row: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Enclosing repeats, outermost first (a repeat's own list excludes itself).
    pub repeats: Vec<usize>,
    /// Slash-separated names of enclosing groups and repeats.
    pub group_path: String,
    pub relevant: Option<Expression>,
    pub required: Required,
    pub constraint: Option<Expression>,
    pub calculation: Option<Expression>,
    pub choice_filter: Option<Expression>,
    pub default: Option<String>,
    pub read_only: bool,
    pub appearance: Option<String>,
    pub dont_know: bool,
    pub prefer_not_to_answer: bool,
    /// Asked of the interviewer, not the respondent (its own row's
    /// `interviewer_only`, else its group's).
    pub interviewer_only: bool,
    /// In a self-administered group (its own row's `self_administered`,
    /// else its group's).
    pub self_administered: bool,
}

impl Node {
    pub fn question_type(&self) -> Option<&QuestionType> {
        match &self.kind {
            NodeKind::Question(t) => Some(t),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub name: String,
    pub expr: Expression,
    pub dimension: Option<String>,
    /// The instrument it belongs to: its own, else its dimension's.
    pub instrument: Option<String>,
    pub strength: Option<Strength>,
    pub child_strength: Option<Strength>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub name: String,
    pub when: Expression,
    pub route: Route,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub name: String,
    pub when: Expression,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scoring {
    pub child: Option<Expression>,
    pub child_if_unknown: bool,
    pub dimensions: Vec<DimensionDef>,
    pub indicators: Vec<Indicator>,
    pub outcomes: Vec<Outcome>,
    pub flags: Vec<Flag>,
}

/// A loaded, checked questionnaire.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    /// Hex SHA-256 over every file of the folder (see [`folder_hash`]).
    pub hash: String,
    pub default_language: String,
    /// Default language first, then the others by code.
    pub languages: Vec<Language>,
    pub settings: Settings,
    /// Questions, groups and repeats in document order.
    pub nodes: Vec<Node>,
    /// Top-level nodes.
    pub roots: Vec<usize>,
    pub choices: BTreeMap<String, Vec<ChoiceDef>>,
    pub metadata: Vec<(String, MetaKind)>,
    pub scoring: Option<Scoring>,
    /// The definition as written (for writing the folder back).
    pub definition: Definition,
    pub(crate) catalogs: BTreeMap<String, Catalog>,
    pub(crate) by_name: FxMap<String, usize>,
    pub(crate) regexes: HashMap<String, regex::Regex>,
    /// The catalogs indexed by node and choice position, for navigation.
    pub(crate) texts: BTreeMap<String, LangTexts>,
    /// The media files the translations use, by name ([`check_media`]).
    pub(crate) media: BTreeMap<String, Media>,
}

/// One language's messages by node index and by choice position (the last
/// of a list being `other`), so navigation looks them up without building ids.
#[derive(Debug, Clone, Default)]
pub(crate) struct LangTexts {
    pub(super) nodes: Vec<Option<text::Entry>>,
    pub(super) choices: BTreeMap<String, (Vec<Option<text::Entry>>, Option<text::Entry>)>,
}

impl Questionnaire {
    /// The first top-level group marked `self_administered`: the section
    /// hand-over mode starts with.
    pub fn self_administered_section(&self) -> Option<&str> {
        self.nodes
            .iter()
            .find(|n| {
                n.parent.is_none()
                    && matches!(n.kind, NodeKind::Group | NodeKind::Repeat { .. })
                    && n.self_administered
            })
            .map(|n| n.name.as_str())
    }

    /// The node called `name`.
    pub fn node(&self, name: &str) -> Option<&Node> {
        self.by_name.get(name).and_then(|&i| self.nodes.get(i))
    }

    pub(crate) fn node_index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    fn entry(&self, lang: &str, id: &str) -> Option<&text::Entry> {
        self.catalogs.get(lang).and_then(|c| c.get(id)).or_else(|| {
            self.catalogs
                .get(&self.default_language)
                .and_then(|c| c.get(id))
        })
    }

    /// A node's label in `lang` (falling back to the default language).
    pub fn label(&self, name: &str, lang: &str) -> Option<&Text> {
        self.entry(lang, &text::fluent_id(name))
            .and_then(|e| e.value.as_ref())
    }

    /// The message of node `node` in `lang` only.
    fn node_entry_in(&self, lang: &str, node: usize) -> Option<&text::Entry> {
        self.texts
            .get(lang)
            .and_then(|t| t.nodes.get(node))
            .and_then(Option::as_ref)
    }

    /// Node `node`'s label, as [`Questionnaire::label`] gives it.
    pub(crate) fn node_label(&self, node: usize, lang: &str) -> Option<&Text> {
        self.node_entry_in(lang, node)
            .or_else(|| self.node_entry_in(&self.default_language, node))
            .and_then(|e| e.value.as_ref())
    }

    /// An attribute of node `node`'s message, as [`Questionnaire::attr`] gives it.
    pub(crate) fn node_attr(&self, node: usize, attr: &str, lang: &str) -> Option<&Text> {
        self.node_entry_in(lang, node)
            .and_then(|e| e.attrs.get(attr))
            .or_else(|| {
                self.node_entry_in(&self.default_language, node)
                    .and_then(|e| e.attrs.get(attr))
            })
    }

    /// The label of choice `i` of `list` (`None`: the `other` choice), as
    /// [`Questionnaire::choice_label`] gives it.
    pub(crate) fn choice_label_at(
        &self,
        list: &str,
        i: Option<usize>,
        lang: &str,
    ) -> Option<&Text> {
        let entry = |lang: &str| {
            let (listed, other) = self.texts.get(lang)?.choices.get(list)?;
            match i {
                Some(i) => listed.get(i)?.as_ref(),
                None => other.as_ref(),
            }
        };
        entry(lang)
            .or_else(|| entry(&self.default_language))
            .and_then(|e| e.value.as_ref())
    }

    /// An attribute of a node's message: `hint`, `guidance`, `constraint-msg`,
    /// `required-msg`, `audio`, `image`.
    pub fn attr(&self, name: &str, attr: &str, lang: &str) -> Option<&Text> {
        let id = text::fluent_id(name);
        self.catalogs
            .get(lang)
            .and_then(|c| c.get(&id))
            .and_then(|e| e.attrs.get(attr))
            .or_else(|| {
                self.catalogs
                    .get(&self.default_language)
                    .and_then(|c| c.get(&id))
                    .and_then(|e| e.attrs.get(attr))
            })
    }

    /// A choice's label.
    pub fn choice_label(&self, list: &str, value: &str, lang: &str) -> Option<&Text> {
        self.entry(lang, &text::choice_id(list, value))
            .and_then(|e| e.value.as_ref())
    }

    /// The title, if the translations give one.
    pub fn title(&self, lang: &str) -> Option<&Text> {
        self.entry(lang, "form--title")
            .and_then(|e| e.value.as_ref())
    }

    /// The label of a scoring name (`indicator`, `dimension`, `outcome` or `flag`).
    pub fn scoring_label(&self, kind: &str, name: &str, lang: &str) -> Option<&Text> {
        self.entry(lang, &format!("{kind}--{}", text::fluent_id(name)))
            .and_then(|e| e.value.as_ref())
    }

    /// Whether a translation for exactly this language exists for a message id.
    pub fn has_translation(&self, lang: &str, id: &str) -> bool {
        self.catalogs.get(lang).is_some_and(|c| c.contains_key(id))
    }

    /// The raw catalogs (language → message id → entry).
    pub fn catalogs(&self) -> &BTreeMap<String, Catalog> {
        &self.catalogs
    }

    /// Questions (not groups or repeats) in document order.
    pub fn questions(&self) -> impl Iterator<Item = &Node> {
        self.nodes
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::Question(_)))
    }
}
