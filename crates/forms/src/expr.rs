//! The expression language: the XLSForm subset of XPath used in `relevant`,
//! `constraint`, `required`, `calculation`, `choice_filter`, `repeat_count`
//! and in scoring rules.
//!
//! The parser never panics: every input gives a tree or an [`ExprError`] with
//! a character position. Nesting is bounded ([`MAX_DEPTH`]) so neither parsing
//! nor evaluation can exhaust the stack.

use std::fmt;

use crate::diag::Message;

mod ast;
mod eval;
mod lex;
mod parse;

pub use ast::*;
pub use eval::*;
pub use lex::is_name;
use lex::*;
pub use parse::*;

#[cfg(test)]
mod tests;
