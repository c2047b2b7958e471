//! The printable case summary (PDF): the interview's summary view model (the
//! very one the summary screen shows, `interview::summary_views`; nothing
//! is scored again here) set in the interviewer's language, with each answer
//! asked in another language repeated in that language beside it.
//! Written to a temporary file beside the target and renamed when complete.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::output::{Staged, WriteError};
use super::pdf::{self, Pages};
use crate::cases::CaseStore;
use crate::interview::SummaryView;
use crate::{App, AppError};

fn msg(lang: &str, id: &str, args: &[(&str, String)]) -> String {
    i18n::message(lang, id, args)
}

fn lang_name(code: &str) -> String {
    i18n::localizer().format(code, "language-name", None)
}

/// Indent of the lines under an item, in points.
const STEP: f32 = 14.0;

/// The summary as PDF bytes. `others` holds the same view in each other
/// language an answer was asked in.
pub fn render(
    view: &SummaryView,
    others: &std::collections::BTreeMap<String, SummaryView>,
    printed: DateTime<Utc>,
) -> Result<Vec<u8>, String> {
    let l = view.langs.interviewer.as_str();
    let m = |id: &str| msg(l, id, &[]);
    let mut p = Pages::new();
    let title = format!("{} · {}", m("interview-summary-title"), view.title);
    p.para(&title, pdf::TITLE, 0.0);
    p.space(4.0);
    p.para(
        &msg(
            l,
            "report-case-languages",
            &[
                ("interviewer", lang_name(l)),
                ("respondent", lang_name(&view.langs.respondent)),
            ],
        ),
        pdf::BODY,
        0.0,
    );
    if view.status == "complete" {
        p.para(&m("interview-completed"), pdf::BODY, 0.0);
    }
    p.para(
        &msg(
            l,
            "report-case-printed",
            &[("date", crate::dates::format_date(printed, l))],
        ),
        pdf::SIDE,
        0.0,
    );
    p.space(6.0);
    p.para(&m("interview-summary-disclaimer"), pdf::STRONG, 0.0);

    p.space(12.0);
    p.para(&m("interview-determination"), pdf::HEADING, 0.0);
    if let Some(d) = &view.determination {
        p.para(&d.label, pdf::STRONG, 0.0);
    }
    if !view.flags.is_empty() {
        p.space(4.0);
        p.para(&m("interview-result-notes"), pdf::BODY, 0.0);
        for f in &view.flags {
            p.para(&format!("• {f}"), pdf::BODY, STEP);
        }
    }
    p.space(4.0);
    p.para(
        &format!("{}: {}", m("interview-child"), view.child_text),
        pdf::BODY,
        0.0,
    );
    if let Some(d) = view
        .determination
        .as_ref()
        .filter(|d| !d.referrals.is_empty())
    {
        p.space(8.0);
        p.para(&m("interview-referrals"), pdf::HEADING, 0.0);
        for r in &d.referrals {
            p.para(&format!("• {}", r.label), pdf::BODY, STEP);
        }
    }

    p.space(12.0);
    p.para(&m("interview-indicators"), pdf::HEADING, 0.0);
    if view.instruments.is_empty() {
        p.para(&m("interview-no-indicators"), pdf::BODY, 0.0);
    }
    for g in &view.instruments {
        p.space(6.0);
        p.para(&g.label, pdf::STRONG, 0.0);
        for i in &g.indicators {
            let label = match &i.strength {
                Some(s) => format!("• {} ({s})", i.label),
                None => format!("• {}", i.label),
            };
            p.para(&label, pdf::BODY, STEP);
        }
        p.para(&m("interview-evidence"), pdf::SIDE, STEP);
        for e in &g.evidence {
            p.para(
                &format!("{}: {}", e.question, e.answer),
                pdf::BODY,
                2.0 * STEP,
            );
            p.para(&e.indicators.join(" · "), pdf::SIDE, 2.0 * STEP);
        }
    }

    if !view.missing.is_empty() {
        p.space(12.0);
        p.para(&m("interview-missing"), pdf::HEADING, 0.0);
        for q in &view.missing {
            p.para(&format!("• {q}"), pdf::BODY, STEP);
        }
    }

    p.space(12.0);
    p.para(&m("interview-answers"), pdf::HEADING, 0.0);
    for a in &view.answers {
        p.space(4.0);
        p.para(&a.question, pdf::STRONG, 0.0);
        p.para(&a.answer, pdf::BODY, STEP);
        if a.self_administered {
            p.para(&m("interview-self-administered"), pdf::SIDE, STEP);
        }
        let beside = others
            .get(&a.lang)
            .and_then(|v| v.answers.iter().find(|x| x.key == a.key));
        if let Some(b) = beside {
            p.para(
                &format!("{}: {}", m("interview-col-lang"), a.lang_name),
                pdf::SIDE,
                STEP,
            );
            p.para(&b.question, pdf::SIDE, 2.0 * STEP);
            p.para(&b.answer, pdf::SIDE, 2.0 * STEP);
        }
    }

    if !view.notes.trim().is_empty() {
        p.space(12.0);
        p.para(&m("report-case-notes"), pdf::HEADING, 0.0);
        p.para(&view.notes, pdf::BODY, 0.0);
        if let Some(z) = &view.notes_zawgyi {
            p.para(&m("interview-zawgyi-found"), pdf::SIDE, 0.0);
            p.para(z, pdf::BODY, 0.0);
        }
    }
    p.finish(&title, l)
}

