//! Zawgyi detection for Burmese text.
//!
//! Many phones in Myanmar still render text with the Zawgyi font, which puts
//! Burmese letters on Unicode code points in a different, visually ordered
//! way. FieldScreen stores Unicode only, so every Burmese input (and every
//! Burmese string we ship) is checked.
//!
//! The detector scores a string with the bigram Markov model published by
//! Google's myanmar-tools (Apache-2.0; model file and its attribution in
//! `crates/i18n/data/`, see `data/NOTICE`). The code here is our own reading
//! of the model's documented binary layout:
//!
//! - `"UZMODEL "`, version (i32 BE; 1, or 2 followed by a "space state
//!   version" i32: 0 = the alphabet includes U+2000..U+200B, 1 = it does not);
//! - `"BMARKOV "`, version 0 (i32 BE);
//! - the state count `n` (i16 BE), then for each "from" state a row: an entry
//!   count (i16 BE); if non-zero, a default log-likelihood ratio (f32 BE) for
//!   every "to" state followed by that many (i16 state, f32 value) overrides.
//!
//! State 0 stands for "any character outside the model's alphabet" and for the
//! start and end of the string; states 1.. are the alphabet's code points in
//! order: U+1000..U+103F, U+104A..U+109F, U+AA60..U+AA7F, U+A9E0..U+A9FF and
//! (space state version 0) U+2000..U+200B. Digits U+1040..U+1049 are left out
//! on purpose: they are the same in both encodings.
//!
//! For each pair of consecutive states (with state 0 before the first and
//! after the last character) the model gives `ln P_unicode - ln P_zawgyi`; a
//! pair of two foreign states gives nothing. With `t` the sum,
//! `P(zawgyi) = 1 / (1 + e^t)`. A string with no Myanmar character at all has
//! no evidence either way: [`probability`] returns `None`.
//!
//! Thresholds (docs/targets.md, Zawgyi detection): at or above [`AUTO_THRESHOLD`] the text is
//! Zawgyi (convert it, keep the original); at or below [`ASK_THRESHOLD`] it
//! is Unicode; in between, ask the person.

use std::sync::OnceLock;

pub use crate::zg2uni::to_unicode;

/// At or above this probability the text is treated as Zawgyi without asking.
pub const AUTO_THRESHOLD: f64 = 0.95;
/// At or below this probability the text is treated as Unicode without asking.
pub const ASK_THRESHOLD: f64 = 0.05;

const _: () = assert!(ASK_THRESHOLD < AUTO_THRESHOLD);

/// The model file of Google myanmar-tools (Apache-2.0).
static MODEL_BYTES: &[u8] = include_bytes!("../data/zawgyiUnicodeModel.dat");

/// What the detector concludes about a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// No Myanmar letters: nothing to decide.
    NotMyanmar,
    /// Unicode (probability of Zawgyi at or below [`ASK_THRESHOLD`]).
    Unicode,
    /// Ambiguous: ask the person which one they typed or pasted.
    Ask,
    /// Zawgyi (probability at or above [`AUTO_THRESHOLD`]).
    Zawgyi,
}

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub &'static str);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad Zawgyi model file: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

/// The bigram model: `ratios[from * states + to]`.
#[derive(Debug, Clone)]
pub struct Model {
    states: usize,
    with_spaces: bool,
    ratios: Vec<f32>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).ok_or(ModelError("length"))?;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or(ModelError("truncated"))?;
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        self.take(N)?
            .try_into()
            .map_err(|_| ModelError("truncated"))
    }
    fn i16(&mut self) -> Result<i16, ModelError> {
        Ok(i16::from_be_bytes(self.array()?))
    }
    fn i32(&mut self) -> Result<i32, ModelError> {
        Ok(i32::from_be_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_be_bytes(self.array()?))
    }
}

/// Ranges of the model's alphabet, in state order.
const RANGES: [(u32, u32); 5] = [
    (0x1000, 0x103F),
    (0x104A, 0x109F),
    (0xAA60, 0xAA7F),
    (0xA9E0, 0xA9FF),
    (0x2000, 0x200B),
];

