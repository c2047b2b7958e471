//! Turning typed messages into text through the Fluent catalogs.

use app::forms_source::Message;

/// Renders a message in `lang` (English fallback).
pub fn message(lang: &str, m: &Message) -> String {
    i18n::message(lang, m.id, &m.args)
}

/// Renders a message id with arguments.
pub fn with(lang: &str, id: &'static str, args: &[(&'static str, String)]) -> String {
    i18n::message(lang, id, args)
}
