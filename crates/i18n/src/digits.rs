//! Native digits on input, ASCII digits in storage.
//!
//! People type numbers in their own script: Thai ๐-๙ (U+0E50-59), Myanmar
//! ၀-၉ (U+1040-49), Khmer ០-៩ (U+17E0-E9), Lao ໐-໙ (U+0ED0-D9). Answers are
//! stored with ASCII digits so forms and exports stay ODK-compatible.

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

#[cfg(test)]
mod tests {
    use super::*;

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
