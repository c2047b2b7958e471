//! Tokens to a tree: precedence climbing, bounded in depth.

use super::*;

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    allow_names: bool,
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.toks.get(self.pos).map_or(&Tok::Eof, |(_, t)| t)
    }
    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(0, |(p, _)| *p)
    }
    fn bump(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }
    fn unexpected(&self) -> ExprError {
        ExprError::new(self.at(), "forms-expr-unexpected").with("found", describe(self.peek()))
    }

    /// Binary expressions by precedence climbing; returns the tree and its depth.
    fn expr(&mut self, min_prec: u8, depth: usize) -> Result<(Expr, usize), ExprError> {
        if depth > MAX_DEPTH {
            return Err(ExprError::new(self.at(), "forms-expr-too-deep"));
        }
        let (mut lhs, mut lhs_depth) = self.unary(depth)?;
        loop {
            let op = match self.peek() {
                Tok::Op(op) => *op,
                Tok::Minus => BinOp::Sub,
                _ => break,
            };
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            let op_pos = self.at();
            self.bump();
            let (rhs, rhs_depth) = self.expr(prec + 1, depth + 1)?;
            lhs_depth = 1 + lhs_depth.max(rhs_depth);
            if lhs_depth > MAX_DEPTH {
                return Err(ExprError::new(op_pos, "forms-expr-too-deep"));
            }
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        Ok((lhs, lhs_depth))
    }

    fn unary(&mut self, depth: usize) -> Result<(Expr, usize), ExprError> {
        if depth > MAX_DEPTH {
            return Err(ExprError::new(self.at(), "forms-expr-too-deep"));
        }
        if *self.peek() == Tok::Minus {
            self.bump();
            let (e, d) = self.unary(depth + 1)?;
            return Ok((Expr::Neg(Box::new(e)), d + 1));
        }
        self.primary(depth)
    }

    fn primary(&mut self, depth: usize) -> Result<(Expr, usize), ExprError> {
        let start = self.at();
        match self.bump() {
            Tok::Num(n) => {
                if n.is_finite() {
                    Ok((Expr::Num(n), 1))
                } else {
                    Err(ExprError::new(start, "forms-expr-bad-number"))
                }
            }
            Tok::Str(s) => Ok((Expr::Str(s), 1)),
            Tok::Ref(r) => Ok((Expr::Ref(r), 1)),
            Tok::Dot => Ok((Expr::Current, 1)),
            Tok::LParen => {
                let (e, d) = self.expr(0, depth + 1)?;
                if *self.peek() != Tok::RParen {
                    return Err(ExprError::new(self.at(), "forms-expr-expected")
                        .with("expected", ")")
                        .with("found", describe(self.peek())));
                }
                self.bump();
                Ok((e, d))
            }
            Tok::Ident(name) => {
                if *self.peek() != Tok::LParen && self.allow_names && is_name(&name) {
                    return Ok((Expr::Name(name), 1));
                }
                if *self.peek() != Tok::LParen {
                    return Err(ExprError::new(start, "forms-expr-bare-name").with("name", name));
                }
                let Some(&(_, min, max)) = FUNCTIONS.iter().find(|(n, _, _)| *n == name) else {
                    return Err(
                        ExprError::new(start, "forms-expr-unknown-function").with("name", name)
                    );
                };
                self.bump();
                let mut args = Vec::new();
                let mut d = 1;
                if *self.peek() == Tok::RParen {
                    self.bump();
                } else {
                    loop {
                        let (a, ad) = self.expr(0, depth + 1)?;
                        d = d.max(ad + 1);
                        args.push(a);
                        match self.bump() {
                            Tok::Comma => continue,
                            Tok::RParen => break,
                            other => {
                                self.pos = self.pos.saturating_sub(1);
                                let _ = other;
                                return Err(ExprError::new(self.at(), "forms-expr-expected")
                                    .with("expected", ", )")
                                    .with("found", describe(self.peek())));
                            }
                        }
                    }
                }
                if args.len() < min || args.len() > max {
                    let expected = if max == usize::MAX {
                        format!("{min}+")
                    } else if min == max {
                        min.to_string()
                    } else {
                        format!("{min}-{max}")
                    };
                    return Err(ExprError::new(start, "forms-expr-arity")
                        .with("name", name)
                        .with("expected", expected)
                        .with("found", args.len()));
                }
                if d > MAX_DEPTH {
                    return Err(ExprError::new(start, "forms-expr-too-deep"));
                }
                Ok((Expr::Call(name, args), d))
            }
            Tok::Eof => Err(ExprError::new(start, "forms-expr-unexpected-end")),
            _ => {
                self.pos = self.pos.saturating_sub(1);
                Err(self.unexpected())
            }
        }
    }
}

/// Parses an expression. Never panics.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    parse_with(src, false)
}

/// Parses a `choice_filter`, where bare names are columns of the choice
/// (`province = ${province}`). Never panics.
pub fn parse_choice_filter(src: &str) -> Result<Expr, ExprError> {
    parse_with(src, true)
}

pub(super) fn parse_with(src: &str, allow_names: bool) -> Result<Expr, ExprError> {
    let toks = lex(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        allow_names,
    };
    if *p.peek() == Tok::Eof {
        return Err(ExprError::new(0, "forms-expr-empty"));
    }
    let (e, _) = p.expr(0, 0)?;
    if *p.peek() != Tok::Eof {
        return Err(p.unexpected());
    }
    Ok(e)
}
