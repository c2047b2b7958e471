//! Characters to tokens.

use super::*;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Num(f64),
    Str(String),
    Ref(String),
    Ident(String),
    Dot,
    LParen,
    RParen,
    Comma,
    Op(BinOp),
    Minus,
    Eof,
}

pub(super) fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(n) => format_number(*n),
        Tok::Str(s) => format!("'{s}'"),
        Tok::Ref(r) => format!("${{{r}}}"),
        Tok::Ident(i) => i.clone(),
        Tok::Dot => ".".into(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::Comma => ",".into(),
        Tok::Op(op) => op.as_str().into(),
        Tok::Minus => "-".into(),
        Tok::Eof => "end of expression".into(),
    }
}

pub(super) fn lex(src: &str) -> Result<Vec<(usize, Tok)>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            '(' => {
                i += 1;
                Tok::LParen
            }
            ')' => {
                i += 1;
                Tok::RParen
            }
            ',' => {
                i += 1;
                Tok::Comma
            }
            '=' => {
                i += 1;
                Tok::Op(BinOp::Eq)
            }
            '!' if chars.get(i + 1) == Some(&'=') => {
                i += 2;
                Tok::Op(BinOp::Ne)
            }
            '<' | '>' => {
                let eq = chars.get(i + 1) == Some(&'=');
                i += if eq { 2 } else { 1 };
                Tok::Op(match (c, eq) {
                    ('<', false) => BinOp::Lt,
                    ('<', true) => BinOp::Le,
                    ('>', false) => BinOp::Gt,
                    _ => BinOp::Ge,
                })
            }
            '+' => {
                i += 1;
                Tok::Op(BinOp::Add)
            }
            '-' => {
                i += 1;
                Tok::Minus
            }
            '*' => {
                i += 1;
                Tok::Op(BinOp::Mul)
            }
            '\'' | '"' => {
                let mut j = i + 1;
                let mut s = String::new();
                loop {
                    match chars.get(j) {
                        None => {
                            return Err(ExprError::new(start, "forms-expr-unterminated-string"));
                        }
                        Some(&d) if d == c => break,
                        Some(&d) => s.push(d),
                    }
                    j += 1;
                }
                i = j + 1;
                Tok::Str(s)
            }
            '$' => {
                if chars.get(i + 1) != Some(&'{') {
                    return Err(ExprError::new(start, "forms-expr-bad-reference"));
                }
                let mut j = i + 2;
                let mut name = String::new();
                loop {
                    match chars.get(j) {
                        None => {
                            return Err(ExprError::new(start, "forms-expr-unterminated-reference"));
                        }
                        Some('}') => break,
                        Some(&d) => name.push(d),
                    }
                    j += 1;
                }
                let name = name.trim().to_string();
                if !is_name(&name) {
                    return Err(ExprError::new(start, "forms-expr-bad-name").with("name", name));
                }
                i = j + 1;
                Tok::Ref(name)
            }
            '.' => {
                if chars.get(i + 1).is_some_and(char::is_ascii_digit) {
                    lex_number(&chars, &mut i)
                } else if chars.get(i + 1) == Some(&'.') {
                    return Err(ExprError::new(start, "forms-expr-path-unsupported"));
                } else {
                    i += 1;
                    Tok::Dot
                }
            }
            '/' | '|' | '[' | ']' | '@' => {
                return Err(ExprError::new(start, "forms-expr-path-unsupported"));
            }
            c if c.is_ascii_digit() => lex_number(&chars, &mut i),
            c if c.is_alphabetic() || c == '_' => {
                let mut j = i;
                let mut s = String::new();
                while let Some(&d) = chars.get(j) {
                    if d.is_alphanumeric() || d == '_' || d == '-' || d == ':' || d == '.' {
                        s.push(d);
                        j += 1;
                    } else {
                        break;
                    }
                }
                // A trailing '-' belongs to a following minus (e.g. `div-1` is rare; `a -1` is not a name).
                while s.ends_with('-') || s.ends_with('.') {
                    s.pop();
                    j -= 1;
                }
                i = j;
                match s.as_str() {
                    "and" => Tok::Op(BinOp::And),
                    "or" => Tok::Op(BinOp::Or),
                    "div" => Tok::Op(BinOp::Div),
                    "mod" => Tok::Op(BinOp::Mod),
                    _ => Tok::Ident(s),
                }
            }
            _ => return Err(ExprError::new(start, "forms-expr-unexpected-char").with("char", c)),
        };
        out.push((start, tok));
    }
    out.push((chars.len(), Tok::Eof));
    Ok(out)
}

pub(super) fn lex_number(chars: &[char], i: &mut usize) -> Tok {
    let mut s = String::new();
    let mut seen_dot = false;
    while let Some(&d) = chars.get(*i) {
        if d.is_ascii_digit() {
            s.push(d);
        } else if d == '.' && !seen_dot {
            seen_dot = true;
            s.push(d);
        } else {
            break;
        }
        *i += 1;
    }
    Tok::Num(s.parse::<f64>().unwrap_or(f64::NAN))
}

/// Whether `s` is a valid question name (XML name without ':' prefixes).
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
}
