//! One rule for passphrases, everywhere: the window (`App::create_vault`,
//! the strength meter) and the CLI (`fieldscreen vault init`, `vault
//! passwd`) call [`check_new`] and show its sentence, in the person's
//! language.
//!
//! **The estimate.** `zxcvbn` (Dropbox's estimator) counts the guesses an
//! attacker trying common passwords, words, names, dates, keyboard patterns
//! and sequences first would need. It knows English: for Thai, Burmese,
//! Khmer and Lao its dictionaries are empty and it would price any such
//! text as random characters. So:
//!
//! - native digits are read as ASCII first (`๑๒๓๔๕๖๗๘` is the sequence
//!   12345678, as an attacker would try it);
//! - a short list of very common passwords in the five languages
//!   ([`LOCAL_WEAK`]) is given to zxcvbn as a dictionary;
//! - every character outside ASCII counts for at most
//!   [`BITS_PER_OTHER_CHAR`] bits (about what a character of natural text
//!   carries, and much less than a random choice), on top of zxcvbn's
//!   estimate for the ASCII part; the estimate is the lower of that floor
//!   and zxcvbn's whole-string figure. A Thai passphrase therefore needs to
//!   be long (a sentence of unrelated words) to pass, which is the honest
//!   answer when the estimator cannot see its words.
//!
//! **The bar.** Guessing offline is bound only by Argon2id: each guess costs
//! one key derivation, measured on this device and cached in `settings.json`
//! (`kdf_us`). The meter assumes [`vault::guess::ATTACKER_CORES`] cores each
//! as fast as this device's and refuses a passphrase that such an attacker
//! would find, on average, in less than [`MIN_YEARS`] years.
//!
//! **Generated passphrases** ([`generate`]): five words from the EFF long
//! word list (7,776 words, CC BY 3.0, Electronic Frontier Foundation), 64.6
//! bits, for English; for Thai, Burmese, Khmer and Lao, for which no word
//! list with a reuse licence could be had, five groups of four digits (66.4
//! bits) that every keyboard types. Both come from the operating system's
//! random generator and are shown once: nothing keeps them.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;
use specta::Type;

use crate::settings::Settings;
use crate::{AppError, ErrorCode};

/// The fewest characters a passphrase may have, before any estimate.
pub const MIN_CHARS: usize = 8;
/// A passphrase is refused if the assumed attacker would find it, on
/// average, sooner than this.
pub const MIN_YEARS: f64 = 10.0;
/// Bits counted for each character zxcvbn has no dictionary for.
pub const BITS_PER_OTHER_CHAR: f64 = 2.0;
/// Very common passwords and words in the five languages, given to zxcvbn
/// as a dictionary (it matches them anywhere in a passphrase).
pub const LOCAL_WEAK: &[&str] = &[
    // Thai: password, hello, I love you, love, Thailand, Bangkok, king.
    "รหัสผ่าน",
    "สวัสดี",
    "สวัสดีครับ",
    "สวัสดีค่ะ",
    "ฉันรักเธอ",
    "รักเธอ",
    "ความรัก",
    "ประเทศไทย",
    "กรุงเทพ",
    "ในหลวง",
    // Burmese: hello, password, love, Myanmar.
    "မင်္ဂလာပါ",
    "စကားဝှက်",
    "ချစ်တယ်",
    "မြန်မာ",
    // Khmer: hello, password, love, Cambodia.
    "សួស្តី",
    "ពាក្យសម្ងាត់",
    "ស្រលាញ់",
    "កម្ពុជា",
    // Lao: hello, password, love, Laos.
    "ສະບາຍດີ",
    "ລະຫັດຜ່ານ",
    "ຮັກເຈົ້າ",
    "ລາວ",
    // Work words a person may reach for.
    "fieldscreen",
    "fishing",
    "trafficking",
    "outreach",
];

/// The guessing cost measured on this device.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KdfCost {
    /// One Argon2id derivation at the vault's parameters.
    pub per_guess: Duration,
}

impl KdfCost {
    /// Guesses per second for the assumed attacker.
    pub fn guesses_per_second(&self) -> f64 {
        vault::guess::guesses_per_second(self.per_guess)
    }
}

/// The cost cached in `<data_dir>/settings.json`, measured (one derivation
/// at the default parameters, about as long as an unlock) and saved when
/// missing or measured for other parameters. The CLI passes the folder that
/// holds the vault folder, which is the app's data folder when the vault is
/// the app's.
pub fn kdf_cost(data_dir: &Path) -> KdfCost {
    let mut settings = Settings::load(data_dir);
    let (cost, measured) = cost_in(&mut settings);
    if measured && let Err(e) = settings.save(data_dir) {
        tracing::warn!("the measured key-derivation time could not be cached: {e}");
    }
    cost
}

