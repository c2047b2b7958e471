//! Diagnostics: typed values carrying a stable Fluent message id and its
//! arguments. The text for people lives in `locales/*/forms.ftl`.

use std::fmt;

/// A message for a person: a Fluent id from `locales/*/forms.ftl` plus arguments.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    /// Stable Fluent message id, e.g. `forms-expr-unexpected`.
    pub id: &'static str,
    /// Named arguments, all passed to Fluent as strings.
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    /// A message without arguments.
    pub fn new(id: &'static str) -> Self {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// Adds an argument (builder style).
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The value of an argument, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Display for Message {
    /// A language-neutral rendering (`id(arg=value, ...)`) for logs and snapshots.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)?;
        if !self.args.is_empty() {
            f.write_str("(")?;
            for (i, (k, v)) in self.args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{k}={v:?}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Location {
    /// A spreadsheet cell; `row` and `col` are 0-based.
    Cell { sheet: String, row: u32, col: u32 },
    /// A spreadsheet row (no particular column); `row` is 0-based.
    Row { sheet: String, row: u32 },
    /// A whole sheet.
    Sheet(String),
    /// A field in a file of a questionnaire folder, e.g.
    /// `questionnaire.toml` + `survey[3].relevant`.
    Field { file: String, path: String },
    /// A line in a file (1-based), e.g. a Fluent translation file.
    Line { file: String, line: u32 },
    /// A whole file.
    File(String),
    /// The input as a whole.
    Input,
}

/// Column letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Cell { sheet, row, col } => {
                write!(f, "{sheet}!{}{}", column_letters(*col), u64::from(*row) + 1)
            }
            Location::Row { sheet, row } => write!(f, "{sheet}!{}", u64::from(*row) + 1),
            Location::Sheet(s) => write!(f, "{s}"),
            Location::Field { file, path } => {
                if path.is_empty() {
                    write!(f, "{file}")
                } else {
                    write!(f, "{file}:{path}")
                }
            }
            Location::Line { file, line } => write!(f, "{file}:{line}"),
            Location::File(file) => write!(f, "{file}"),
            Location::Input => f.write_str("-"),
        }
    }
}

/// One problem found in a questionnaire or an XLSForm.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub location: Location,
    pub message: Message,
}

impl Diagnostic {
    pub fn new(location: Location, message: Message) -> Self {
        Diagnostic { location, message }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// A failure carrying every diagnostic found (never just the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) found", .0.len())]
pub struct Diagnostics(pub Vec<Diagnostic>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        let loc = Location::Cell {
            sheet: "survey".into(),
            row: 11,
            col: 2,
        };
        assert_eq!(loc.to_string(), "survey!C12");
    }
}
