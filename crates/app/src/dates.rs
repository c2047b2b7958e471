//! Dates as people read them, in the five languages.
//!
//! The choice (documented in ARCHITECTURE.md): month names live in Fluent
//! (`locales/<lang>/dates.ftl`, `date-month-1` … `date-month-12`, and the
//! order of day, month and year in `date-day-month-year`) rather than in
//! ICU4X compiled data: five languages need 60 short strings, which Fluent
//! already ships and translators already review, against several megabytes of
//! locale data in the binary. The calendar rules are code:
//! - Thai: Buddhist Era year (Gregorian + 543), abbreviated month, ASCII
//!   digits (`23 พ.ย. 2569`), as Thai forms and phones write it.
//! - Burmese and Khmer: Gregorian year, full month name, native digits
//!   (`၂၃ နိုဝင်ဘာ ၂၀၂၆`, `២៣ វិច្ឆិកា ២០២៦`), as print and official
//!   letters customarily write them.
//! - Lao: Gregorian year, full month name, ASCII digits (Lao digits are rare
//!   in everyday print).
//! - English: `23 Nov 2026`.
//!
//! The day is the calendar day where the device is (its local offset).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

/// The year shown for a Gregorian `year` in `lang`.
pub fn display_year(year: i32, lang: &str) -> i32 {
    if lang == "th" { year + 543 } else { year }
}

/// Writes the ASCII digits of `s` in the digits `lang` customarily prints
/// (`i18n::digits::localize`, which also prints every number a message
/// carries).
pub fn localize_digits(s: &str, lang: &str) -> String {
    i18n::digits::localize(s, lang)
}

/// `t` as a calendar date in `lang`, on the clock at `offset`.
pub fn format_date_at(t: DateTime<Utc>, offset: FixedOffset, lang: &str) -> String {
    format_day(t.with_timezone(&offset).date_naive(), lang)
}

/// A calendar date (a date answer: no clock, no zone) in `lang`:
/// `10 ม.ค. 2569`, `၁၀ ဇန်နဝါရီ ၂၀၂၆`.
pub fn format_day(local: NaiveDate, lang: &str) -> String {
    let l = i18n::localizer();
    let lang = l.negotiate(lang);
    l.format_with(
        &lang,
        "date-day-month-year",
        &[
            ("day", localize_digits(&local.day().to_string(), &lang)),
            (
                "month",
                l.format(&lang, &format!("date-month-{}", local.month()), None),
            ),
            (
                "year",
                localize_digits(&display_year(local.year(), &lang).to_string(), &lang),
            ),
        ],
    )
}

/// `t` as a date, a 24-hour clock time and the zone (`UTC+07:00`) in
/// `lang`, on the clock at `offset`: where the minute matters (two devices'
/// answers to one question).
pub fn format_date_time_at(t: DateTime<Utc>, offset: FixedOffset, lang: &str) -> String {
    let l = i18n::localizer();
    let lang = l.negotiate(lang);
    let local = t.with_timezone(&offset);
    let time = localize_digits(&local.format("%H:%M").to_string(), &lang);
    let zone = localize_digits(&format!("UTC{offset}"), &lang);
    l.format_with(
        &lang,
        "date-time-zone",
        &[
            ("date", format_date_at(t, offset, &lang)),
            ("time", time),
            ("zone", zone),
        ],
    )
}

/// A date answer as the interviewer types it (`DD/MM/YYYY`, the year in
/// their era, their digits), which the answer parser reads back to the
/// same date: `10/01/2569` in Thai, `၁၀/၀၁/၂၀၂၆` in Burmese.
pub fn typed_day(d: NaiveDate, lang: &str) -> String {
    let text = format!(
        "{:02}/{:02}/{}",
        d.day(),
        d.month(),
        display_year(d.year(), lang)
    );
    localize_digits(&text, lang)
}

/// [`format_date_time_at`] on this device's clock.
pub fn format_date_time(t: DateTime<Utc>, lang: &str) -> String {
    let offset = *t.with_timezone(&chrono::Local).offset();
    format_date_time_at(t, offset, lang)
}

