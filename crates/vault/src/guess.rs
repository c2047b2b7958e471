//! What one passphrase guess costs someone who copied the vault's files.
//!
//! Such an attacker is bound by nothing but Argon2id and the passphrase: no
//! attempt counter applies to a copy. Each guess costs one key derivation
//! with the header's parameters. The strength meter (the `app` crate)
//! measures that derivation on this device ([`crate::measure_kdf`]) and
//! assumes an attacker with [`ATTACKER_CORES`] cores each as fast as one
//! of this device's (the `argon2` crate derives on one thread, so the time
//! measured is the CPU time of one guess). A phone core is slower than a
//! server's and graphics cards speed Argon2id up somewhat even at 64 MiB, so
//! the figure is an order of magnitude, not a promise; it is the one shown
//! to people and printed by the benchmark.

use std::time::Duration;

/// Cores the strength meter assumes an attacker has (a few racks of
/// rented servers, or a few dozen graphics cards' worth).
pub const ATTACKER_CORES: u32 = 10_000;

/// Guesses per second for [`ATTACKER_CORES`] cores when one derivation
/// takes `kdf` on one core.
pub fn guesses_per_second(kdf: Duration) -> f64 {
    let secs = kdf.as_secs_f64().max(1e-6);
    f64::from(ATTACKER_CORES) / secs
}
