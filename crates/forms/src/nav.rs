//! Navigation (what is visible, in what order, what is missing or wrong) and
//! scoring (indicators, evidence, child flag, determination), computed
//! together from a questionnaire, the answers and "today".
//!
//! Values are computed lazily and memoised, so the result does not depend on
//! the order of rows: a relevance may use a calculation defined further down.
//! A question that is not relevant has the empty value, as in ODK. Cycles
//! (a calculation using itself) evaluate to empty instead of looping.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::answers::{Answer, AnswerKey, Answers};
use crate::diag::Message;
use crate::expr::{self, Date, Env, Value};
use crate::fx::FxMap;
use crate::model::{
    DimensionRule, MAX_REPEAT, NodeKind, QuestionType, Questionnaire, Required, Route, Strength,
};

/// The state of an answer as navigation and scoring see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "value")]
pub enum AnswerState {
    Missing,
    Value(String),
    DontKnow,
    PreferNotToAnswer,
}

impl AnswerState {
    fn from(a: Option<&Answer>) -> Self {
        match a {
            None => AnswerState::Missing,
            Some(Answer::Value(v)) if v.is_empty() => AnswerState::Missing,
            Some(Answer::Value(v)) => AnswerState::Value(v.clone()),
            Some(Answer::DontKnow) => AnswerState::DontKnow,
            Some(Answer::PreferNotToAnswer) => AnswerState::PreferNotToAnswer,
        }
    }
    fn declined(&self) -> bool {
        matches!(self, AnswerState::DontKnow | AnswerState::PreferNotToAnswer)
    }
}

/// A choice as offered (after `choice_filter`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceView {
    pub value: String,
    pub label: String,
}

/// One visible question or note, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub key: AnswerKey,
    /// XLSForm type name.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Slash-separated enclosing groups and repeats.
    pub group: String,
    pub label: String,
    pub hint: Option<String>,
    pub required: bool,
    pub read_only: bool,
    pub answer: AnswerState,
    pub choices: Vec<ChoiceView>,
    pub allows_dont_know: bool,
    pub allows_prefer_not_to_answer: bool,
}

/// A constraint that an answer fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConstraintFailure {
    pub key: AnswerKey,
    /// The questionnaire's own message in the requested language, if it has one;
    /// otherwise show `fallback`.
    pub message: Option<String>,
    pub fallback: Message,
}

/// An answer that does not fit its question's type or choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidAnswer {
    pub key: AnswerKey,
    pub message: Message,
}

/// A repeat and its instances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepeatInfo {
    pub key: AnswerKey,
    pub count: u32,
    /// Whether `repeat_count` fixes the count (else the person adds instances).
    pub fixed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Visible questions a person answers (notes and calculations excluded).
    pub total: u32,
    /// Of those, answered (a value, "don't know" or "prefer not to answer").
    pub answered: u32,
}

/// Where the interview stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Navigation {
    pub items: Vec<Item>,
    pub repeats: Vec<RepeatInfo>,
    /// Visible required questions without any answer (don't know / prefer not count as answers).
    pub missing_required: Vec<AnswerKey>,
    /// Required-question messages of the questionnaire, by key, when it has them.
    pub required_messages: BTreeMap<AnswerKey, String>,
    pub constraint_failures: Vec<ConstraintFailure>,
    pub invalid: Vec<InvalidAnswer>,
    /// Values of relevant calculations.
    pub calculated: BTreeMap<AnswerKey, String>,
    pub progress: Progress,
}

impl Navigation {
    /// Whether the interview can be completed.
    pub fn is_complete(&self) -> bool {
        self.missing_required.is_empty()
            && self.constraint_failures.is_empty()
            && self.invalid.is_empty()
    }
}

/// Whether an indicator (or the child flag) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    Absent,
    /// Not decided: an answer it needs was "don't know" or "prefer not to answer".
    Declined,
    /// Not decided: an answer it needs has not been given yet.
    NotAsked,
}