/// `t` as a calendar date in `lang`, on this device's clock.
pub fn format_date(t: DateTime<Utc>, lang: &str) -> String {
    let offset = *t.with_timezone(&chrono::Local).offset();
    format_date_at(t, offset, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").to_utc()
    }

    #[test]
    fn five_languages_one_date() {
        let bangkok = FixedOffset::east_opt(7 * 3600).expect("offset");
        let t = at("2026-11-23T05:00:00Z");
        let shown: Vec<_> = crate::LANGUAGES
            .iter()
            .map(|lang| format!("{lang}: {}", format_date_at(t, bangkok, lang)))
            .collect();
        expect_test::expect![[r#"
            en: 23 Nov 2026
            th: 23 พ.ย. 2569
            my: ၂၃ နိုဝင်ဘာ ၂၀၂၆
            km: ២៣ វិច្ឆិកា ២០២៦
            lo: 23 ພະຈິກ 2026"#]]
        .assert_eq(&shown.join("\n"));
    }

    #[test]
    fn five_languages_one_moment_with_its_zone() {
        let bangkok = FixedOffset::east_opt(7 * 3600).expect("offset");
        let t = at("2026-11-23T05:04:00Z");
        let shown: Vec<_> = crate::LANGUAGES
            .iter()
            .map(|lang| format!("{lang}: {}", format_date_time_at(t, bangkok, lang)))
            .collect();
        expect_test::expect![[r#"
            en: 23 Nov 2026, 12:04 (UTC+07:00)
            th: 23 พ.ย. 2569 เวลา 12:04 น. (UTC+07:00)
            my: ၂၃ နိုဝင်ဘာ ၂၀၂၆၊ ၁၂:၀၄ (UTC+၀၇:၀၀)
            km: ២៣ វិច្ឆិកា ២០២៦ ម៉ោង ១២:០៤ (UTC+០៧:០០)
            lo: 23 ພະຈິກ 2026 ເວລາ 12:04 (UTC+07:00)"#]]
        .assert_eq(&shown.join("\n"));
    }

    #[test]
    fn every_month_is_named_in_every_language() {
        let utc = FixedOffset::east_opt(0).expect("offset");
        for lang in crate::LANGUAGES {
            let mut seen = std::collections::BTreeSet::new();
            for m in 1..=12 {
                let t = at(&format!("2026-{m:02}-15T12:00:00Z"));
                let s = format_date_at(t, utc, lang);
                assert!(!s.contains("date-month"), "{lang} {m}: {s}");
                assert!(seen.insert(s.clone()), "{lang}: month {m} repeats: {s}");
            }
        }
        let all: Vec<_> = (1..=12)
            .map(|m| format_date_at(at(&format!("2026-{m:02}-01T12:00:00Z")), utc, "th"))
            .collect();
        expect_test::expect![[r#"
            1 ม.ค. 2569 | 1 ก.พ. 2569 | 1 มี.ค. 2569 | 1 เม.ย. 2569 | 1 พ.ค. 2569 | 1 มิ.ย. 2569 | 1 ก.ค. 2569 | 1 ส.ค. 2569 | 1 ก.ย. 2569 | 1 ต.ค. 2569 | 1 พ.ย. 2569 | 1 ธ.ค. 2569"#]]
        .assert_eq(&all.join(" | "));
    }

    #[test]
    fn the_day_is_the_local_day() {
        // 23:30 UTC on 31 Dec is already New Year's Day in Bangkok.
        let t = at("2026-12-31T23:30:00Z");
        let bangkok = FixedOffset::east_opt(7 * 3600).expect("offset");
        let utc = FixedOffset::east_opt(0).expect("offset");
        assert_eq!(format_date_at(t, bangkok, "th"), "1 ม.ค. 2570");
        assert_eq!(format_date_at(t, utc, "en"), "31 Dec 2026");
    }

    #[test]
    fn digits() {
        assert_eq!(localize_digits("2026-11", "my"), "၂၀၂၆-၁၁");
        assert_eq!(localize_digits("2026", "km"), "២០២៦");
        assert_eq!(localize_digits("2026", "lo"), "2026");
        assert_eq!(
            i18n::digits::to_ascii(&localize_digits("0123456789", "my")),
            "0123456789"
        );
        assert_eq!(
            i18n::digits::to_ascii(&localize_digits("0123456789", "km")),
            "0123456789"
        );
    }
}
