//! The tree: operators, expressions, the functions known, parse errors, and
//! writing a tree back as text.

use super::*;

/// The deepest tree the parser accepts.
pub const MAX_DEPTH: usize = 100;

/// Binary operators, in XPath's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl BinOp {
    pub(super) fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq | BinOp::Ne => 3,
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div | BinOp::Mod => 6,
        }
    }

    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "div",
            BinOp::Mod => "mod",
        }
    }
}

/// An expression tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number literal (never negative: `-1` is `Neg(1)`).
    Num(f64),
    /// A string literal.
    Str(String),
    /// `${name}`.
    Ref(String),
    /// `.`: the value of the question being checked.
    Current,
    /// A bare name: a column of the choice being filtered (only in `choice_filter`).
    Name(String),
    /// Unary minus.
    Neg(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    /// A function call; the name is one of [`FUNCTIONS`].
    Call(String, Vec<Expr>),
}

/// The functions the language knows, with their minimum and maximum arity
/// (`usize::MAX` = any number).
pub const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("selected", 2, 2),
    ("count-selected", 1, 1),
    ("selected-at", 2, 2),
    ("if", 3, 3),
    ("string-length", 1, 1),
    ("concat", 0, usize::MAX),
    ("coalesce", 2, 2),
    ("regex", 2, 2),
    ("today", 0, 0),
    ("int", 1, 1),
    ("round", 1, 2),
    ("number", 1, 1),
    ("not", 1, 1),
    ("true", 0, 0),
    ("false", 0, 0),
    ("boolean", 1, 1),
    ("string", 1, 1),
    ("contains", 2, 2),
    ("starts-with", 2, 2),
    ("ends-with", 2, 2),
    ("substr", 2, 3),
    ("floor", 1, 1),
    ("ceiling", 1, 1),
    ("abs", 1, 1),
    ("date", 1, 1),
    ("count", 1, 1),
    ("sum", 1, 1),
    ("max", 1, usize::MAX),
    ("min", 1, usize::MAX),
];

/// A parse error: what went wrong and where (0-based character offset).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at character {}", .pos + 1)]
pub struct ExprError {
    pub pos: usize,
    pub message: Message,
}

impl ExprError {
    pub(super) fn new(pos: usize, id: &'static str) -> Self {
        ExprError {
            pos,
            message: Message::new(id).arg("pos", pos + 1),
        }
    }
    pub(super) fn with(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.message = self.message.arg(name, value);
        self
    }
}

impl Expr {
    /// Every `${name}` this expression mentions, in order, without repeats.
    pub fn refs(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Ref(r) = e
                && !out.contains(&r.as_str())
            {
                out.push(r.as_str());
            }
        });
        out
    }

    /// Visits every node, parents first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Neg(e) => e.walk(f),
            Expr::Bin(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.walk(f)),
            _ => {}
        }
    }

    pub(super) fn prec(&self) -> u8 {
        match self {
            Expr::Bin(op, _, _) => op.precedence(),
            Expr::Neg(_) => 7,
            _ => 8,
        }
    }
}

/// Formats a number the way XPath's `string()` does (no exponent, integers
/// without a decimal point).
pub fn format_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if n == 0.0 {
        "0".into()
    } else {
        format!("{n}")
    }
}

pub(super) fn write_str_lit(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    if !s.contains('\'') {
        write!(f, "'{s}'")
    } else if !s.contains('"') {
        write!(f, "\"{s}\"")
    } else {
        // Both quote kinds: XPath has no escapes, so split into a concat().
        f.write_str("concat(")?;
        for (i, part) in s.split('\'').enumerate() {
            if i > 0 {
                f.write_str(", \"'\", ")?;
            }
            write!(f, "'{part}'")?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for Expr {
    /// Prints the expression with the fewest parentheses that parse back to the same tree.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Num(n) => f.write_str(&format_number(*n)),
            Expr::Str(s) => write_str_lit(f, s),
            Expr::Ref(r) => write!(f, "${{{r}}}"),
            Expr::Current => f.write_str("."),
            Expr::Name(n) => f.write_str(n),
            Expr::Neg(e) => {
                if e.prec() < 7 {
                    write!(f, "-({e})")
                } else {
                    write!(f, "-{e}")
                }
            }
            Expr::Bin(op, a, b) => {
                let p = op.precedence();
                if a.prec() < p {
                    write!(f, "({a})")?;
                } else {
                    write!(f, "{a}")?;
                }
                write!(f, " {} ", op.as_str())?;
                if b.prec() <= p {
                    write!(f, "({b})")
                } else {
                    write!(f, "{b}")
                }
            }
            Expr::Call(name, args) => {
                write!(f, "{name}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
        }
    }
}