/// Writes the case summary of interview `id` to `out` (PDF); returns its size.
pub fn case_summary_pdf(store: &mut CaseStore, id: &str, out: &Path) -> Result<u64, AppError> {
    let lang = store.lang.clone();
    let (view, others) = crate::interview::summary_views(store, id)?;
    write_pdf(&view, &others, out, &lang)
}

fn write_pdf(
    view: &SummaryView,
    others: &std::collections::BTreeMap<String, SummaryView>,
    out: &Path,
    lang: &str,
) -> Result<u64, AppError> {
    let mut staged = Staged::new(out, lang)?;
    let mut write = || -> Result<(), WriteError> {
        let bytes = render(view, others, Utc::now())
            .map_err(|e| WriteError::Io(std::io::Error::other(e)))?;
        let mut f = staged.file()?;
        f.write_all(&bytes)?;
        f.flush()?;
        Ok(())
    };
    write().map_err(|e| e.into_app_error(out, lang))?;
    staged.commit(lang)
}

impl App {
    /// Writes the printable summary of interview `id` to `out` (PDF). The
    /// store is held only while the summary is read, not while it is set.
    pub fn case_summary_pdf(&self, id: &str, out: &Path) -> Result<u64, AppError> {
        let lang = self.language();
        let (view, others) = self.with_store(|s| crate::interview::summary_views(s, id))?;
        write_pdf(&view, &others, out, &lang)
    }