/// An answer that contributed to a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub key: AnswerKey,
    pub answer: AnswerState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorResult {
    pub name: String,
    pub dimension: Option<String>,
    /// Strength on the route taken (child strengths on the child route).
    pub strength: Option<Strength>,
    pub status: Status,
    /// For a present indicator the answers that raised it; for an undecided
    /// one the answers that were declined. Inside repeats, a present
    /// indicator lists the instances for which its expression holds on its
    /// own (the crew member concerned), or every instance when it holds only
    /// over all of them together (`count()`, `sum()`).
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DimensionResult {
    pub name: String,
    pub positive: bool,
    pub strong: u32,
    pub medium: u32,
    pub weak: u32,
    /// Present indicators of this dimension.
    pub present: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildFlag {
    pub status: Status,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteTaken {
    Adult,
    Child,
}

/// A declared flag that holds: a note shown beside the determination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlagResult {
    pub name: String,
    /// The values its condition reads (answers and calculations by name;
    /// indicators and dimensions as `true`/`false`), for its label.
    pub values: BTreeMap<String, String>,
}

/// The scoring result. The tool suggests; people decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoringResult {
    pub child: ChildFlag,
    pub route: RouteTaken,
    pub indicators: Vec<IndicatorResult>,
    pub dimensions: Vec<DimensionResult>,
    /// The first outcome that applies and holds, by name.
    pub determination: Option<String>,
    /// Every declared flag that holds, in declaration order, whatever the
    /// determination: a note beside it, never a replacement for it.
    pub flags: Vec<FlagResult>,
}

/// Navigation and scoring computed together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub navigation: Navigation,
    pub scoring: Option<ScoringResult>,
}

/// Something per node and repeat instance: a dense table for nodes outside
/// repeats (the common case), a hash map per node for instance paths. Lookups
/// borrow the instance path; only a first insert copies it.
struct SlotMap<T> {
    top: Vec<Option<T>>,
    nested: FxMap<usize, FxMap<Box<[u32]>, T>>,
}

impl<T> SlotMap<T> {
    fn new(nodes: usize) -> Self {
        SlotMap {
            top: (0..nodes).map(|_| None).collect(),
            nested: FxMap::default(),
        }
    }

    fn get(&self, node: usize, indices: &[u32]) -> Option<&T> {
        if indices.is_empty() {
            self.top.get(node)?.as_ref()
        } else {
            self.nested.get(&node)?.get(indices)
        }
    }

    fn get_mut(&mut self, node: usize, indices: &[u32]) -> Option<&mut T> {
        if indices.is_empty() {
            self.top.get_mut(node)?.as_mut()
        } else {
            self.nested.get_mut(&node)?.get_mut(indices)
        }
    }

    /// Sets the entry; a node out of range is ignored.
    fn insert(&mut self, node: usize, indices: &[u32], value: T) {
        if node >= self.top.len() {
            return;
        }
        if let Some(slot) = self.get_mut(node, indices) {
            *slot = value;
        } else if indices.is_empty() {
            if let Some(slot) = self.top.get_mut(node) {
                *slot = Some(value);
            }
        } else {
            self.nested
                .entry(node)
                .or_default()
                .insert(indices.into(), value);
        }
    }
}

/// A memoised result, or the mark that it is being computed (a cycle).
enum Memo<T> {
    Busy,
    Done(T),
}

struct Engine<'q> {
    q: &'q Questionnaire,
    answers: &'q Answers,
    today: Date,
    relevant: RefCell<SlotMap<Memo<bool>>>,
    values: RefCell<SlotMap<Memo<Value>>>,
    /// The answers by node and instance.
    given: SlotMap<&'q Answer>,
    /// Instance counts set by the person, by repeat node and enclosing instance.
    counts: SlotMap<u32>,
    /// Highest instance number answered, by repeat node and enclosing instance.
    observed: SlotMap<u32>,
}

struct Scope<'e, 'q> {
    eng: &'e Engine<'q>,
    node: Option<usize>,
    indices: &'e [u32],
    current: Option<Value>,
    choice: Option<(&'e str, &'e BTreeMap<String, String>)>,
}

impl Env for Scope<'_, '_> {
    fn var(&self, name: &str) -> Value {
        self.eng.lookup(self.node, self.indices, name)
    }
    fn current(&self) -> Value {
        self.current.clone().unwrap_or_else(Value::empty)
    }
    fn today(&self) -> Option<Date> {
        Some(self.eng.today)
    }
    fn regex(&self, pattern: &str) -> Option<regex::Regex> {
        self.eng
            .q
            .regexes
            .get(pattern)
            .cloned()
            .or_else(|| regex::Regex::new(pattern).ok())
    }
    fn prop(&self, name: &str) -> Value {
        match self.choice {
            Some((value, _)) if name == "name" => Value::Str(value.to_string()),
            Some((_, props)) => props
                .get(name)
                .map_or_else(Value::empty, |v| Value::Str(v.clone())),
            None => Value::empty(),
        }
    }
}

