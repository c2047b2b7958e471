use super::*;
use calamine::{ExcelDateTime, ExcelDateTimeType};

fn header(raw: &[&str]) -> Vec<String> {
    parse_headers(&raw.iter().map(|h| (*h).to_string()).collect::<Vec<_>>())
        .into_iter()
        .map(|h| match h {
            Header::Known(col, lang) => format!(
                "{col:?}{}",
                lang.map(|l| format!("@{l}")).unwrap_or_default()
            ),
            Header::Refused(id) => id.to_string(),
            Header::Unknown => "unknown".into(),
            Header::Blank => "blank".into(),
        })
        .collect()
}

#[test]
fn headers_as_pyxform_splits_them() {
    // Without `::` anywhere in the sheet, a single colon separates the language.
    assert_eq!(
        header(&[
            "label:English",
            "hint:Thai (th)",
            "jr:count",
            "bind:relevant",
            "text:English",
            "media:image:English"
        ]),
        [
            "Label@English",
            "Hint@Thai (th)",
            "RepeatCount",
            "Relevant",
            "unknown",
            "Image@English"
        ]
    );
    // With `::` in the sheet, `label:english` is one (unknown) column name, as in pyxform.
    assert_eq!(
        header(&[
            "label::English",
            "label:Thai",
            "jr:constraintMsg",
            "bind::jr:requiredMsg",
            "media::video",
            "Constraint  Message::Lao"
        ]),
        [
            "Label@English",
            "unknown",
            "ConstraintMsg",
            "RequiredMsg",
            "forms-xlsform-column-refused-media",
            "ConstraintMsg@Lao"
        ]
    );
    assert_eq!(
        header(&[
            "",
            "_notes",
            "relevant::English",
            "label::a::b",
            "disabled",
            "big-image"
        ]),
        [
            "blank",
            "unknown",
            "unknown",
            "unknown",
            "Disabled",
            "forms-xlsform-column-refused-media"
        ]
    );
}

#[test]
fn loops_are_recognised_in_every_spelling() {
    for t in [
        "begin loop over vehicle",
        "begin_loop vehicle",
        "begin loop",
        "begin  loop  over x",
    ] {
        assert_eq!(is_loop(t), Some(true), "{t}");
    }
    for t in ["end loop", "end_loop"] {
        assert_eq!(is_loop(t), Some(false), "{t}");
    }
    for t in ["begin group", "begin repeat", "loop", "end", "begin_looped"] {
        assert_eq!(is_loop(t), None, "{t}");
    }
}

#[test]
fn date_cells_count_from_the_workbook_epoch() {
    let cell = |v: f64, is_1904: bool| {
        cell_text(&Data::DateTime(ExcelDateTime::new(
            v,
            ExcelDateTimeType::DateTime,
            is_1904,
        )))
    };
    assert_eq!(cell(41_255.0, false).as_deref(), Ok("2012-12-12"));
    // The same day in a workbook counting from 1904 (older Mac Excel, some .xls).
    assert_eq!(cell(39_793.0, true).as_deref(), Ok("2012-12-12"));
    assert_eq!(cell(f64::NAN, false).as_deref(), Ok(""));
}

#[test]
fn guidance_hint_and_interviewer_only_are_read() {
    assert_eq!(
        header(&[
            "guidance_hint::Thai (th)",
            "interviewer_only",
            "interviewer_only::Thai (th)"
        ]),
        ["Guidance@Thai (th)", "InterviewerOnly", "unknown"]
    );
}
