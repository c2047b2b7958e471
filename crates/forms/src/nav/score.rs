//! Scoring: indicators with their evidence, dimensions, the child flag,
//! the determination and the flags.

use super::*;

impl<'q> Engine<'q> {
    // -- scoring -------------------------------------------------------------

    /// The answered leaves an expression depends on (through calculations).
    pub(super) fn leaves(
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

    pub(super) fn slots(&self, target: usize, prefix: Vec<u32>, out: &mut Vec<Vec<u32>>) {
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

    pub(super) fn judge(&self, e: &expr::Expr) -> (Status, Vec<Evidence>) {
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
            // Only the parts of the rule that made it hold speak: of
            // `a = 'yes' or b = 'yes'` with b answered "no", the evidence is
            // a alone (a person's "no" never shows as a reason).
            let mut why = Vec::new();
            self.raising_refs(e, &mut why, &mut HashSet::new());
            let mut leaves = Vec::new();
            self.leaves(&why, &mut leaves, &mut HashSet::new());
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

    /// The references of the parts of `e` that make it hold: of an `or`,
    /// the alternatives that hold on their own (or both sides when neither
    /// does alone); of anything else (`and`, a comparison, a function), all
    /// it refers to. A calculation is followed into its own expression.
    fn raising_refs<'e>(
        &'e self,
        e: &'e expr::Expr,
        out: &mut Vec<&'e str>,
        seen: &mut HashSet<usize>,
    ) {
        use expr::{BinOp, Expr};
        match e {
            Expr::Bin(BinOp::Or, a, b) => {
                let holding: Vec<&Expr> = [a, b]
                    .into_iter()
                    .map(|side| &**side)
                    .filter(|side| self.eval(side, None, &[]).to_bool())
                    .collect();
                let sides: Vec<&Expr> = if holding.is_empty() {
                    vec![a, b]
                } else {
                    holding
                };
                for side in sides {
                    self.raising_refs(side, out, seen);
                }
            }
            Expr::Bin(BinOp::And, a, b) => {
                self.raising_refs(a, out, seen);
                self.raising_refs(b, out, seen);
            }
            _ => {
                for name in e.refs() {
                    let calc = self.q.node_index(name).and_then(|idx| {
                        let n = self.q.nodes.get(idx)?;
                        match (&n.kind, &n.calculation) {
                            (NodeKind::Question(QuestionType::Calculate), Some(c)) => {
                                Some((idx, &c.expr))
                            }
                            _ => None,
                        }
                    });
                    match calc {
                        // A calculation outside repeats (`x or y` in one
                        // place): only its holding parts, once. One inside
                        // a repeat is judged per instance by the caller.
                        Some((idx, c)) if self.top_level(idx) => {
                            if seen.insert(idx) {
                                self.raising_refs(c, out, seen);
                            }
                        }
                        _ => {
                            if !out.contains(&name) {
                                out.push(name);
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether a node is outside every repeat.
    fn top_level(&self, idx: usize) -> bool {
        self.q.nodes.get(idx).is_some_and(|n| n.repeats.is_empty())
    }

    pub(super) fn score(&self) -> Option<ScoringResult> {
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

pub(super) struct ScoreEnv<'a, 'q> {
    pub(super) eng: &'a Engine<'q>,
    pub(super) indicators: &'a [IndicatorResult],
    pub(super) dimensions: &'a [DimensionResult],
    pub(super) child: bool,
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