impl<'q> Engine<'q> {
    fn new(q: &'q Questionnaire, answers: &'q Answers, today: Date) -> Self {
        let n = q.nodes.len();
        let mut given = SlotMap::new(n);
        let mut observed: SlotMap<u32> = SlotMap::new(n);
        for (key, answer) in answers.iter() {
            let Some(idx) = q.node_index(&key.name) else {
                continue;
            };
            given.insert(idx, &key.indices, answer);
            let Some(node) = q.nodes.get(idx) else {
                continue;
            };
            for (j, &rep) in node.repeats.iter().enumerate() {
                let (Some(prefix), Some(&i)) = (key.indices.get(..j), key.indices.get(j)) else {
                    break;
                };
                let seen = observed.get(rep, prefix).copied().unwrap_or(0);
                observed.insert(rep, prefix, seen.max(i.min(MAX_REPEAT)));
            }
        }
        let mut counts = SlotMap::new(n);
        for (key, count) in answers.repeat_counts() {
            if let Some(idx) = q.node_index(&key.name) {
                counts.insert(idx, &key.indices, count);
            }
        }
        Engine {
            q,
            answers,
            today,
            relevant: RefCell::new(SlotMap::new(n)),
            values: RefCell::new(SlotMap::new(n)),
            given,
            counts,
            observed,
        }
    }

