//! From a definition and its catalogs to a checked [`Questionnaire`]: the
//! tree of rows, every name and reference, the scoring, the translation ids,
//! the regular expressions.

use super::*;

struct Loader<'a> {
    diags: Vec<Diagnostic>,
    file: &'a str,
}

impl Loader<'_> {
    fn at(&self, path: String) -> Location {
        Location::Field {
            file: self.file.to_string(),
            path,
        }
    }
    fn err(&mut self, path: String, msg: Message) {
        let loc = self.at(path);
        self.diags.push(Diagnostic::new(loc, msg));
    }
    fn expr(&mut self, path: String, src: Option<&str>) -> Option<Expression> {
        self.parse_with(path, src, expr::parse)
    }
    fn choice_filter(&mut self, path: String, src: Option<&str>) -> Option<Expression> {
        self.parse_with(path, src, expr::parse_choice_filter)
    }
    fn parse_with(
        &mut self,
        path: String,
        src: Option<&str>,
        parse: fn(&str) -> Result<Expr, expr::ExprError>,
    ) -> Option<Expression> {
        let src = src?.trim();
        if src.is_empty() {
            return None;
        }
        match parse(src) {
            Ok(e) => Some(Expression {
                source: src.to_string(),
                expr: e,
            }),
            Err(e) => {
                self.err(path, e.message);
                None
            }
        }
    }
}

fn row_path(i: usize, field: &str) -> String {
    if field.is_empty() {
        format!("survey[{i}]")
    } else {
        format!("survey[{i}].{field}")
    }
}

