//! Evaluation: values, dates, what an expression can see ([`Env`]), and
//! the functions.

use super::*;

/// A date as days since 1970-01-01 (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Date(pub i32);

impl Date {
    /// From year, month (1-12), day (1-31); `None` when not a real date.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || !(1..=9999).contains(&y) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = m as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// Parses `YYYY-MM-DD` (also the date part of a dateTime).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let s = s
            .get(..10)
            .filter(|_| s.len() == 10 || s.as_bytes().get(10) == Some(&b'T'))
            .unwrap_or(s);
        let mut it = s.splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        if ![y, m, d]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

pub(super) fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Num(f64),
    Bool(bool),
    Date(Date),
    /// The instances of a question inside a repeat, seen from outside it.
    Nodes(Vec<Value>),
}

impl Value {
    /// The empty answer.
    pub fn empty() -> Value {
        Value::Str(String::new())
    }

    pub(super) fn scalar(&self) -> Value {
        match self {
            Value::Nodes(v) => v.first().map_or_else(Value::empty, Value::scalar),
            other => other.clone(),
        }
    }

    /// XPath `boolean()`.
    pub fn to_bool(&self) -> bool {
        match self {
            Value::Str(s) => !s.is_empty(),
            Value::Num(n) => *n != 0.0 && !n.is_nan(),
            Value::Bool(b) => *b,
            Value::Date(_) => true,
            Value::Nodes(v) => !v.is_empty(),
        }
    }

    /// XPath `number()`; dates become days since 1970-01-01.
    pub fn to_num(&self) -> f64 {
        match self {
            Value::Str(s) => parse_number(s)
                .unwrap_or_else(|| Date::parse(s).map_or(f64::NAN, |d| f64::from(d.0))),
            Value::Num(n) => *n,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Date(d) => f64::from(d.0),
            Value::Nodes(_) => self.scalar().to_num(),
        }
    }

    /// XPath `string()`.
    pub fn to_text(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Num(n) => format_number(*n),
            Value::Bool(b) => if *b { "true" } else { "false" }.into(),
            Value::Date(d) => d.to_string(),
            Value::Nodes(_) => self.scalar().to_text(),
        }
    }

    pub(super) fn to_date(&self) -> Option<Date> {
        match self {
            Value::Date(d) => Some(*d),
            Value::Str(s) => Date::parse(s),
            Value::Num(n) if n.is_finite() && n.abs() < 3_000_000.0 => Some(Date(n.floor() as i32)),
            Value::Nodes(_) => self.scalar().to_date(),
            _ => None,
        }
    }
}

/// XPath number syntax: optional '-', digits, optional '.' digits; surrounding spaces allowed.
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    if body.is_empty()
        || body == "."
        || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || body.bytes().filter(|&b| b == b'.').count() > 1
    {
        return None;
    }
    t.parse::<f64>().ok()
}

/// What an expression can see.
pub trait Env {
    /// The value of `${name}` in the current context.
    fn var(&self, name: &str) -> Value;
    /// The value of `.`.
    fn current(&self) -> Value;
    /// Today, as given by the caller.
    fn today(&self) -> Option<Date>;
    /// A column of the choice being filtered (bare names in `choice_filter`).
    fn prop(&self, _name: &str) -> Value {
        Value::empty()
    }
    /// A compiled regular expression for a pattern (callers may cache).
    fn regex(&self, pattern: &str) -> Option<regex::Regex> {
        regex::Regex::new(pattern).ok()
    }
}

pub(super) fn compare(op: BinOp, a: &Value, b: &Value) -> bool {
    // Nodesets compare existentially, as in XPath.
    if let Value::Nodes(v) = a {
        return v.iter().any(|x| compare(op, x, b));
    }
    if let Value::Nodes(v) = b {
        return v.iter().any(|y| compare(op, a, y));
    }
    let eq_like = matches!(op, BinOp::Eq | BinOp::Ne);
    let ord = if matches!(a, Value::Date(_)) || matches!(b, Value::Date(_)) {
        match (a.to_date(), b.to_date()) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ => None,
        }
    } else if eq_like && (matches!(a, Value::Bool(_)) || matches!(b, Value::Bool(_))) {
        Some(a.to_bool().cmp(&b.to_bool()))
    } else if eq_like && !matches!(a, Value::Num(_)) && !matches!(b, Value::Num(_)) {
        Some(a.to_text().cmp(&b.to_text()))
    } else {
        a.to_num().partial_cmp(&b.to_num())
    };
    match op {
        BinOp::Eq => ord == Some(std::cmp::Ordering::Equal),
        BinOp::Ne => ord != Some(std::cmp::Ordering::Equal),
        BinOp::Lt => ord == Some(std::cmp::Ordering::Less),
        BinOp::Le => matches!(
            ord,
            Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
        ),
        BinOp::Gt => ord == Some(std::cmp::Ordering::Greater),
        BinOp::Ge => matches!(
            ord,
            Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
        ),
        _ => false,
    }
}

pub(super) fn items(v: &Value) -> Vec<Value> {
    match v {
        Value::Nodes(v) => v.clone(),
        other => vec![other.clone()],
    }
}

/// XPath `round()`: halves go up.
pub(super) fn round_half_up(n: f64, digits: f64) -> f64 {
    if !n.is_finite() {
        return n;
    }
    let digits = digits.clamp(-15.0, 15.0).trunc();
    let f = 10f64.powf(digits);
    (n * f + 0.5).floor() / f
}