    fn scope<'e>(&'e self, node: Option<usize>, indices: &'e [u32]) -> Scope<'e, 'q> {
        Scope {
            eng: self,
            node,
            indices,
            current: None,
            choice: None,
        }
    }

    fn eval(&self, e: &expr::Expr, node: Option<usize>, indices: &[u32]) -> Value {
        expr::eval(e, &self.scope(node, indices))
    }

    /// Resolves `${name}` seen from `ctx` at `indices`.
    fn lookup(&self, ctx: Option<usize>, indices: &[u32], name: &str) -> Value {
        let Some(target) = self.q.node_index(name) else {
            // Metadata recorded by the app, if the caller put it in the answers.
            return match self.answers.get(&AnswerKey::new(name)) {
                Some(Answer::Value(v)) => Value::Str(v.clone()),
                _ => Value::empty(),
            };
        };
        let Some(t) = self.q.nodes.get(target) else {
            return Value::empty();
        };
        // The repeats around the context, outermost first. Inside a repeat
        // instance, the repeat's own children share its index.
        let (ctx_reps, ctx_self): (&[usize], Option<usize>) = match ctx
            .and_then(|c| self.q.nodes.get(c).map(|n| (c, n)))
        {
            Some((c, n))
                if matches!(n.kind, NodeKind::Repeat { .. }) && indices.len() > n.repeats.len() =>
            {
                (&n.repeats, Some(c))
            }
            Some((_, n)) => (&n.repeats, None),
            None => (&[], None),
        };
        let ctx_rep = |k: usize| match ctx_reps.get(k) {
            Some(&r) => Some(r),
            None if k == ctx_reps.len() => ctx_self,
            None => None,
        };
        let mut k = 0;
        while k < t.repeats.len()
            && k < indices.len()
            && ctx_rep(k).is_some()
            && t.repeats.get(k).copied() == ctx_rep(k)
        {
            k += 1;
        }
        let prefix = indices.get(..k).unwrap_or(&[]);
        if k == t.repeats.len() {
            return self.value(target, prefix);
        }
        let mut out = Vec::new();
        self.collect(target, &mut prefix.to_vec(), &mut out);
        Value::Nodes(out)
    }

    /// Values of every instance of `target` under `prefix` (left as it was).
    fn collect(&self, target: usize, prefix: &mut Vec<u32>, out: &mut Vec<Value>) {
        let Some(t) = self.q.nodes.get(target) else {
            return;
        };
        if prefix.len() >= t.repeats.len() {
            out.push(self.value(target, prefix));
            return;
        }
        let Some(&rep) = t.repeats.get(prefix.len()) else {
            return;
        };
        let n = self.instances(rep, prefix);
        for i in 1..=n {
            prefix.push(i);
            self.collect(target, prefix, out);
            prefix.pop();
        }
    }

    /// How many instances repeat `rep` has under `prefix`.
    fn instances(&self, rep: usize, prefix: &[u32]) -> u32 {
        let Some(node) = self.q.nodes.get(rep) else {
            return 0;
        };
        if !self.is_relevant(rep, prefix) {
            return 0;
        }
        if let NodeKind::Repeat { count: Some(c) } = &node.kind {
            let n = self.eval(&c.expr, Some(rep), prefix).to_num();
            return if n.is_finite() && n > 0.0 {
                (n as u32).min(MAX_REPEAT)
            } else {
                0
            };
        }
        self.counts
            .get(rep, prefix)
            .map(|&n| n.min(MAX_REPEAT))
            .or_else(|| self.observed.get(rep, prefix).copied())
            .unwrap_or(0)
    }

    fn is_relevant(&self, node: usize, indices: &[u32]) -> bool {
        let Some(n) = self.q.nodes.get(node) else {
            return false;
        };
        match self.relevant.borrow().get(node, indices) {
            Some(Memo::Done(r)) => return *r,
            // A relevance that depends on itself.
            Some(Memo::Busy) => return false,
            None => {}
        }
        self.relevant.borrow_mut().insert(node, indices, Memo::Busy);
        let parent_ok = match n.parent {
            Some(p) => {
                let plen = self.q.nodes.get(p).map_or(0, |pn| pn.repeats.len());
                self.is_relevant(p, indices.get(..plen).unwrap_or(indices))
            }
            None => true,
        };
        let r = parent_ok
            && n.relevant
                .as_ref()
                .is_none_or(|e| self.eval(&e.expr, Some(node), indices).to_bool());
        self.relevant
            .borrow_mut()
            .insert(node, indices, Memo::Done(r));
        r
    }

    fn raw(&self, node: usize, indices: &[u32]) -> AnswerState {
        let Some(n) = self.q.nodes.get(node) else {
            return AnswerState::Missing;
        };
        let st = AnswerState::from(self.given.get(node, indices).copied());
        match (&st, &n.default) {
            (AnswerState::Missing, Some(d)) => AnswerState::Value(d.clone()),
            _ => st,
        }
    }

    /// The value of a question (or calculation) at an instance.
    fn value(&self, node: usize, indices: &[u32]) -> Value {
        match self.values.borrow().get(node, indices) {
            Some(Memo::Done(v)) => return v.clone(),
            // A calculation that depends on itself.
            Some(Memo::Busy) => return Value::empty(),
            None => {}
        }
        self.values.borrow_mut().insert(node, indices, Memo::Busy);
        let v = self.compute(node, indices);
        self.values
            .borrow_mut()
            .insert(node, indices, Memo::Done(v.clone()));
        v
    }

    fn compute(&self, node: usize, indices: &[u32]) -> Value {
        let Some(n) = self.q.nodes.get(node) else {
            return Value::empty();
        };
        if !self.is_relevant(node, indices) {
            return Value::empty();
        }
        if let Some(c) = &n.calculation
            && matches!(n.kind, NodeKind::Question(QuestionType::Calculate))
        {
            return self.eval(&c.expr, Some(node), indices);
        }
        let AnswerState::Value(s) = self.raw(node, indices) else {
            return Value::empty();
        };
        typed(n.question_type(), &s)
    }

    fn render(
        &self,
        t: Option<&crate::text::Text>,
        node: Option<usize>,
        indices: &[u32],
    ) -> Option<String> {
        t.map(|t| t.render(&mut |v| self.lookup(node, indices, v).to_text()))
    }

    // -- navigation ----------------------------------------------------------

    fn navigate(&self, lang: &str) -> Navigation {
        let mut nav = Navigation {
            items: Vec::new(),
            repeats: Vec::new(),
            missing_required: Vec::new(),
            required_messages: BTreeMap::new(),
            constraint_failures: Vec::new(),
            invalid: Vec::new(),
            calculated: BTreeMap::new(),
            progress: Progress {
                total: 0,
                answered: 0,
            },
        };
        for &r in &self.q.roots {
            self.walk(r, &[], lang, &mut nav);
        }
        nav
    }

    fn walk(&self, node: usize, indices: &[u32], lang: &str, nav: &mut Navigation) {
        let Some(n) = self.q.nodes.get(node) else {
            return;
        };
        if !self.is_relevant(node, indices) {
            return;
        }
        match &n.kind {
            NodeKind::Group => {
                for &c in &n.children {
                    self.walk(c, indices, lang, nav);
                }
            }
            NodeKind::Repeat { count } => {
                let k = self.instances(node, indices);
                nav.repeats.push(RepeatInfo {
                    key: AnswerKey::at(n.name.clone(), indices),
                    count: k,
                    fixed: count.is_some(),
                });
                for i in 1..=k {
                    let mut idx = indices.to_vec();
                    idx.push(i);
                    for &c in &n.children {
                        self.walk(c, &idx, lang, nav);
                    }
                }
            }
            NodeKind::Question(t) => self.question(node, t, indices, lang, nav),
        }
    }

    fn question(
        &self,
        node: usize,
        t: &QuestionType,
        indices: &[u32],
        lang: &str,
        nav: &mut Navigation,
    ) {
        let Some(n) = self.q.nodes.get(node) else {
            return;
        };
        let key = AnswerKey::at(n.name.clone(), indices);
        if *t == QuestionType::Calculate {
            nav.calculated
                .insert(key, self.value(node, indices).to_text());
            return;
        }
        let state = self.raw(node, indices);
        let required = match &n.required {
            Required::No => false,
            Required::Yes => true,
            Required::When(e) => self.eval(&e.expr, Some(node), indices).to_bool(),
        };
        let asked = t.is_asked();
        if asked {
            nav.progress.total += 1;
            if state != AnswerState::Missing {
                nav.progress.answered += 1;
            }
        }
        if asked && required && state == AnswerState::Missing {
            if let Some(m) = self.render(
                self.q.node_attr(node, "required-msg", lang),
                Some(node),
                indices,
            ) {
                nav.required_messages.insert(key.clone(), m);
            }
            nav.missing_required.push(key.clone());
        }
        let choices = self.choices(node, indices);
        match &state {
            AnswerState::DontKnow if !n.dont_know => nav.invalid.push(InvalidAnswer {
                key: key.clone(),
                message: Message::new("forms-answer-dont-know-not-allowed"),
            }),
            AnswerState::PreferNotToAnswer if !n.prefer_not_to_answer => {
                nav.invalid.push(InvalidAnswer {
                    key: key.clone(),
                    message: Message::new("forms-answer-prefer-not-not-allowed"),
                })
            }
            AnswerState::Value(v) => {
                if let Some(m) = check_type(t, v, &|c| choices.iter().any(|x| x.0 == c)) {
                    nav.invalid.push(InvalidAnswer {
                        key: key.clone(),
                        message: m,
                    });
                } else if let Some(c) = &n.constraint {
                    let scope = Scope {
                        current: Some(self.value(node, indices)),
                        ..self.scope(Some(node), indices)
                    };
                    if !expr::eval(&c.expr, &scope).to_bool() {
                        nav.constraint_failures.push(ConstraintFailure {
                            key: key.clone(),
                            message: self.render(
                                self.q.node_attr(node, "constraint-msg", lang),
                                Some(node),
                                indices,
                            ),
                            fallback: Message::new("forms-constraint-failed")
                                .arg("constraint", &c.source),
                        });
                    }
                }
            }
            _ => {}
        }
        let choices = choices
            .into_iter()
            .map(|(value, i)| {
                let list = t.list().unwrap_or_default();
                let label = self
                    .render(self.q.choice_label_at(list, i, lang), Some(node), indices)
                    .unwrap_or_else(|| value.to_string());
                ChoiceView {
                    value: value.to_string(),
                    label,
                }
            })
            .collect();
        nav.items.push(Item {
            key,
            kind: t.xlsform_name(),
            group: n.group_path.clone(),
            label: self
                .render(self.q.node_label(node, lang), Some(node), indices)
                .unwrap_or_default(),
            hint: self.render(self.q.node_attr(node, "hint", lang), Some(node), indices),
            required,
            read_only: n.read_only,
            answer: state,
            choices,
            allows_dont_know: asked && n.dont_know,
            allows_prefer_not_to_answer: asked && n.prefer_not_to_answer,
        });
    }

    /// Choices offered at this instance (after `choice_filter`), plus `other`
    /// for or_other, as (value, position in the list; `None` for `other`).
    fn choices(&self, node: usize, indices: &[u32]) -> Vec<(&'q str, Option<usize>)> {
        let q: &'q Questionnaire = self.q;
        let Some(n) = q.nodes.get(node) else {
            return Vec::new();
        };
        let Some(t) = n.question_type() else {
            return Vec::new();
        };
        let Some(list) = t.list() else {
            return Vec::new();
        };
        let mut out: Vec<(&'q str, Option<usize>)> = q
            .choices
            .get(list)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, c)| {
                n.choice_filter.as_ref().is_none_or(|f| {
                    let scope = Scope {
                        choice: Some((c.name.as_str(), &c.properties)),
                        ..self.scope(Some(node), indices)
                    };
                    expr::eval(&f.expr, &scope).to_bool()
                })
            })
            .map(|(i, c)| (c.name.as_str(), Some(i)))
            .collect();
        if matches!(
            t,
            QuestionType::SelectOne { or_other: true, .. }
                | QuestionType::SelectMultiple { or_other: true, .. }
        ) {
            out.push(("other", None));
        }
        out
    }

    // -- scoring -------------------------------------------------------------

    /// The answered leaves an expression depends on (through calculations).
    fn leaves(
        &self,
        names: &[&str],
        out: &mut Vec<(usize, Vec<u32>, AnswerState)>,
        seen: &mut HashSet<usize>,
    ) {
        for name in names {
            let Some(idx) = self.q.node_index(name) else {
                continue;
            };
            if !seen.insert(idx) {
                continue;
            }
            let Some(n) = self.q.nodes.get(idx) else {
                continue;
            };
            if let (NodeKind::Question(QuestionType::Calculate), Some(c)) =
                (&n.kind, &n.calculation)
            {
                let refs = c.expr.refs();
                self.leaves(&refs, out, seen);
                continue;
            }
            let mut slots = Vec::new();
            self.slots(idx, Vec::new(), &mut slots);
            for s in slots {
                if self.is_relevant(idx, &s) {
                    let st = self.raw(idx, &s);
                    out.push((idx, s, st));
                }
            }
        }
    }

    fn slots(&self, target: usize, prefix: Vec<u32>, out: &mut Vec<Vec<u32>>) {
        let Some(t) = self.q.nodes.get(target) else {
            return;
        };
        if prefix.len() >= t.repeats.len() {
            out.push(prefix);
            return;
        }
        let Some(&rep) = t.repeats.get(prefix.len()) else {
            return;
        };
        for i in 1..=self.instances(rep, &prefix) {
            let mut p = prefix.clone();
            p.push(i);
            self.slots(target, p, out);
        }
    }

    fn judge(&self, e: &expr::Expr) -> (Status, Vec<Evidence>) {
        let holds = self.eval(e, None, &[]).to_bool();
        let mut leaves = Vec::new();
        self.leaves(&e.refs(), &mut leaves, &mut HashSet::new());
        let ev = |f: &dyn Fn(&AnswerState) -> bool| -> Vec<Evidence> {
            leaves
                .iter()
                .filter(|(_, _, st)| f(st))
                .filter_map(|(i, idx, st)| {
                    self.q.nodes.get(*i).map(|n| Evidence {
                        key: AnswerKey::at(n.name.clone(), idx),
                        answer: st.clone(),
                    })
                })
                .collect()
        };
        if holds {
            // Inside repeats, the evidence is the instances for which the
            // expression holds on its own (the crew member with short rest,
            // not the whole crew); when it only holds over all of them
            // together (count(), sum() over a threshold), every instance.
            let given: Vec<&(usize, Vec<u32>, AnswerState)> = leaves
                .iter()
                .filter(|(_, _, st)| matches!(st, AnswerState::Value(_)))
                .collect();
            let raising: Vec<bool> = given
                .iter()
                .map(|(i, idx, _)| !idx.is_empty() && self.eval(e, Some(*i), idx).to_bool())
                .collect();
            let any_instance = raising.contains(&true);
            let evidence = given
                .iter()
                .zip(&raising)
                .filter(|((_, idx, _), r)| idx.is_empty() || !any_instance || **r)
                .filter_map(|((i, idx, st), _)| {
                    self.q.nodes.get(*i).map(|n| Evidence {
                        key: AnswerKey::at(n.name.clone(), idx),
                        answer: st.clone(),
                    })
                })
                .collect();
            return (Status::Present, evidence);
        }
        if leaves.iter().any(|(_, _, st)| st.declined()) {
            return (Status::Declined, ev(&AnswerState::declined));
        }
        let asked = |i: &usize| {
            self.q
                .nodes
                .get(*i)
                .and_then(|n| n.question_type())
                .is_some_and(QuestionType::is_asked)
        };
        if leaves
            .iter()
            .any(|(i, _, st)| *st == AnswerState::Missing && asked(i))
        {
            return (Status::NotAsked, Vec::new());
        }
        (Status::Absent, Vec::new())
    }

    fn score(&self) -> Option<ScoringResult> {
        let s = self.q.scoring.as_ref()?;
        let (child_status, child_ev) = match &s.child {
            Some(c) => self.judge(&c.expr),
            None => (Status::Absent, Vec::new()),
        };
        let route = match child_status {
            Status::Present => RouteTaken::Child,
            Status::Declined if s.child_if_unknown => RouteTaken::Child,
            _ => RouteTaken::Adult,
        };
        let mut indicators = Vec::new();
        for ind in &s.indicators {
            let (status, evidence) = self.judge(&ind.expr.expr);
            let strength = match route {
                RouteTaken::Child => ind.child_strength.or(ind.strength),
                RouteTaken::Adult => ind.strength,
            };
            indicators.push(IndicatorResult {
                name: ind.name.clone(),
                dimension: ind.dimension.clone(),
                strength,
                status,
                evidence,
            });
        }
        let mut dimensions = Vec::new();
        for d in &s.dimensions {
            let mine: Vec<&IndicatorResult> = indicators
                .iter()
                .filter(|i| i.dimension.as_deref() == Some(d.name.as_str()))
                .collect();
            let present: Vec<&&IndicatorResult> = mine
                .iter()
                .filter(|i| i.status == Status::Present)
                .collect();
            let count =
                |st: Strength| present.iter().filter(|i| i.strength == Some(st)).count() as u32;
            let (strong, medium, weak) = (
                count(Strength::Strong),
                count(Strength::Medium),
                count(Strength::Weak),
            );
            let positive = match d.rule {
                DimensionRule::StrongMediumWeak => {
                    strong >= 2
                        || (strong >= 1 && medium + weak >= 1)
                        || medium >= 3
                        || (medium >= 2 && weak >= 1)
                }
                DimensionRule::Any => !present.is_empty(),
                DimensionRule::All => !mine.is_empty() && present.len() == mine.len(),
            };
            dimensions.push(DimensionResult {
                name: d.name.clone(),
                positive,
                strong,
                medium,
                weak,
                present: present.iter().map(|i| i.name.clone()).collect(),
            });
        }
        let env = ScoreEnv {
            eng: self,
            indicators: &indicators,
            dimensions: &dimensions,
            child: route == RouteTaken::Child,
        };
        let determination = s
            .outcomes
            .iter()
            .find(|o| {
                let applies = match o.route {
                    Route::Any => true,
                    Route::Adult => route == RouteTaken::Adult,
                    Route::Child => route == RouteTaken::Child,
                };
                applies && expr::eval(&o.when.expr, &env).to_bool()
            })
            .map(|o| o.name.clone());
        let flags = s
            .flags
            .iter()
            .filter(|f| expr::eval(&f.when.expr, &env).to_bool())
            .map(|f| FlagResult {
                name: f.name.clone(),
                values: f
                    .when
                    .expr
                    .refs()
                    .into_iter()
                    .map(|r| (r.to_string(), env.var(r).to_text()))
                    .collect(),
            })
            .collect();
        Some(ScoringResult {
            child: ChildFlag {
                status: child_status,
                evidence: child_ev,
            },
            route,
            indicators,
            dimensions,
            determination,
            flags,
        })
    }
}

