//! Zawgyi → Unicode conversion for Burmese text.
//!
//! Written for FieldScreen from the Zawgyi font's code chart (the encoding
//! is a font layout on Unicode code points): each Zawgyi code point maps to
//! Unicode characters with a role, then each syllable is rebuilt in the
//! storage order of Unicode Technical Note #11 (kinzi, consonant, stacked
//! consonant, medials ya ra wa ha, vowel e, upper and lower vowels, aa, ai,
//! anusvara, dot below, asat, visarga). Zawgyi types the vowel e (U+1031)
//! and medial ra before the consonant and kinzi after it; Unicode stores
//! all of them with the consonant in that fixed order.
//!
//! Tested against ICU's `Zawgyi-my` transform (CLDR, `uconv -x Zawgyi-my`)
//! on real Zawgyi text and on every Burmese string we ship, turned into
//! Zawgyi by ICU's `my-Zawgyi` and back (`tests` below).

/// What a converted piece does in its syllable.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A consonant or independent vowel: starts a syllable.
    Base,
    /// Typed before the consonant in Zawgyi (vowel e, medial ra).
    Prefix,
    /// Kinzi (ng + asat + virama): typed after the consonant in Zawgyi,
    /// stored before it in Unicode.
    Kinzi,
    /// Anything attached after the consonant.
    Mark,
    /// Not part of a Burmese syllable (spaces, punctuation, digits, Latin).
    Other,
}

/// Maps one Zawgyi code point to Unicode text and its role.
fn map(c: char) -> (Role, &'static str) {
    use Role::*;
    match c {
        '\u{1031}' => (Prefix, "\u{1031}"),
        '\u{103B}' | '\u{107E}'..='\u{1084}' => (Prefix, "\u{103C}"),
        '\u{103A}' | '\u{107D}' => (Mark, "\u{103B}"),
        '\u{103C}' => (Mark, "\u{103D}"),
        '\u{103D}' | '\u{1087}' => (Mark, "\u{103E}"),
        '\u{1088}' => (Mark, "\u{103E}\u{102F}"),
        '\u{1089}' => (Mark, "\u{103E}\u{1030}"),
        '\u{108A}' => (Mark, "\u{103D}\u{103E}"),
        '\u{1039}' => (Mark, "\u{103A}"),
        '\u{1033}' => (Mark, "\u{102F}"),
        '\u{1034}' => (Mark, "\u{1030}"),
        '\u{105A}' => (Mark, "\u{102B}\u{103A}"),
        '\u{1094}' | '\u{1095}' => (Mark, "\u{1037}"),
        '\u{108E}' => (Mark, "\u{102D}\u{1036}"),
        '\u{1064}' => (Kinzi, "\u{1004}\u{103A}\u{1039}"),
        '\u{108B}' => (Kinzi, "\u{1004}\u{103A}\u{1039}\u{102D}"),
        '\u{108C}' => (Kinzi, "\u{1004}\u{103A}\u{1039}\u{102E}"),
        '\u{108D}' => (Kinzi, "\u{1004}\u{103A}\u{1039}\u{1036}"),
        // Stacked (subjoined) consonants.
        '\u{1060}' => (Mark, "\u{1039}\u{1000}"),
        '\u{1061}' => (Mark, "\u{1039}\u{1001}"),
        '\u{1062}' => (Mark, "\u{1039}\u{1002}"),
        '\u{1063}' => (Mark, "\u{1039}\u{1003}"),
        '\u{1065}' => (Mark, "\u{1039}\u{1005}"),
        '\u{1066}' | '\u{1067}' => (Mark, "\u{1039}\u{1006}"),
        '\u{1068}' => (Mark, "\u{1039}\u{1007}"),
        '\u{1069}' => (Mark, "\u{1039}\u{1008}"),
        '\u{106C}' => (Mark, "\u{1039}\u{100B}"),
        '\u{106D}' => (Mark, "\u{1039}\u{100C}"),
        '\u{1070}' => (Mark, "\u{1039}\u{100F}"),
        '\u{1071}' | '\u{1072}' => (Mark, "\u{1039}\u{1010}"),
        '\u{1073}' | '\u{1074}' => (Mark, "\u{1039}\u{1011}"),
        '\u{1075}' => (Mark, "\u{1039}\u{1012}"),
        '\u{1076}' => (Mark, "\u{1039}\u{1013}"),
        '\u{1077}' => (Mark, "\u{1039}\u{1014}"),
        '\u{1078}' => (Mark, "\u{1039}\u{1015}"),
        '\u{1079}' => (Mark, "\u{1039}\u{1016}"),
        '\u{107A}' => (Mark, "\u{1039}\u{1017}"),
        '\u{107B}' | '\u{1093}' => (Mark, "\u{1039}\u{1018}"),
        '\u{107C}' => (Mark, "\u{1039}\u{1019}"),
        '\u{1085}' => (Mark, "\u{1039}\u{101C}"),
        // Precomposed consonant pairs and letter variants.
        '\u{106E}' => (Base, "\u{100D}\u{1039}\u{100D}"),
        '\u{106F}' => (Base, "\u{100D}\u{1039}\u{100E}"),
        '\u{1091}' => (Base, "\u{100F}\u{1039}\u{100D}"),
        '\u{1092}' => (Base, "\u{100B}\u{1039}\u{100C}"),
        '\u{1097}' => (Base, "\u{100B}\u{1039}\u{100B}"),
        '\u{106A}' => (Base, "\u{1009}"),
        '\u{106B}' => (Base, "\u{100A}"),
        '\u{108F}' => (Base, "\u{1014}"),
        '\u{1090}' => (Base, "\u{101B}"),
        '\u{1086}' => (Base, "\u{103F}"),
        '\u{1000}'..='\u{102A}' | '\u{103F}' | '\u{104C}'..='\u{104F}' => (Base, ""),
        '\u{102B}'..='\u{1030}' | '\u{1032}' | '\u{1035}'..='\u{1038}' => (Mark, ""),
        _ => (Other, ""),
    }
}

