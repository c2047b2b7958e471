//! Turning typed messages into text through the Fluent catalogs.

use forms::Message;

/// Renders a message in `lang` (English fallback).
pub fn message(lang: &str, m: &Message) -> String {
    let mut args = i18n::FluentArgs::new();
    for (k, v) in &m.args {
        args.set(*k, v.clone());
    }
    i18n::localizer().format(lang, m.id, Some(&args))
}

/// Renders a message id with arguments.
pub fn with(lang: &str, id: &'static str, args: &[(&'static str, String)]) -> String {
    message(
        lang,
        &Message {
            id,
            args: args.to_vec(),
        },
    )
}