impl Model {
    /// Reads a model file.
    pub fn parse(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != b"UZMODEL " {
            return Err(ModelError("not a UZMODEL file"));
        }
        let with_spaces = match r.i32()? {
            1 => true,
            2 => match r.i32()? {
                0 => true,
                1 => false,
                _ => return Err(ModelError("unknown space state version")),
            },
            _ => return Err(ModelError("unknown UZMODEL version")),
        };
        if r.take(8)? != b"BMARKOV " {
            return Err(ModelError("no BMARKOV section"));
        }
        if r.i32()? != 0 {
            return Err(ModelError("unknown BMARKOV version"));
        }
        let states = usize::try_from(r.i16()?).map_err(|_| ModelError("state count"))?;
        let alphabet: usize = RANGES
            .iter()
            .take(if with_spaces { 5 } else { 4 })
            .map(|(a, b)| (b - a + 1) as usize)
            .sum();
        if states != alphabet + 1 {
            return Err(ModelError("state count does not match the alphabet"));
        }
        let mut ratios = vec![0.0f32; states * states];
        for from in 0..states {
            let count = r.i16()?;
            if count < 0 {
                return Err(ModelError("negative entry count"));
            }
            if count == 0 {
                continue;
            }
            let row = ratios
                .get_mut(from * states..(from + 1) * states)
                .ok_or(ModelError("row"))?;
            let default = r.f32()?;
            row.fill(default);
            for _ in 0..count {
                let to = usize::try_from(r.i16()?).map_err(|_| ModelError("state"))?;
                let v = r.f32()?;
                *row.get_mut(to).ok_or(ModelError("state out of range"))? = v;
            }
        }
        if r.pos != bytes.len() {
            return Err(ModelError("trailing bytes"));
        }
        Ok(Model {
            states,
            with_spaces,
            ratios,
        })
    }

    /// The model shipped with FieldScreen.
    pub fn shipped() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            // The file is embedded at build time and checked by a unit test.
            Model::parse(MODEL_BYTES).unwrap_or(Model {
                states: 1,
                with_spaces: false,
                ratios: vec![0.0],
            })
        })
    }

    fn state(&self, c: char) -> usize {
        let cp = u32::from(c);
        let mut base = 1usize;
        for (i, (lo, hi)) in RANGES.iter().enumerate() {
            if i == 4 && !self.with_spaces {
                break;
            }
            if (*lo..=*hi).contains(&cp) {
                return base + (cp - lo) as usize;
            }
            base += (hi - lo + 1) as usize;
        }
        0
    }

    fn ratio(&self, from: usize, to: usize) -> f64 {
        self.ratios
            .get(from * self.states + to)
            .copied()
            .map_or(0.0, f64::from)
    }

    /// The probability that `text` is Zawgyi, or `None` when it has no
    /// character of the model's alphabet.
    pub fn probability(&self, text: &str) -> Option<f64> {
        let mut total = 0.0f64;
        let mut seen = false;
        let mut prev = 0usize;
        for cur in text
            .chars()
            .map(|c| self.state(c))
            .chain(std::iter::once(0))
        {
            if prev != 0 || cur != 0 {
                total += self.ratio(prev, cur);
                seen = true;
            }
            prev = cur;
        }
        if !seen {
            return None;
        }
        // 1 / (1 + e^t), written so that neither branch overflows.
        Some(if total >= 0.0 {
            let z = (-total).exp();
            z / (1.0 + z)
        } else {
            1.0 / (1.0 + total.exp())
        })
    }
}

/// The probability that `text` is Zawgyi (shipped model); `None` when it
/// holds no Myanmar letters.
pub fn probability(text: &str) -> Option<f64> {
    Model::shipped().probability(text)
}

