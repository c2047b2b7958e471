//! The evaluation engine: values per node and repeat instance, computed
//! lazily and memoised; relevance; expressions in a row's scope.

use super::*;

/// Something per node and repeat instance: a dense table for nodes outside
/// repeats (the common case), a hash map per node for instance paths. Lookups
/// borrow the instance path; only a first insert copies it.
pub(super) struct SlotMap<T> {
    pub(super) top: Vec<Option<T>>,
    pub(super) nested: FxMap<usize, FxMap<Box<[u32]>, T>>,
}

impl<T> SlotMap<T> {
    pub(super) fn new(nodes: usize) -> Self {
        SlotMap {
            top: (0..nodes).map(|_| None).collect(),
            nested: FxMap::default(),
        }
    }

    pub(super) fn get(&self, node: usize, indices: &[u32]) -> Option<&T> {
        if indices.is_empty() {
            self.top.get(node)?.as_ref()
        } else {
            self.nested.get(&node)?.get(indices)
        }
    }

    pub(super) fn get_mut(&mut self, node: usize, indices: &[u32]) -> Option<&mut T> {
        if indices.is_empty() {
            self.top.get_mut(node)?.as_mut()
        } else {
            self.nested.get_mut(&node)?.get_mut(indices)
        }
    }

    /// Sets the entry; a node out of range is ignored.
    pub(super) fn insert(&mut self, node: usize, indices: &[u32], value: T) {
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
pub(super) enum Memo<T> {
    Busy,
    Done(T),
}

pub(super) struct Engine<'q> {
    pub(super) q: &'q Questionnaire,
    pub(super) answers: &'q Answers,
    pub(super) today: Date,
    pub(super) relevant: RefCell<SlotMap<Memo<bool>>>,
    pub(super) values: RefCell<SlotMap<Memo<Value>>>,
    /// The answers by node and instance.
    pub(super) given: SlotMap<&'q Answer>,
    /// Instance counts set by the person, by repeat node and enclosing instance.
    pub(super) counts: SlotMap<u32>,
    /// Highest instance number answered, by repeat node and enclosing instance.
    pub(super) observed: SlotMap<u32>,
}

pub(super) struct Scope<'e, 'q> {
    pub(super) eng: &'e Engine<'q>,
    pub(super) node: Option<usize>,
    pub(super) indices: &'e [u32],
    pub(super) current: Option<Value>,
    pub(super) choice: Option<(&'e str, &'e BTreeMap<String, String>)>,
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
    pub(super) fn new(q: &'q Questionnaire, answers: &'q Answers, today: Date) -> Self {
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

    pub(super) fn scope<'e>(&'e self, node: Option<usize>, indices: &'e [u32]) -> Scope<'e, 'q> {
        Scope {
            eng: self,
            node,
            indices,
            current: None,
            choice: None,
        }
    }

    pub(super) fn eval(&self, e: &expr::Expr, node: Option<usize>, indices: &[u32]) -> Value {
        expr::eval(e, &self.scope(node, indices))
    }

    /// Resolves `${name}` seen from `ctx` at `indices`.
    pub(super) fn lookup(&self, ctx: Option<usize>, indices: &[u32], name: &str) -> Value {
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
    pub(super) fn collect(&self, target: usize, prefix: &mut Vec<u32>, out: &mut Vec<Value>) {
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
    pub(super) fn instances(&self, rep: usize, prefix: &[u32]) -> u32 {
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

    pub(super) fn is_relevant(&self, node: usize, indices: &[u32]) -> bool {
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

    pub(super) fn raw(&self, node: usize, indices: &[u32]) -> AnswerState {
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
    pub(super) fn value(&self, node: usize, indices: &[u32]) -> Value {
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

    pub(super) fn compute(&self, node: usize, indices: &[u32]) -> Value {
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

    pub(super) fn render(
        &self,
        t: Option<&crate::text::Text>,
        node: Option<usize>,
        indices: &[u32],
    ) -> Option<String> {
        t.map(|t| t.render(&mut |v| self.lookup(node, indices, v).to_text()))
    }
}