/// Evaluates an expression. Never panics; errors become empty or NaN values,
/// as in XPath.
pub fn eval(e: &Expr, env: &dyn Env) -> Value {
    match e {
        Expr::Num(n) => Value::Num(*n),
        Expr::Str(s) => Value::Str(s.clone()),
        Expr::Ref(r) => env.var(r),
        Expr::Current => env.current(),
        Expr::Name(n) => env.prop(n),
        Expr::Neg(e) => Value::Num(-eval(e, env).to_num()),
        Expr::Bin(op, a, b) => match op {
            BinOp::Or => Value::Bool(eval(a, env).to_bool() || eval(b, env).to_bool()),
            BinOp::And => Value::Bool(eval(a, env).to_bool() && eval(b, env).to_bool()),
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                Value::Bool(compare(*op, &eval(a, env), &eval(b, env)))
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod => {
                let (x, y) = (eval(a, env).to_num(), eval(b, env).to_num());
                Value::Num(match op {
                    BinOp::Add => x + y,
                    BinOp::Sub => x - y,
                    BinOp::Mul => x * y,
                    BinOp::Div => x / y,
                    _ => x % y,
                })
            }
        },
        Expr::Call(name, args) => call(name, args, env),
    }
}

pub(super) fn call(name: &str, args: &[Expr], env: &dyn Env) -> Value {
    let arg = |i: usize| args.get(i).map_or_else(Value::empty, |a| eval(a, env));
    match name {
        "selected" => {
            let list = arg(0).to_text();
            let want = arg(1).to_text();
            let want = want.trim();
            Value::Bool(list.split_whitespace().any(|t| t == want))
        }
        "count-selected" => Value::Num(arg(0).to_text().split_whitespace().count() as f64),
        "selected-at" => {
            let list = arg(0).to_text();
            let n = arg(1).to_num();
            if n.is_finite() && n >= 0.0 {
                Value::Str(
                    list.split_whitespace()
                        .nth(n as usize)
                        .unwrap_or("")
                        .to_string(),
                )
            } else {
                Value::empty()
            }
        }
        "if" => {
            if arg(0).to_bool() {
                arg(1)
            } else {
                arg(2)
            }
        }
        "string-length" => Value::Num(arg(0).to_text().chars().count() as f64),
        "concat" => Value::Str(args.iter().map(|a| eval(a, env).to_text()).collect()),
        "coalesce" => {
            let a = arg(0);
            if a.to_text().is_empty() { arg(1) } else { a }
        }
        "regex" => {
            let s = arg(0).to_text();
            let p = arg(1).to_text();
            Value::Bool(env.regex(&p).is_some_and(|re| re.is_match(&s)))
        }
        "today" => env.today().map_or_else(Value::empty, Value::Date),
        "int" => Value::Num(arg(0).to_num().trunc()),
        "round" => {
            let d = if args.len() > 1 { arg(1).to_num() } else { 0.0 };
            Value::Num(round_half_up(
                arg(0).to_num(),
                if d.is_nan() { 0.0 } else { d },
            ))
        }
        "number" => Value::Num(arg(0).to_num()),
        "not" => Value::Bool(!arg(0).to_bool()),
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "boolean" => Value::Bool(arg(0).to_bool()),
        "string" => Value::Str(arg(0).to_text()),
        "contains" => Value::Bool(arg(0).to_text().contains(&arg(1).to_text())),
        "starts-with" => Value::Bool(arg(0).to_text().starts_with(&arg(1).to_text())),
        "ends-with" => Value::Bool(arg(0).to_text().ends_with(&arg(1).to_text())),
        "substr" => {
            let s: Vec<char> = arg(0).to_text().chars().collect();
            let start = arg(1).to_num();
            let start = if start.is_finite() {
                start.max(0.0) as usize
            } else {
                0
            };
            let len = if args.len() > 2 {
                let l = arg(2).to_num();
                if l.is_finite() {
                    l.max(0.0) as usize
                } else {
                    0
                }
            } else {
                usize::MAX
            };
            Value::Str(s.iter().skip(start).take(len).collect())
        }
        "floor" => Value::Num(arg(0).to_num().floor()),
        "ceiling" => Value::Num(arg(0).to_num().ceil()),
        "abs" => Value::Num(arg(0).to_num().abs()),
        "date" => arg(0).to_date().map_or_else(Value::empty, Value::Date),
        "count" => Value::Num(match arg(0) {
            Value::Nodes(v) => v.len() as f64,
            v => f64::from(u8::from(!v.to_text().is_empty())),
        }),
        "sum" => Value::Num(items(&arg(0)).iter().map(Value::to_num).sum()),
        "max" | "min" => {
            let mut all = Vec::new();
            for a in args {
                all.extend(items(&eval(a, env)).iter().map(Value::to_num));
            }
            if all.is_empty() || all.iter().any(|n| n.is_nan()) {
                Value::Num(f64::NAN)
            } else if name == "max" {
                Value::Num(all.iter().copied().fold(f64::NEG_INFINITY, f64::max))
            } else {
                Value::Num(all.iter().copied().fold(f64::INFINITY, f64::min))
            }
        }
        _ => Value::empty(),
    }
}