/// The cost cached in `settings`, or measured and put there (`true`: the
/// settings changed and should be saved).
pub(crate) fn cost_in(settings: &mut Settings) -> (KdfCost, bool) {
    let params = vault::KdfParams::DEFAULT;
    let key = [params.m_kib, params.t, params.p];
    if let (Some(us), Some(p)) = (settings.kdf_us, settings.kdf_params)
        && p == key
        && us > 0
    {
        return (
            KdfCost {
                per_guess: Duration::from_micros(us),
            },
            false,
        );
    }
    let measured = vault::measure_kdf(params).unwrap_or(Duration::from_millis(100));
    let us = u64::try_from(measured.as_micros())
        .unwrap_or(u64::MAX)
        .max(1);
    settings.kdf_us = Some(us);
    settings.kdf_params = Some(key);
    (
        KdfCost {
            per_guess: Duration::from_micros(us),
        },
        true,
    )
}

/// What the strength meter shows.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Strength {
    /// Whether the passphrase may be used.
    pub acceptable: bool,
    /// 0 (guessed at once) to 4 (beyond the bar), for the meter's bar.
    pub level: u8,
    /// Estimated guesses, as a power of ten.
    pub guesses_log10: f64,
    /// "about 3 hours", in the language.
    pub time_to_guess: String,
    /// The whole sentence: why (when refused), the time, the assumption.
    pub message: String,
}

/// Why a passphrase is weak (or `None`): a Fluent id.
fn reason_id(w: Option<zxcvbn::feedback::Warning>) -> Option<&'static str> {
    use zxcvbn::feedback::Warning as W;
    Some(match w? {
        W::StraightRowsOfKeysAreEasyToGuess | W::ShortKeyboardPatternsAreEasyToGuess => {
            "passphrase-reason-keyboard"
        }
        W::RepeatsLikeAaaAreEasyToGuess | W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            "passphrase-reason-repeats"
        }
        W::ThisIsATop10Password | W::ThisIsATop100Password | W::ThisIsACommonPassword => {
            "passphrase-reason-common"
        }
        W::ThisIsSimilarToACommonlyUsedPassword => "passphrase-reason-similar",
        W::SequencesLikeAbcAreEasyToGuess => "passphrase-reason-sequence",
        W::RecentYearsAreEasyToGuess | W::DatesAreOftenEasyToGuess => "passphrase-reason-dates",
        W::AWordByItselfIsEasyToGuess => "passphrase-reason-word",
        W::NamesAndSurnamesByThemselvesAreEasyToGuess | W::CommonNamesAndSurnamesAreEasyToGuess => {
            "passphrase-reason-names"
        }
        #[allow(unreachable_patterns)]
        _ => "passphrase-reason-guessable",
    })
}

/// A reason read from the token itself, so that it does not depend on how
/// zxcvbn broke a tie between equally cheap matches (its order changes from
/// one process to the next: `12345678` is both a top password and a
/// sequence).
fn token_reason(token: &str) -> Option<&'static str> {
    let chars: Vec<i64> = token.chars().map(|c| i64::from(u32::from(c))).collect();
    if chars.len() >= 3 {
        let step = chars[1] - chars[0];
        if step.abs() <= 2 && chars.windows(2).all(|w| w[1] - w[0] == step) {
            return Some(if step == 0 {
                "passphrase-reason-repeats"
            } else {
                "passphrase-reason-sequence"
            });
        }
    }
    if token.len() == 4
        && let Ok(year) = token.parse::<u32>()
        && ((1900..=2099).contains(&year) || (2443..=2642).contains(&year))
    {
        return Some("passphrase-reason-dates");
    }
    None
}

/// zxcvbn's estimate (log10 guesses) and the reason for it (a Fluent id).
fn zx(text: &str) -> (f64, Option<&'static str>) {
    if text.trim().is_empty() {
        return (0.0, None);
    }
    let e = zxcvbn::zxcvbn(text, LOCAL_WEAK);
    let longest = e
        .sequence()
        .iter()
        .fold(None::<&zxcvbn::Match>, |best, m| match best {
            Some(b) if b.token.chars().count() >= m.token.chars().count() => Some(b),
            _ => Some(m),
        });
    let reason = longest
        .and_then(|m| token_reason(&m.token))
        .or_else(|| reason_id(e.feedback().and_then(|f| f.warning())));
    (e.guesses_log10(), reason)
}

/// The estimate for a passphrase: log10 guesses and the reason id when it
/// is the weak part.
pub fn estimate(passphrase: &str) -> (f64, Option<&'static str>) {
    let text = i18n::digits::to_ascii(passphrase);
    let (whole, reason) = zx(&text);
    let others = text
        .chars()
        .filter(|c| !c.is_ascii() && !c.is_whitespace())
        .count();
    if others == 0 {
        return (whole, reason);
    }
    let ascii: String = text.chars().filter(char::is_ascii).collect();
    let floor = zx(&ascii).0 + others as f64 * BITS_PER_OTHER_CHAR * std::f64::consts::LOG10_2;
    if floor < whole {
        (floor, Some("passphrase-reason-script"))
    } else {
        (whole, reason)
    }
}