/// Storage rank of a Unicode mark within its syllable (UTN #11).
fn rank(mark: &str) -> u8 {
    let mut chars = mark.chars();
    match chars.next() {
        Some('\u{1039}') => 1,
        Some('\u{103B}') => 2,
        Some('\u{103C}') => 3,
        Some('\u{103D}') => 4,
        Some('\u{103E}') => 5,
        Some('\u{1031}') => 6,
        Some('\u{102D}' | '\u{102E}') => 7,
        Some('\u{102F}' | '\u{1030}') => 8,
        Some('\u{102B}' | '\u{102C}') => 9,
        Some('\u{1032}') => 10,
        Some('\u{1036}') => 11,
        Some('\u{1037}') => 12,
        Some('\u{103A}') => 13,
        Some('\u{1038}') => 14,
        _ => 15,
    }
}

#[derive(Default)]
struct Syllable {
    kinzi: Option<String>,
    base: String,
    marks: Vec<String>,
}

impl Syllable {
    fn is_empty(&self) -> bool {
        self.kinzi.is_none() && self.base.is_empty() && self.marks.is_empty()
    }

    fn flush(&mut self, out: &mut String) {
        if let Some(k) = self.kinzi.take() {
            // Kinzi carries its own vowel in 108B-108D: the vowel is a mark.
            let (head, vowel) = k.split_at("\u{1004}\u{103A}\u{1039}".len());
            out.push_str(head);
            if !vowel.is_empty() {
                self.marks.push(vowel.to_owned());
            }
        }
        out.push_str(&self.base);
        // "န်ု" (asat typed before u, as in ကျွန်ုပ်) keeps that order.
        let asat_u = self
            .marks
            .windows(2)
            .any(|w| w[0] == "\u{103A}" && matches!(w[1].as_str(), "\u{102F}" | "\u{1030}"));
        self.marks.sort_by_key(|m| match m.as_str() {
            "\u{103A}" if asat_u => 8,
            _ => rank(m),
        });
        // A mark typed twice (a common Zawgyi habit) is kept once.
        self.marks.dedup();
        for m in self.marks.drain(..) {
            out.push_str(&m);
        }
        self.base.clear();
    }
}

/// Converts Zawgyi-encoded Burmese text to Unicode. Text that is not
/// Burmese passes through unchanged; call it on text the detector
/// ([`super::zawgyi::detect`]) found to be Zawgyi.
pub fn to_unicode(zawgyi: &str) -> String {
    let mut out = String::with_capacity(zawgyi.len() + zawgyi.len() / 4);
    let mut syl = Syllable::default();
    // Prefixes typed before their consonant.
    let mut pending: Vec<String> = Vec::new();
    let chars: Vec<char> = zawgyi.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let c = letter_for_digit(&chars, i).unwrap_or(c);
        let (role, mapped) = if c == '\u{104E}' && chars.get(i + 1) != Some(&'\u{1004}') {
            // Zawgyi writes the word ၎င်း ("it", "its") as its first
            // letter alone; Unicode spells it out (as ICU's Zawgyi-my does).
            (Role::Base, "\u{104E}\u{1004}\u{103A}\u{1038}")
        } else {
            map(c)
        };
        let text = if mapped.is_empty() {
            c.to_string()
        } else {
            mapped.to_owned()
        };
        match role {
            // Vowel e right after a wide stacked consonant (႓) is typed
            // after it and belongs to its syllable; otherwise a prefix
            // belongs to the next consonant.
            Role::Prefix
                if c == '\u{1031}'
                    && pending.is_empty()
                    && syl.marks.last().is_some_and(|m| m.starts_with('\u{1039}')) =>
            {
                syl.marks.push(text);
            }
            Role::Prefix => pending.push(text),
            Role::Base => {
                syl.flush(&mut out);
                syl.base = text;
                syl.marks.append(&mut pending);
            }
            Role::Kinzi => {
                if syl.base.is_empty() {
                    out.push_str(&text);
                } else {
                    syl.kinzi = Some(text);
                }
            }
            Role::Mark => {
                if syl.base.is_empty() && syl.kinzi.is_none() {
                    for p in pending.drain(..) {
                        out.push_str(&p);
                    }
                    out.push_str(&text);
                } else if text.starts_with('\u{1039}') {
                    // A stacked consonant stays one unit.
                    syl.marks.push(text);
                } else {
                    syl.marks.extend(text.chars().map(String::from));
                }
            }
            Role::Other => {
                syl.flush(&mut out);
                for p in pending.drain(..) {
                    out.push_str(&p);
                }
                out.push_str(&text);
            }
        }
    }
    syl.flush(&mut out);
    for p in pending {
        out.push_str(&p);
    }
    debug_assert!(syl.is_empty());
    fix_letters(&out)
}

