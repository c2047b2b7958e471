//! Where the command's text goes. `print!`, `println!`, `eprint!` and
//! `eprintln!` in this crate are the macros defined in `main.rs`, which call
//! [`write`] instead of std's (std's panic when the reader has gone:
//! `fieldscreen interview show --json | head`).
//!
//! On stdout, a closed pipe ends the command at once and quietly, with
//! success (the reader took what it wanted, as with `grep … | head`); any
//! other failure to write (a full disk under `> file`) is said on stderr, and
//! the command fails. Text for stderr that cannot be written is dropped: the
//! exit status still tells success from failure.

use std::fmt;
use std::io::{self, Write};

/// Which of the two streams.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

/// Writes formatted text to `stream` and flushes it.
pub(crate) fn write(stream: Stream, args: fmt::Arguments<'_>) {
    match stream {
        Stream::Stdout => {
            if let Err(e) = write_to(&mut io::stdout().lock(), args) {
                std::process::exit(give_up(&e));
            }
        }
        Stream::Stderr => {
            let _ = write_to(&mut io::stderr().lock(), args);
        }
    }
}

fn write_to(w: &mut impl Write, args: fmt::Arguments<'_>) -> io::Result<()> {
    w.write_fmt(args)?;
    w.flush()
}

/// The exit status after a failed write to stdout (saying why on stderr
/// unless the reader merely left).
fn give_up(e: &io::Error) -> i32 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return 0;
    }
    let text = crate::case_cmd::text("error-io", &[("reason", e.to_string())]);
    let _ = writeln!(io::stderr().lock(), "{text}");
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_a_quiet_success_and_other_failures_fail() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(give_up(&pipe), 0);
        let full = io::Error::from(io::ErrorKind::StorageFull);
        assert_eq!(give_up(&full), 1);
    }
}