fn seconds_to_guess(log10_guesses: f64, cost: &KdfCost) -> f64 {
    10f64.powf(log10_guesses) / cost.guesses_per_second()
}

/// "about 3 hours" in `lang`.
pub fn format_time(seconds: f64, lang: &str) -> String {
    let l = i18n::localizer();
    let (id, n) = if seconds < 1.0 {
        ("passphrase-time-instant", 0.0)
    } else if seconds < 60.0 {
        ("passphrase-time-seconds", seconds)
    } else if seconds < 3600.0 {
        ("passphrase-time-minutes", seconds / 60.0)
    } else if seconds < 86_400.0 {
        ("passphrase-time-hours", seconds / 3600.0)
    } else if seconds < 365.25 * 86_400.0 {
        ("passphrase-time-days", seconds / 86_400.0)
    } else if seconds < 1e6 * 365.25 * 86_400.0 {
        ("passphrase-time-years", seconds / (365.25 * 86_400.0))
    } else {
        ("passphrase-time-forever", 0.0)
    };
    // Whole numbers: the figure is an order of magnitude.
    l.format_with(lang, id, &[("n", n.round().max(1.0) as i64)])
}

/// `10000` → `10,000` (Fluent here prints numbers without grouping).
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Assesses a passphrase for the meter (never fails).
pub fn assess(passphrase: &str, cost: &KdfCost, lang: &str) -> Strength {
    let l = i18n::localizer();
    let chars = passphrase.chars().count();
    let (log10, reason) = estimate(passphrase);
    let seconds = seconds_to_guess(log10, cost);
    let time = format_time(seconds, lang);
    let years = seconds / (365.25 * 86_400.0);
    let short = chars < MIN_CHARS;
    let acceptable = !short && years >= MIN_YEARS;
    let reason = l.format(lang, reason.unwrap_or("passphrase-reason-guessable"), None);
    let args: [(&str, i18n::FluentValue<'_>); 5] = [
        ("time", time.clone().into()),
        (
            "cores",
            grouped(u64::from(vault::guess::ATTACKER_CORES)).into(),
        ),
        ("years", (MIN_YEARS as i64).into()),
        ("min", (MIN_CHARS as i64).into()),
        ("reason", reason.into()),
    ];
    let id = if short {
        "passphrase-too-short"
    } else if acceptable {
        "passphrase-strong"
    } else {
        "passphrase-too-weak"
    };
    let message = l.format_with(lang, id, &args);
    let level = if acceptable {
        4
    } else if short || years < 1.0 / 365.25 {
        0
    } else if years < 1.0 {
        1
    } else if years < MIN_YEARS / 2.0 {
        2
    } else {
        3
    };
    Strength {
        acceptable,
        level,
        guesses_log10: (log10 * 10.0).round() / 10.0,
        time_to_guess: time,
        message,
    }
}

/// The rule: `Ok` with the assessment when the passphrase may be used, the
/// same sentence as an [`AppError`] (`InvalidPassphrase`) when not.
pub fn check_new(passphrase: &str, cost: &KdfCost, lang: &str) -> Result<Strength, AppError> {
    let s = assess(passphrase, cost, lang);
    if s.acceptable {
        Ok(s)
    } else {
        Err(AppError {
            code: ErrorCode::InvalidPassphrase,
            message: s.message,
        })
    }
}

/// A generated passphrase, to show once.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Generated {
    pub passphrase: String,
    /// `words` (EFF long list) or `digits`.
    pub kind: String,
    /// Its entropy in bits.
    pub bits: f64,
}

/// A uniform random number below `n` from the operating system's generator.
fn uniform(n: u32) -> Result<u32, AppError> {
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let mut b = [0u8; 4];
        getrandom::fill(&mut b).map_err(|e| AppError::unexpected(&e, "en"))?;
        let x = u32::from_le_bytes(b);
        if x < zone {
            return Ok(x % n);
        }
    }
}

/// Words for English, digit groups for the other languages (see the module
/// documentation).
pub fn generate(lang: &str) -> Result<Generated, AppError> {
    const COUNT: usize = 5;
    if lang == "en" {
        let list = &diceware_wordlists::EFF_LONG_WORDLIST;
        let words = (0..COUNT)
            .map(|_| uniform(list.len() as u32).map(|i| list[i as usize]))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Generated {
            passphrase: words.join(" "),
            kind: "words".into(),
            bits: COUNT as f64 * (list.len() as f64).log2(),
        })
    } else {
        let groups = (0..COUNT)
            .map(|_| uniform(10_000).map(|n| format!("{n:04}")))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Generated {
            passphrase: groups.join(" "),
            kind: "digits".into(),
            bits: COUNT as f64 * 10_000f64.log2(),
        })
    }
}

#[cfg(test)]
mod tests;
