//! FieldScreen questionnaires: the model and its native folder format, XLSForm
//! import, the expression language, navigation and scoring.
//!
//! This crate is pure: it does no IO and reads no clock. Callers pass file
//! bytes (a questionnaire folder as relative path → bytes, or the bytes of an
//! XLSForm) and "today". Every problem is a typed [`Diagnostic`] with a
//! stable Fluent message id (`locales/*/forms.ftl`) and a location.
//!
//! Entry points:
//! - [`load_folder`]: a questionnaire folder → [`Questionnaire`] (id, version, hash).
//! - [`import_xlsform`]: `.xlsx`/`.xls`/`.ods` bytes → questionnaire folder files;
//!   [`xlsform::import`] also returns the warnings (what was left out, and where).
//! - [`evaluate`]: questionnaire + [`Answers`] + today → [`Evaluation`]
//!   (navigation and scoring with evidence).

pub mod answers;
pub mod diag;
pub mod expr;
mod fx;
pub mod model;
pub mod nav;
pub mod text;
pub mod xlsform;

pub use answers::{Answer, AnswerKey, Answers};
pub use diag::{Diagnostic, Diagnostics, Location, Message};
pub use expr::Date;
pub use model::{Questionnaire, folder_hash, load_folder};
pub use nav::{Evaluation, Navigation, ScoringResult, evaluate, navigate, score};
pub use xlsform::{Import, import_xlsform};
