//! Native digits on input, ASCII digits in storage, the reader's digits on
//! screen.
//!
//! People type numbers in their own script: Thai ๐-๙ (U+0E50-59), Myanmar
//! ၀-၉ (U+1040-49), Khmer ០-៩ (U+17E0-E9), Lao ໐-໙ (U+0ED0-D9). Answers are
//! stored with ASCII digits so forms and exports stay ODK-compatible.
//!
//! What a person reads is printed in the digits their language customarily
//! prints ([`localize`]): Burmese and Khmer native, Thai, Lao and English
//! ASCII (as the case list's dates). Every number a Fluent message carries
//! as a number (`FluentValue::Number`) is printed so by the bundle's
//! formatter ([`formatter`]), in one place for every message.

use fluent_bundle::FluentValue;

/// The zero of each native digit block we accept.
const ZEROS: [char; 4] = ['\u{0E50}', '\u{1040}', '\u{17E0}', '\u{0ED0}'];

/// The ASCII digit for `c` if it is a digit of any supported script.
pub fn ascii_digit(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    ZEROS.iter().find_map(|&zero| {
        let offset = u32::from(c).checked_sub(u32::from(zero))?;
        (offset < 10).then(|| char::from(b'0' + offset as u8))
    })
}

/// Replaces every native digit by its ASCII digit; other characters stay.
pub fn to_ascii(s: &str) -> String {
    s.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect()
}

/// The zero of the digits `lang` customarily prints, when not ASCII.
fn native_zero(lang: &str) -> Option<u32> {
    match lang {
        "my" => Some(0x1040),
        "km" => Some(0x17E0),
        _ => None,
    }
}

/// Writes the ASCII digits of `s` in the digits `lang` customarily prints
/// (other characters stay).
pub fn localize(s: &str, lang: &str) -> String {
    let Some(zero) = native_zero(lang) else {
        return s.to_owned();
    };
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(zero + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn number_in(v: &FluentValue<'_>, lang: &str) -> Option<String> {
    match v {
        FluentValue::Number(n) => Some(localize(&n.as_string(), lang)),
        _ => None,
    }
}

fn burmese<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    number_in(v, "my")
}

fn khmer<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    number_in(v, "km")
}

/// The bundle formatter that prints numbers in `lang`'s digits (`None`
/// where they are ASCII, Fluent's own formatting).
#[allow(clippy::type_complexity)]
pub(crate) fn formatter<M>(lang: &str) -> Option<fn(&FluentValue<'_>, &M) -> Option<String>> {
    match lang {
        "my" => Some(burmese::<M>),
        "km" => Some(khmer::<M>),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language's messages carry numbers in its digits: a count in a
    /// message, passed as a number, and the plural it selects.
    #[test]
    fn numbers_in_messages_are_in_the_readers_digits() {
        let share = |lang: &str| {
            crate::message(
                lang,
                "interview-review-share",
                &[("reviewed", 3), ("total", 120)],
            )
        };
        for (lang, three, total) in [
            ("en", "3", "120"),
            ("th", "3", "120"),
            ("lo", "3", "120"),
            ("my", "၃", "၁၂၀"),
            ("km", "៣", "១២០"),
        ] {
            let text = share(lang);
            assert!(
                text.contains(three) && text.contains(total),
                "{lang}: {text}"
            );
            if native_zero(lang).is_some() {
                assert!(!text.chars().any(|c| c.is_ascii_digit()), "{lang}: {text}");
            }
        }
        assert_eq!(localize("12:05 UTC+07:00", "my"), "၁၂:၀၅ UTC+၀၇:၀၀");
        assert_eq!(localize("2026", "th"), "2026");
        assert_eq!(to_ascii(&localize("0123456789", "km")), "0123456789");
    }

    #[test]
    fn every_script_maps_to_ascii() {
        assert_eq!(to_ascii("๒๕๖๘"), "2568");
        assert_eq!(to_ascii("၁၇"), "17");
        assert_eq!(to_ascii("១២៣"), "123");
        assert_eq!(to_ascii("໔໕"), "45");
        assert_eq!(to_ascii("-3.5"), "-3.5");
        assert_eq!(to_ascii("อายุ ๑๖ ปี"), "อายุ 16 ปี");
    }

    #[test]
    fn neighbours_of_digit_blocks_are_untouched() {
        for c in [
            '\u{0E4F}', '\u{0E5A}', '\u{103F}', '\u{104A}', '\u{17DF}', '\u{17EA}', '\u{0ECF}',
            '\u{0EDA}',
        ] {
            assert_eq!(ascii_digit(c), None, "{c:?}");
        }
    }
}