struct ScoreEnv<'a, 'q> {
    eng: &'a Engine<'q>,
    indicators: &'a [IndicatorResult],
    dimensions: &'a [DimensionResult],
    child: bool,
}

impl Env for ScoreEnv<'_, '_> {
    fn var(&self, name: &str) -> Value {
        if name == "child" {
            return Value::Bool(self.child);
        }
        if let Some(i) = self.indicators.iter().find(|i| i.name == name) {
            return Value::Bool(i.status == Status::Present);
        }
        if let Some(d) = self.dimensions.iter().find(|d| d.name == name) {
            return Value::Bool(d.positive);
        }
        self.eng.lookup(None, &[], name)
    }
    fn current(&self) -> Value {
        Value::empty()
    }
    fn today(&self) -> Option<Date> {
        Some(self.eng.today)
    }
}

/// The typed value of an answer string for expressions.
fn typed(t: Option<&QuestionType>, s: &str) -> Value {
    match t {
        Some(QuestionType::Integer | QuestionType::Decimal) => {
            expr::parse_number(s).map_or_else(|| Value::Str(s.to_string()), Value::Num)
        }
        Some(QuestionType::Date) => {
            Date::parse(s).map_or_else(|| Value::Str(s.to_string()), Value::Date)
        }
        _ => Value::Str(s.to_string()),
    }
}

