//! Navigation: the visible items in order, with their answers, choices,
//! what is missing and what is wrong.

use super::*;

impl<'q> Engine<'q> {
    // -- navigation ----------------------------------------------------------

    pub(super) fn navigate(&self, lang: &str) -> Navigation {
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

    pub(super) fn walk(&self, node: usize, indices: &[u32], lang: &str, nav: &mut Navigation) {
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

    pub(super) fn question(
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
            guidance: self.render(
                self.q.node_attr(node, "guidance", lang),
                Some(node),
                indices,
            ),
            required,
            read_only: n.read_only,
            interviewer_only: n.interviewer_only,
            answer: state,
            choices,
            allows_dont_know: asked && n.dont_know,
            allows_prefer_not_to_answer: asked && n.prefer_not_to_answer,
        });
    }

    /// Choices offered at this instance (after `choice_filter`), plus `other`
    /// for or_other, as (value, position in the list; `None` for `other`).
    pub(super) fn choices(&self, node: usize, indices: &[u32]) -> Vec<(&'q str, Option<usize>)> {
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
}