    /// The words of the native save dialog for a case summary, and a file
    /// name with no person's name in it.
    pub fn case_pdf_dialog_text(&self) -> super::job::ExportDialogText {
        let lang = self.language();
        super::job::ExportDialogText {
            title: msg(&lang, "report-case-dialog-title", &[]),
            filter: msg(&lang, "report-case-filter", &[]),
            extension: "pdf".to_owned(),
            suggested_name: format!("case-summary-{}.pdf", Utc::now().format("%Y-%m-%d")),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::process::Command;

    use super::*;
    use crate::export::tests::tool;
    use crate::interview::tests::{app, s02, start, walk};

    /// `artifacts/` at the workspace root, for people to look at.
    fn artifacts() -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../artifacts");
        std::fs::create_dir_all(&dir).expect("artifacts folder");
        dir
    }

    #[test]
    fn a_burmese_respondents_case_prints_in_thai_with_the_burmese_beside() {
        if !tool("pdftotext", "-v", "poppler-utils") || !tool("pdftoppm", "-v", "poppler-utils") {
            return;
        }
        let dir = tempfile::tempdir().expect("dir");
        let app = app(dir.path());
        let id = start(&app, "my", "th");
        app.give_consent(&id, true).expect("consent");
        walk(&app, &id, &s02());
        // One answer the respondent gave alone (hand-over mode).
        app.with_store(|s| {
            let how = crate::cases::Asked {
                shown_in: "my",
                interpreter: false,
                self_administered: true,
            };
            let given = crate::cases::AnswerInput::Value("yes".into());
            s.answer_as(&id, "debt_cannot_leave", given, &how, chrono::Utc::now())
        })
        .expect("self-administered answer");
        let notes = "အလုပ်ရှင်က နိုင်ငံကူးလက်မှတ်ကို သိမ်းထားသည်။";
        app.save_interview_notes(&id, notes.into()).expect("notes");
        let out = dir.path().join("case.pdf");
        let bytes = app.case_summary_pdf(&id, &out).expect("pdf");
        assert_eq!(std::fs::metadata(&out).expect("written").len(), bytes);
        // Nothing but the PDF is left in the folder (no temporary file).
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part"))
            .collect();
        assert!(left.is_empty(), "{left:?}");

        std::fs::copy(&out, artifacts().join("case-summary-my-th.pdf")).expect("copy");
        let text = Command::new("pdftotext")
            .args([out.as_os_str(), "-".as_ref()])
            .output()
            .expect("pdftotext");
        assert!(text.status.success(), "{text:?}");
        let text = String::from_utf8(text.stdout).expect("utf-8");
        // Poppler's word-break guess puts a space after the Burmese dot
        // below (U+1037) where the font's positioning moves it under the
        // vowel before a new syllable (`သို့မဟုတ်` reads `သို့ မဟုတ်`): the PDF
        // holds the text as written; only that one guess is undone, on both
        // sides, everything else is compared exactly.
        let squeeze = |s: &str| s.replace("\u{1037} ", "\u{1037}");
        let text = squeeze(&text);
        let (th, others) = app
            .with_store(|s| crate::interview::summary_views(s, &id))
            .expect("views");
        let my = others.get("my").expect("the answers were asked in Burmese");
        let mut want: Vec<&str> = vec![
            &th.title,
            th.determination
                .as_ref()
                .map(|d| d.label.as_str())
                .expect("determination"),
            notes,
        ];
        want.extend(
            th.instruments
                .iter()
                .flat_map(|g| {
                    std::iter::once(&g.label).chain(g.indicators.iter().map(|i| &i.label))
                })
                .map(String::as_str),
        );
        want.extend(
            th.determination
                .iter()
                .flat_map(|d| &d.referrals)
                .map(|r| r.label.as_str()),
        );
        // Each answer's question in Thai and, beside it, in Burmese.
        for key in ["hours_day", "debt_cannot_leave", "docs_holder"] {
            let find = |v: &SummaryView| {
                let a = v.answers.iter().find(|a| a.key == key).expect(key);
                (a.question.clone(), a.answer.clone())
            };
            let (q_th, a_th) = find(&th);
            let (q_my, a_my) = find(my);
            assert_ne!(q_th, q_my);
            for s in [q_th, a_th, squeeze(&q_my), squeeze(&a_my)] {
                assert!(
                    text.contains(&s),
                    "{s:?} ({:?}) is not in the PDF's text:\n{text}",
                    s.chars()
                        .map(|c| format!("{:04X}", u32::from(c)))
                        .collect::<Vec<_>>()
                );
            }
        }
        // A paragraph wrapped at a Thai word break reads back as its lines
        // (Thai puts no space there).
        let joined = text.replace('\n', "");
        let disclaimer = msg("th", "interview-summary-disclaimer", &[]);
        let alone = msg("th", "interview-self-administered", &[]);
        assert_eq!(
            joined.matches(&alone).count(),
            1,
            "one self-administered answer"
        );
        for s in want.into_iter().chain([disclaimer.as_str()]) {
            assert!(
                joined.contains(s),
                "{s:?} is not in the PDF's text:\n{text}"
            );
        }

        // The first pages as images, for people to look at (the Thai
        // summary, then the answers with the Burmese beside them).
        let png = artifacts().join("case-summary-my-th");
        let shot = Command::new("pdftoppm")
            .args(["-png", "-r", "110", "-f", "1", "-l", "3"])
            .arg(&out)
            .arg(&png)
            .status()
            .expect("pdftoppm");
        assert!(shot.success());
    }

    /// A summary that does not fit on the disk: the full-disk sentence, and
    /// no file (not even the temporary one) left behind.
    #[test]
    fn a_full_disk_leaves_no_pdf() {
        let dir = tempfile::tempdir().expect("dir");
        let mut s = crate::export::tests::store(dir.path());
        let id = crate::export::sample::fill(&mut s, "victim-screening", 1, 9, 1)
            .expect("fill")
            .remove(0);
        let small = dir.path().join("small");
        if !crate::export::tests::small_disk(&small, "16k") {
            return;
        }
        let out = small.join("case.pdf");
        let result = case_summary_pdf(&mut s, &id, &out);
        let left = crate::export::tests::unmount(&small);
        let err = result.expect_err("disk full");
        assert_eq!(err.code, crate::ErrorCode::DiskFull, "{}", err.message);
        assert!(left.is_empty(), "{left:?}");
        // The same summary on a disk with room is written whole.
        let roomy = dir.path().join("case.pdf");
        assert!(case_summary_pdf(&mut s, &id, &roomy).expect("pdf") > 16 * 1024);
    }
}