/// Builds the model from a definition and its catalogs, checking everything:
/// every problem found is reported, not only the first.
pub(crate) fn build(
    def: Definition,
    catalogs: BTreeMap<String, Catalog>,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<Questionnaire, Diagnostics> {
    let mut l = Loader {
        diags: Vec::new(),
        file: DEFINITION,
    };
    check_header(&def, &catalogs, &mut l);
    let tree = build_tree(&def, &mut l);
    check_choices(&def, &mut l);
    // ODK's `instance_name`: the expression that names a record (the case's
    // code), checked here, evaluated by `nav::instance_name`.
    let _ = l.expr(
        "settings.instance_name".into(),
        def.settings.instance_name.as_deref(),
    );
    check_references(&tree, &mut l);
    let scoring = def
        .scoring
        .as_ref()
        .map(|s| build_scoring(s, &tree, &mut l));
    check_translation_ids(&def, &tree, &catalogs, &mut l);
    let regexes = compile_regexes(&tree.nodes, &mut l);
    let media = check_media(&catalogs, files, &mut l.diags);
    if !l.diags.is_empty() {
        return Err(Diagnostics(l.diags));
    }
    Ok(assemble(
        def, catalogs, files, tree, scoring, regexes, media,
    ))
}

/// The survey's rows as a tree, with the names they define.
struct Tree {
    nodes: Vec<Node>,
    roots: Vec<usize>,
    metadata: Vec<(String, MetaKind)>,
    by_name: FxMap<String, usize>,
    meta_names: HashMap<String, usize>,
}

impl Tree {
    /// Whether `name` is a question, group, repeat or metadata field.
    fn knows(&self, name: &str) -> bool {
        self.by_name.contains_key(name) || self.meta_names.contains_key(name)
    }
}

/// The id, the version and the default language.
fn check_header(def: &Definition, catalogs: &BTreeMap<String, Catalog>, l: &mut Loader<'_>) {
    if def.id.trim().is_empty() {
        l.err(
            "id".into(),
            Message::new("forms-empty-field").arg("field", "id"),
        );
    }
    if def.version.trim().is_empty() {
        l.err(
            "version".into(),
            Message::new("forms-empty-field").arg("field", "version"),
        );
    }
    if !catalogs.is_empty() && !catalogs.contains_key(&def.default_language) {
        l.err(
            "default_language".into(),
            Message::new("forms-default-language-missing").arg("lang", &def.default_language),
        );
    }
}

/// The rows in order: their types and names, groups and repeats opened and
/// closed, each question's expressions parsed.
fn build_tree(def: &Definition, l: &mut Loader<'_>) -> Tree {
    let mut nodes: Vec<Node> = Vec::new();
    let mut roots = Vec::new();
    let mut metadata = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut by_name: FxMap<String, usize> = FxMap::default();
    let mut meta_names: HashMap<String, usize> = HashMap::new();

    for (i, row) in def.survey.iter().enumerate() {
        let parsed = parse_type(&row.kind);
        let name = row.name.as_deref().map(str::trim).unwrap_or("");
        let needs_name = !matches!(parsed, ParsedType::EndGroup | ParsedType::EndRepeat);
        match &parsed {
            ParsedType::Refused(id) => {
                l.err(
                    row_path(i, "type"),
                    Message::new(id).arg("type", row.kind.trim()),
                );
                continue;
            }
            ParsedType::Unsupported => {
                l.err(
                    row_path(i, "type"),
                    Message::new("forms-type-unsupported").arg("type", row.kind.trim()),
                );
                continue;
            }
            ParsedType::MissingList => {
                l.err(
                    row_path(i, "type"),
                    Message::new("forms-select-no-list").arg("type", row.kind.trim()),
                );
                continue;
            }
            _ => {}
        }
        if needs_name {
            if name.is_empty() {
                l.err(row_path(i, "name"), Message::new("forms-name-missing"));
                continue;
            }
            if !expr::is_name(name) {
                l.err(
                    row_path(i, "name"),
                    Message::new("forms-name-invalid").arg("name", name),
                );
                continue;
            }
            if by_name.contains_key(name) || meta_names.contains_key(name) {
                l.err(
                    row_path(i, "name"),
                    Message::new("forms-name-duplicate").arg("name", name),
                );
                continue;
            }
        }
        let parent = stack.last().copied();
        match parsed {
            ParsedType::Meta(kind) => {
                meta_names.insert(name.to_string(), i);
                metadata.push((name.to_string(), kind));
            }
            ParsedType::EndGroup | ParsedType::EndRepeat => {
                let want_repeat = parsed == ParsedType::EndRepeat;
                match stack.last().and_then(|&p| nodes.get(p)) {
                    Some(open) if matches!(open.kind, NodeKind::Repeat { .. }) == want_repeat => {
                        stack.pop();
                    }
                    Some(open) => {
                        let open = open.name.clone();
                        l.err(
                            row_path(i, "type"),
                            Message::new("forms-end-mismatch").arg("name", open),
                        );
                    }
                    None => l.err(row_path(i, "type"), Message::new("forms-end-unmatched")),
                }
            }
            ParsedType::BeginGroup | ParsedType::BeginRepeat | ParsedType::Question(_) => {
                let kind = match parsed {
                    ParsedType::BeginGroup => NodeKind::Group,
                    ParsedType::BeginRepeat => NodeKind::Repeat {
                        count: l.expr(row_path(i, "repeat_count"), row.repeat_count.as_deref()),
                    },
                    ParsedType::Question(t) => {
                        if let Some(list) = t.list()
                            && def.choices.get(list).is_none_or(|c| c.is_empty())
                        {
                            l.err(
                                row_path(i, "type"),
                                Message::new("forms-list-missing").arg("list", list),
                            );
                        }
                        if t == QuestionType::Calculate
                            && row
                                .calculation
                                .as_deref()
                                .is_none_or(|c| c.trim().is_empty())
                        {
                            l.err(
                                row_path(i, "calculation"),
                                Message::new("forms-calculation-missing"),
                            );
                        }
                        NodeKind::Question(t)
                    }
                    _ => NodeKind::Group,
                };
                if row.repeat_count.is_some() && !matches!(kind, NodeKind::Repeat { .. }) {
                    l.err(
                        row_path(i, "repeat_count"),
                        Message::new("forms-field-not-allowed").arg("field", "repeat_count"),
                    );
                }
                let node = make_node(def, row, i, name, kind, parent, &nodes, l);
                let idx = nodes.len();
                let is_container = !matches!(node.kind, NodeKind::Question(_));
                by_name.insert(node.name.clone(), idx);
                nodes.push(node);
                match parent.and_then(|p| nodes.get_mut(p)) {
                    Some(p) => p.children.push(idx),
                    None => roots.push(idx),
                }
                if is_container {
                    stack.push(idx);
                }
            }
            _ => {}
        }
    }
    for &open in &stack {
        if let Some(n) = nodes.get(open) {
            l.err(
                row_path(n.row, "type"),
                Message::new("forms-begin-unclosed").arg("name", &n.name),
            );
        }
    }
    Tree {
        nodes,
        roots,
        metadata,
        by_name,
        meta_names,
    }
}

/// One question, group or repeat from row `i`: where it sits (its repeats and
/// group path, from its parent) and its parsed expressions.
#[allow(clippy::too_many_arguments)]
fn make_node(
    def: &Definition,
    row: &Row,
    i: usize,
    name: &str,
    kind: NodeKind,
    parent: Option<usize>,
    nodes: &[Node],
    l: &mut Loader<'_>,
) -> Node {
    let (repeats, group_path) = match parent.and_then(|p| nodes.get(p)) {
        Some(p) => {
            let mut r = p.repeats.clone();
            if matches!(p.kind, NodeKind::Repeat { .. }) {
                r.push(parent.unwrap_or(0));
            }
            let gp = if p.group_path.is_empty() {
                p.name.clone()
            } else {
                format!("{}/{}", p.group_path, p.name)
            };
            (r, gp)
        }
        None => (Vec::new(), String::new()),
    };
    let required = match &row.required {
        None | Some(RequiredDef::Always(false)) => Required::No,
        Some(RequiredDef::Always(true)) => Required::Yes,
        Some(RequiredDef::When(s)) => match s.trim() {
            "yes" | "true" | "true()" => Required::Yes,
            "" | "no" | "false" | "false()" => Required::No,
            _ => l
                .expr(row_path(i, "required"), Some(s))
                .map_or(Required::No, Required::When),
        },
    };
    Node {
        name: name.to_string(),
        kind,
        row: i,
        parent,
        children: Vec::new(),
        repeats,
        group_path,
        relevant: l.expr(row_path(i, "relevant"), row.relevant.as_deref()),
        required,
        constraint: l.expr(row_path(i, "constraint"), row.constraint.as_deref()),
        calculation: l.expr(row_path(i, "calculation"), row.calculation.as_deref()),
        choice_filter: l.choice_filter(row_path(i, "choice_filter"), row.choice_filter.as_deref()),
        default: row.default.clone().filter(|d| !d.is_empty()),
        read_only: row.read_only.unwrap_or(false),
        appearance: row.appearance.clone().filter(|a| !a.is_empty()),
        dont_know: row.dont_know.unwrap_or(def.settings.dont_know),
        prefer_not_to_answer: row
            .prefer_not_to_answer
            .unwrap_or(def.settings.prefer_not_to_answer),
        interviewer_only: row.interviewer_only.unwrap_or_else(|| {
            parent
                .and_then(|p| nodes.get(p))
                .is_some_and(|p| p.interviewer_only)
        }),
        self_administered: row.self_administered.unwrap_or_else(|| {
            parent
                .and_then(|p| nodes.get(p))
                .is_some_and(|p| p.self_administered)
        }),
    }
}

/// Every choice has a name, unique in its list unless the settings allow it.
fn check_choices(def: &Definition, l: &mut Loader<'_>) {
    for (list, choices) in &def.choices {
        let mut seen = std::collections::HashSet::new();
        for (j, c) in choices.iter().enumerate() {
            if c.name.trim().is_empty() {
                l.err(
                    format!("choices.{list}[{j}].name"),
                    Message::new("forms-name-missing"),
                );
            } else if !seen.insert(c.name.as_str()) && !def.settings.allow_choice_duplicates {
                l.err(
                    format!("choices.{list}[{j}].name"),
                    Message::new("forms-choice-duplicate")
                        .arg("name", &c.name)
                        .arg("list", list),
                );
            }
        }
    }
}

/// References in the rows' expressions must name something.
fn check_references(tree: &Tree, l: &mut Loader<'_>) {
    let mut ref_errs = Vec::new();
    for n in &tree.nodes {
        let fields: [(&str, Option<&Expression>); 6] = [
            ("relevant", n.relevant.as_ref()),
            ("constraint", n.constraint.as_ref()),
            ("calculation", n.calculation.as_ref()),
            ("choice_filter", n.choice_filter.as_ref()),
            (
                "required",
                match &n.required {
                    Required::When(e) => Some(e),
                    _ => None,
                },
            ),
            (
                "repeat_count",
                match &n.kind {
                    NodeKind::Repeat { count } => count.as_ref(),
                    _ => None,
                },
            ),
        ];
        for (field, e) in fields {
            for r in e.iter().flat_map(|e| e.expr.refs()) {
                if !tree.knows(r) {
                    ref_errs.push((
                        row_path(n.row, field),
                        Message::new("forms-ref-unknown").arg("name", r),
                    ));
                }
            }
        }
    }
    for (p, m) in ref_errs {
        l.err(p, m);
    }
}

/// The scoring rules: indicators, dimensions, outcomes and flags, their
/// names unique and their expressions naming something.
fn build_scoring(s: &ScoringDef, tree: &Tree, l: &mut Loader<'_>) -> Scoring {
    let scoring_names: Vec<String> = s
        .indicators
        .iter()
        .map(|i| i.name.clone())
        .chain(s.dimensions.iter().map(|d| d.name.clone()))
        .chain(std::iter::once("child".to_string()))
        .collect();
    let child = l.expr("scoring.child".into(), s.child.as_deref());
    for r in child.iter().flat_map(|e| e.expr.refs()) {
        if !tree.knows(r) {
            l.err(
                "scoring.child".into(),
                Message::new("forms-ref-unknown").arg("name", r),
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut indicators = Vec::new();
    for (j, ind) in s.indicators.iter().enumerate() {
        let path = format!("scoring.indicators[{j}]");
        if !expr::is_name(&ind.name) {
            l.err(
                format!("{path}.name"),
                Message::new("forms-name-invalid").arg("name", &ind.name),
            );
        } else if !seen.insert(ind.name.clone()) || tree.knows(&ind.name) {
            l.err(
                format!("{path}.name"),
                Message::new("forms-name-duplicate").arg("name", &ind.name),
            );
        }
        if let Some(d) = &ind.dimension
            && !s.dimensions.iter().any(|x| &x.name == d)
        {
            l.err(
                format!("{path}.dimension"),
                Message::new("forms-dimension-unknown").arg("name", d),
            );
        }
        let e = l.expr(format!("{path}.expression"), Some(&ind.expression));
        if ind.expression.trim().is_empty() {
            l.err(
                format!("{path}.expression"),
                Message::new("forms-empty-field").arg("field", "expression"),
            );
        }
        for r in e.iter().flat_map(|e| e.expr.refs()) {
            if !tree.knows(r) {
                l.err(
                    format!("{path}.expression"),
                    Message::new("forms-ref-unknown").arg("name", r),
                );
            }
        }
        if let Some(expr) = e {
            indicators.push(Indicator {
                name: ind.name.clone(),
                expr,
                dimension: ind.dimension.clone(),
                instrument: ind.instrument.clone().or_else(|| {
                    let d = ind.dimension.as_ref()?;
                    s.dimensions
                        .iter()
                        .find(|x| &x.name == d)?
                        .instrument
                        .clone()
                }),
                strength: ind.strength,
                child_strength: ind.child_strength,
            });
        }
    }
    for (j, d) in s.dimensions.iter().enumerate() {
        if !expr::is_name(&d.name) || !seen.insert(d.name.clone()) || tree.knows(&d.name) {
            l.err(
                format!("scoring.dimensions[{j}].name"),
                Message::new("forms-name-duplicate").arg("name", &d.name),
            );
        }
    }
    let mut outcomes = Vec::new();
    for (j, o) in s.outcomes.iter().enumerate() {
        let path = format!("scoring.outcomes[{j}].when");
        if let Some(when) = l.expr(path.clone(), Some(&o.when)) {
            for r in when.expr.refs() {
                if !tree.knows(r) && !scoring_names.iter().any(|n| n == r) {
                    l.err(
                        path.clone(),
                        Message::new("forms-ref-unknown").arg("name", r),
                    );
                }
            }
            outcomes.push(Outcome {
                name: o.name.clone(),
                when,
                route: o.route,
            });
        }
    }
    let mut flags = Vec::new();
    let mut flag_names = std::collections::HashSet::new();
    for (j, f) in s.flags.iter().enumerate() {
        if !expr::is_name(&f.name) || !flag_names.insert(f.name.clone()) {
            l.err(
                format!("scoring.flags[{j}].name"),
                Message::new("forms-name-duplicate").arg("name", &f.name),
            );
        }
        let path = format!("scoring.flags[{j}].when");
        if let Some(when) = l.expr(path.clone(), Some(&f.when)) {
            for r in when.expr.refs() {
                if !tree.knows(r) && !scoring_names.iter().any(|n| n == r) {
                    l.err(
                        path.clone(),
                        Message::new("forms-ref-unknown").arg("name", r),
                    );
                }
            }
            flags.push(Flag {
                name: f.name.clone(),
                when,
            });
        }
    }
    Scoring {
        child,
        child_if_unknown: s.child_if_unknown,
        dimensions: s.dimensions.clone(),
        indicators,
        outcomes,
        flags,
    }
}

/// Translation ids must not collide and must belong to something; the
/// answers a translation shows must exist.
fn check_translation_ids(
    def: &Definition,
    tree: &Tree,
    catalogs: &BTreeMap<String, Catalog>,
    l: &mut Loader<'_>,
) {
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut claim = |id: String, what: String, l: &mut Loader<'_>| {
        if let Some(prev) = ids.insert(id.clone(), what.clone())
            && prev != what
        {
            l.err(
                String::new(),
                Message::new("forms-ftl-id-collision")
                    .arg("id", &id)
                    .arg("a", prev)
                    .arg("b", what),
            );
        }
    };
    claim("form--title".into(), "title".into(), l);
    for n in &tree.nodes {
        claim(text::fluent_id(&n.name), n.name.clone(), l);
    }
    for (list, cs) in &def.choices {
        let ids = text::choice_ids(list, cs.iter().map(|c| c.name.as_str()));
        for (c, id) in cs.iter().zip(ids) {
            claim(id, format!("{list}/{}", c.name), l);
        }
        claim(text::choice_id(list, "other"), format!("{list}/other"), l);
    }
    if let Some(s) = &def.scoring {
        for i in &s.indicators {
            claim(
                format!("indicator--{}", text::fluent_id(&i.name)),
                format!("indicator {}", i.name),
                l,
            );
        }
        for d in &s.dimensions {
            claim(
                format!("dimension--{}", text::fluent_id(&d.name)),
                format!("dimension {}", d.name),
                l,
            );
        }
        let instruments: std::collections::BTreeSet<&String> = s
            .indicators
            .iter()
            .filter_map(|i| i.instrument.as_ref())
            .chain(s.dimensions.iter().filter_map(|d| d.instrument.as_ref()))
            .collect();
        for i in instruments {
            claim(
                format!("instrument--{}", text::fluent_id(i)),
                format!("instrument {i}"),
                l,
            );
        }
        for o in &s.outcomes {
            claim(
                format!("outcome--{}", text::fluent_id(&o.name)),
                format!("outcome {}", o.name),
                l,
            );
        }
        for f in &s.flags {
            claim(
                format!("flag--{}", text::fluent_id(&f.name)),
                format!("flag {}", f.name),
                l,
            );
        }
    }
    for (lang, cat) in catalogs {
        let file = format!("{TRANSLATIONS_DIR}/{lang}.ftl");
        for (id, entry) in cat {
            if !ids.contains_key(id) {
                l.diags.push(Diagnostic::new(
                    Location::Field {
                        file: file.clone(),
                        path: id.clone(),
                    },
                    Message::new("forms-ftl-unknown-id").arg("id", id),
                ));
            }
            for v in entry
                .value
                .iter()
                .chain(entry.attrs.values())
                .flat_map(Text::vars)
            {
                if !tree.knows(v) {
                    l.diags.push(Diagnostic::new(
                        Location::Field {
                            file: file.clone(),
                            path: id.clone(),
                        },
                        Message::new("forms-ref-unknown").arg("name", v),
                    ));
                }
            }
        }
    }
}

/// Regular expressions with a literal pattern, compiled once here.
fn compile_regexes(nodes: &[Node], l: &mut Loader<'_>) -> HashMap<String, regex::Regex> {
    let mut regexes = HashMap::new();
    let mut all_exprs: Vec<(String, &Expression)> = Vec::new();
    for n in nodes {
        for e in [&n.relevant, &n.constraint, &n.calculation, &n.choice_filter]
            .into_iter()
            .flatten()
        {
            all_exprs.push((row_path(n.row, ""), e));
        }
    }
    for (path, e) in all_exprs {
        e.expr.walk(&mut |x| {
            if let Expr::Call(f, args) = x
                && f == "regex"
                && let Some(Expr::Str(p)) = args.get(1)
            {
                match regex::Regex::new(p) {
                    Ok(re) => {
                        regexes.insert(p.clone(), re);
                    }
                    Err(_) => l.diags.push(Diagnostic::new(
                        Location::Field {
                            file: DEFINITION.into(),
                            path: path.clone(),
                        },
                        Message::new("forms-regex-invalid").arg("pattern", p),
                    )),
                }
            }
        });
    }
    regexes
}

/// The checked model.
fn assemble(
    def: Definition,
    catalogs: BTreeMap<String, Catalog>,
    files: &BTreeMap<String, Vec<u8>>,
    tree: Tree,
    scoring: Option<Scoring>,
    regexes: HashMap<String, regex::Regex>,
    media: BTreeMap<String, Media>,
) -> Questionnaire {
    let Tree {
        nodes,
        roots,
        metadata,
        by_name,
        ..
    } = tree;
    let mut languages: Vec<Language> = catalogs
        .keys()
        .map(|code| Language {
            code: code.clone(),
            name: def
                .language_names
                .get(code)
                .cloned()
                .unwrap_or_else(|| code.clone()),
        })
        .collect();
    languages.sort_by_key(|lang| (lang.code != def.default_language, lang.code.clone()));
    let texts = catalogs
        .iter()
        .map(|(lang, cat)| {
            let t = LangTexts {
                nodes: nodes
                    .iter()
                    .map(|n| cat.get(&text::fluent_id(&n.name)).cloned())
                    .collect(),
                choices: def
                    .choices
                    .iter()
                    .map(|(list, cs)| {
                        let listed = text::choice_ids(list, cs.iter().map(|c| c.name.as_str()))
                            .iter()
                            .map(|id| cat.get(id).cloned())
                            .collect();
                        let other = cat.get(&text::choice_id(list, "other")).cloned();
                        (list.clone(), (listed, other))
                    })
                    .collect(),
            };
            (lang.clone(), t)
        })
        .collect();
    Questionnaire {
        id: def.id.clone(),
        version: def.version.clone(),
        hash: folder_hash(files),
        default_language: def.default_language.clone(),
        languages,
        settings: def.settings.clone(),
        nodes,
        roots,
        choices: def.choices.clone(),
        metadata,
        scoring,
        definition: def,
        catalogs,
        by_name,
        regexes,
        texts,
        media,
    }
}
