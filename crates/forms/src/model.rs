//! The questionnaire model and its native format: a folder with
//! `questionnaire.toml` (the definition, JSON Schema in
//! `schema/questionnaire.schema.json`), `translations/<lang>.ftl` (labels,
//! hints and messages per language) and optional `media/` files. All files
//! are hashed together.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Diagnostics, Location, Message};
use crate::expr::{self, Expr};
use crate::fx::FxMap;
use crate::text::{self, Catalog, Text};

/// The definition file inside a questionnaire folder.
pub const DEFINITION: &str = "questionnaire.toml";
/// The JSON Schema (draft 2020-12) of [`DEFINITION`], as published in
/// `schema/questionnaire.schema.json`.
pub const JSON_SCHEMA: &str = include_str!("../schema/questionnaire.schema.json");
/// The folder holding one Fluent file per language.
pub const TRANSLATIONS_DIR: &str = "translations";
/// Largest repeat instance count navigation will expand.
pub const MAX_REPEAT: u32 = 500;

mod build;
mod def;
mod load;
mod media;
mod questionnaire;
mod type_cell;

pub(crate) use build::*;
pub use def::*;
pub use load::*;
pub use media::*;
pub use questionnaire::*;
pub(crate) use type_cell::*;