/// Zawgyi text uses the digit zero for the letter wa and seven for ra (they
/// look alike). Inside a word (a mark follows, or Burmese letters on both
/// sides) and with no digit next to it, it is the letter; a lone ၀ stays a
/// digit.
fn letter_for_digit(chars: &[char], i: usize) -> Option<char> {
    let letter = match chars[i] {
        '\u{1040}' => '\u{101D}',
        '\u{1047}' => '\u{101B}',
        _ => return None,
    };
    let is_digit = |c: char| ('\u{1040}'..='\u{1049}').contains(&c) || c.is_ascii_digit();
    let is_burmese =
        |c: char| ('\u{1000}'..='\u{103F}').contains(&c) || ('\u{105A}'..='\u{109F}').contains(&c);
    let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
    let next = chars.get(i + 1).copied();
    if prev.is_some_and(is_digit) || next.is_some_and(is_digit) {
        return None;
    }
    let marks_follow = next.is_some_and(|c| matches!(map(c).0, Role::Mark | Role::Kinzi));
    (marks_follow || (prev.is_some_and(is_burmese) && next.is_some_and(is_burmese)))
        .then_some(letter)
}

/// Letter pairs Unicode spells differently: ဥ + ီ is ဦ, ဥ + asat is ဉ်.
fn fix_letters(s: &str) -> String {
    s.replace("\u{1025}\u{102E}", "\u{1026}")
        .replace("\u{1025}\u{103A}", "\u{1009}\u{103A}")
}

#[cfg(test)]
mod tests {
    use super::to_unicode;

    #[test]
    fn the_word_it_written_as_one_letter_is_spelled_out() {
        // ၎၏ မေး (Zawgyi, as ICU writes ၎င်း၏ မေး) and a spelled-out one.
        assert_eq!(
            to_unicode("\u{104E}\u{104F} \u{1031}\u{1019}\u{1038}"),
            "\u{104E}\u{1004}\u{103A}\u{1038}\u{104F} \u{1019}\u{1031}\u{1038}"
        );
        assert_eq!(
            to_unicode("\u{104E}\u{1004}\u{1039}\u{1038}"),
            "\u{104E}\u{1004}\u{103A}\u{1038}"
        );
    }

    #[test]
    fn real_zawgyi_samples() {
        // Everyday Zawgyi text (the detector's test strings and greetings),
        // with the Unicode ICU's Zawgyi-my transform gives for each.
        for (zawgyi, unicode) in [
            ("ျမန္မာ", "မြန်မာ"),
            ("ေက်းဇူးတင္ပါတယ္", "ကျေးဇူးတင်ပါတယ်"),
            ("မဂၤလာပါ", "မင်္ဂလာပါ"),
            (
                "အလုပ္ရွင္က သင့္ရဲ႕ ပတ္စပို႔ကို သိမ္းထားပါသလား။",
                "အလုပ်ရှင်က သင့်ရဲ့ ပတ်စပို့ကို သိမ်းထားပါသလား။",
            ),
            ("လူ႔အခြင့္ေရး", "လူ့အခွင့်ရေး"),
            ("ျပဳျခ", "ပြုခြ"),
            ("ေျပာပါ", "ပြောပါ"),
            ("ေနာ္", "နော်"),
            ("\u{1025}\u{102E}\u{1038}", "\u{1026}\u{1038}"),
            ("English 123", "English 123"),
        ] {
            assert_eq!(to_unicode(zawgyi), unicode, "{zawgyi}");
        }
    }
}