/// Classifies `text` with the design's thresholds.
pub fn detect(text: &str) -> Verdict {
    match probability(text) {
        None => Verdict::NotMyanmar,
        Some(p) if p >= AUTO_THRESHOLD => Verdict::Zawgyi,
        Some(p) if p <= ASK_THRESHOLD => Verdict::Unicode,
        Some(_) => Verdict::Ask,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_parses() {
        let m = Model::parse(MODEL_BYTES);
        assert!(m.is_ok(), "{m:?}");
        let m = m.unwrap_or_else(|_| Model::shipped().clone());
        assert_eq!(m.states, 227);
        assert!(m.with_spaces);
    }

    #[test]
    fn broken_model_files_are_refused() {
        assert!(Model::parse(b"").is_err());
        assert!(Model::parse(b"NOTAMODEL").is_err());
        let cut = MODEL_BYTES.get(..MODEL_BYTES.len() / 2).unwrap_or(&[]);
        assert!(Model::parse(cut).is_err());
        let mut extra = MODEL_BYTES.to_vec();
        extra.push(0);
        assert!(Model::parse(&extra).is_err());
    }

    /// The upstream compatibility vectors (`data/zawgyi-compatibility.tsv`,
    /// from myanmar-tools): every implementation must give these numbers.
    #[test]
    fn matches_the_upstream_compatibility_vectors() {
        let tsv = include_str!("../data/zawgyi-compatibility.tsv");
        let mut n = 0;
        for line in tsv.lines().filter(|l| !l.trim().is_empty()) {
            let (want, text) = line.split_once('\t').unwrap_or(("", line));
            let got = probability(text);
            if want == "-Infinity" {
                assert_eq!(got, None, "{text}");
            } else {
                let want: f64 = want.parse().unwrap_or(f64::NAN);
                let got = got.unwrap_or(f64::NAN);
                // f32 parameters: compare with a relative tolerance, and in
                // log space for the tiny probabilities.
                let close = (got - want).abs() <= 1e-6
                    || (got.ln() - want.ln()).abs() <= 1e-3 * want.ln().abs().max(1.0);
                assert!(close, "{text}: want {want}, got {got}");
            }
            n += 1;
        }
        assert_eq!(n, 50);
    }

    #[test]
    fn known_unicode_and_zawgyi_sentences() {
        // Unicode: "Do you have your own copy of the contract?"
        let unicode = [
            "သင့်မှာ စာချုပ်မိတ္တူ ကိုယ်ပိုင် ရှိပါသလား။",
            "အလုပ်ရှင်က သင့်ရဲ့ ပတ်စပို့ကို သိမ်းထားပါသလား။",
            "မြန်မာ",
        ];
        for s in unicode {
            assert_eq!(detect(s), Verdict::Unicode, "{s}: {:?}", probability(s));
        }
        // The same kind of text typed with a Zawgyi keyboard.
        let zawgyi = ["ျမန္မာ", "အလုပ္ရွင္က သင့္ရဲ႕ ပတ္စပို႔ကို သိမ္းထားပါသလား။", "လည္းေကာင္း၊"];
        for s in zawgyi {
            assert_eq!(detect(s), Verdict::Zawgyi, "{s}: {:?}", probability(s));
        }
    }

    #[test]
    fn text_without_myanmar_letters_is_not_judged() {
        assert_eq!(detect(""), Verdict::NotMyanmar);
        assert_eq!(detect("Ror.Bor. 1, VMS, 1300"), Verdict::NotMyanmar);
        assert_eq!(detect("ภาษาไทย"), Verdict::NotMyanmar);
        // Myanmar digits are the same in both encodings.
        assert_eq!(detect("၁၃၀၀"), Verdict::NotMyanmar);
    }

    #[test]
    fn thresholds_follow_the_design() {
        assert_eq!(AUTO_THRESHOLD, 0.95);
        assert_eq!(ASK_THRESHOLD, 0.05);
        // A lone letter is genuinely ambiguous.
        assert_eq!(detect("အ"), Verdict::Ask);
    }
}