fn check_type(t: &QuestionType, v: &str, is_choice: &dyn Fn(&str) -> bool) -> Option<Message> {
    let bad = |id: &'static str| Some(Message::new(id).arg("value", v));
    match t {
        QuestionType::Integer => {
            let body = v.strip_prefix('-').unwrap_or(v);
            if body.is_empty()
                || !body.bytes().all(|b| b.is_ascii_digit())
                || v.parse::<i64>().is_err()
            {
                return bad("forms-answer-not-integer");
            }
        }
        QuestionType::Decimal => {
            if expr::parse_number(v).is_none() {
                return bad("forms-answer-not-decimal");
            }
        }
        QuestionType::Date => {
            if Date::parse(v).is_none() || v.len() != 10 {
                return bad("forms-answer-not-date");
            }
        }
        QuestionType::Time => {
            if !is_time(v) {
                return bad("forms-answer-not-time");
            }
        }
        QuestionType::DateTime => {
            let ok = v
                .split_once('T')
                .is_some_and(|(d, t)| Date::parse(d).is_some() && d.len() == 10 && is_time(t));
            if !ok {
                return bad("forms-answer-not-datetime");
            }
        }
        QuestionType::SelectOne { .. } => {
            if !is_choice(v) {
                return bad("forms-answer-not-a-choice");
            }
        }
        QuestionType::SelectMultiple { .. } => {
            if let Some(x) = v.split_whitespace().find(|x| !is_choice(x)) {
                return Some(Message::new("forms-answer-not-a-choice").arg("value", x));
            }
        }
        QuestionType::Acknowledge => {
            if v != "OK" {
                return bad("forms-answer-not-ok");
            }
        }
        QuestionType::Text | QuestionType::Note | QuestionType::Calculate => {}
    }
    None
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.sss`, optionally with a zone (`Z`, `+07:00`).
fn is_time(s: &str) -> bool {
    let core = s.trim_end_matches('Z');
    let core = match core.rfind(['+', '-']) {
        Some(i) if i >= 5 => core.get(..i).unwrap_or(core),
        _ => core,
    };
    let core = core.split('.').next().unwrap_or(core);
    let parts: Vec<&str> = core.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let n = |i: usize| {
        parts
            .get(i)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(99)
    };
    n(0) < 24 && n(1) < 60 && (parts.len() == 2 || n(2) < 60)
}

/// Computes navigation and scoring for a questionnaire and its answers.
/// `lang` chooses the language of labels and messages (falling back to the
/// questionnaire's default language).
pub fn evaluate(q: &Questionnaire, answers: &Answers, today: Date, lang: &str) -> Evaluation {
    let eng = Engine::new(q, answers, today);
    let navigation = eng.navigate(lang);
    let scoring = eng.score();
    Evaluation {
        navigation,
        scoring,
    }
}

/// Navigation only.
pub fn navigate(q: &Questionnaire, answers: &Answers, today: Date, lang: &str) -> Navigation {
    Engine::new(q, answers, today).navigate(lang)
}

/// How a person reads choice `value` of the answer `key`, in `lang`. When a
/// list has the same name more than once (`allow_choice_duplicates`: a
/// district name that exists in two provinces, told apart by a
/// `choice_filter`), the label is that of the choice the filter offers for
/// this answer (the district of the province answered); failing that, of the
/// first choice with that name. `None` when the question has no list or
/// `value` is not one of its choices.
pub fn choice_label(
    q: &Questionnaire,
    answers: &Answers,
    today: Date,
    key: &AnswerKey,
    value: &str,
    lang: &str,
) -> Option<String> {
    let node = q.node_index(&key.name)?;
    let list = q.nodes.get(node)?.question_type()?.list()?;
    let eng = Engine::new(q, answers, today);
    let offered = eng
        .choices(node, &key.indices)
        .into_iter()
        .find(|(v, _)| *v == value)
        .map(|(_, i)| i);
    let i = match offered {
        Some(i) => i,
        None => Some(q.choices.get(list)?.iter().position(|c| c.name == value)?),
    };
    eng.render(q.choice_label_at(list, i, lang), Some(node), &key.indices)
}

/// Scoring only (`None` when the questionnaire declares no scoring).
pub fn score(q: &Questionnaire, answers: &Answers, today: Date) -> Option<ScoringResult> {
    Engine::new(q, answers, today).score()
}
