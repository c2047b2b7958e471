//! Writing an export: a hidden temporary file beside the final name,
//! renamed over it only once complete; removed on failure or cancel.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{AppError, ErrorCode};

/// Why writing stopped.
#[derive(Debug)]
pub(crate) enum WriteError {
    Io(std::io::Error),
    Cancelled,
    App(AppError),
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

impl From<AppError> for WriteError {
    fn from(e: AppError) -> Self {
        WriteError::App(e)
    }
}

impl From<csv::Error> for WriteError {
    fn from(e: csv::Error) -> Self {
        match e.into_kind() {
            csv::ErrorKind::Io(e) => WriteError::Io(e),
            other => WriteError::Io(std::io::Error::other(format!("{other:?}"))),
        }
    }
}

impl From<zip::result::ZipError> for WriteError {
    fn from(e: zip::result::ZipError) -> Self {
        match e {
            zip::result::ZipError::Io(e) => WriteError::Io(e),
            other => WriteError::Io(std::io::Error::other(other.to_string())),
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for WriteError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        match e {
            rust_xlsxwriter::XlsxError::IoError(e) => WriteError::Io(e),
            other => WriteError::Io(std::io::Error::other(other.to_string())),
        }
    }
}

impl From<serde_json::Error> for WriteError {
    fn from(e: serde_json::Error) -> Self {
        match e.io_error_kind() {
            Some(_) => WriteError::Io(std::io::Error::from(e)),
            None => WriteError::Io(std::io::Error::other(e.to_string())),
        }
    }
}

impl WriteError {
    pub(crate) fn into_app_error(self, out: &Path, lang: &str) -> AppError {
        match self {
            WriteError::Io(e) => io_error(&e, out, lang),
            WriteError::Cancelled => {
                AppError::new(ErrorCode::Cancelled, "export-cancelled", &[], lang)
            }
            WriteError::App(e) => e,
        }
    }
}

/// A full disk gets its own sentence; any other failure names the file.
pub(crate) fn io_error(e: &std::io::Error, out: &Path, lang: &str) -> AppError {
    if e.kind() == std::io::ErrorKind::StorageFull || e.kind() == std::io::ErrorKind::QuotaExceeded
    {
        AppError::new(
            ErrorCode::DiskFull,
            "export-disk-full",
            &[("path", out.display().to_string())],
            lang,
        )
    } else {
        AppError::new(
            ErrorCode::Storage,
            "export-write-failed",
            &[
                ("path", out.display().to_string()),
                ("reason", e.to_string()),
            ],
            lang,
        )
    }
}

/// The temporary file an export is written to.
#[derive(Debug)]
pub(crate) struct Staged {
    tmp: PathBuf,
    out: PathBuf,
    file: Option<File>,
    done: bool,
}

impl Staged {
    /// Creates `.<name>.<random>.part` beside `out` (readable by its owner only).
    pub(crate) fn new(out: &Path, lang: &str) -> Result<Staged, AppError> {
        let name = out
            .file_name()
            .ok_or_else(|| io_error(&std::io::Error::other("no file name"), out, lang))?;
        let dir = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = dir.join(format!(
            ".{}.{}.part",
            name.to_string_lossy(),
            uuid::Uuid::new_v4().simple()
        ));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&tmp).map_err(|e| io_error(&e, out, lang))?;
        Ok(Staged {
            tmp,
            out: out.to_path_buf(),
            file: Some(file),
            done: false,
        })
    }

    /// The folder the export is written in (its temporary files stay there).
    pub(crate) fn dir(&self) -> PathBuf {
        self.tmp
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    /// The file to write (once).
    pub(crate) fn file(&mut self) -> Result<File, WriteError> {
        self.file
            .take()
            .ok_or_else(|| WriteError::Io(std::io::Error::other("export file already taken")))
    }

    /// Makes the written file durable and gives it its final name; returns its size.
    pub(crate) fn commit(mut self, lang: &str) -> Result<u64, AppError> {
        let out = self.out.clone();
        let finish = || -> std::io::Result<u64> {
            let f = File::options().write(true).open(&self.tmp)?;
            f.sync_all()?;
            let bytes = f.metadata()?.len();
            std::fs::rename(&self.tmp, &self.out)?;
            if let Some(dir) = self.out.parent().filter(|p| !p.as_os_str().is_empty()) {
                // The rename itself is durable once the folder is synced.
                let _ = File::open(dir).and_then(|d| d.sync_all());
            }
            Ok(bytes)
        };
        let bytes = finish().map_err(|e| io_error(&e, &out, lang))?;
        self.done = true;
        Ok(bytes)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            drop(self.file.take());
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Flushes a writer, keeping the I/O error.
pub(crate) fn flush(w: &mut impl Write) -> Result<(), WriteError> {
    w.flush().map_err(WriteError::Io)
}

/// Where an export's bytes go: the file itself, or an `age` stream to the
/// recipients' keys in front of it (nothing in plaintext reaches the disk).
pub(crate) enum Sink {
    Plain(std::io::BufWriter<File>),
    Age(age::stream::StreamWriter<std::io::BufWriter<File>>),
}

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Sink::Plain(_) => "Sink::Plain",
            Sink::Age(_) => "Sink::Age",
        })
    }
}

impl Sink {
    pub(crate) fn new(
        file: File,
        recipients: &[age::x25519::Recipient],
    ) -> Result<Sink, WriteError> {
        let out = std::io::BufWriter::new(file);
        if recipients.is_empty() {
            return Ok(Sink::Plain(out));
        }
        let encryptor =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|e| WriteError::Io(std::io::Error::other(e.to_string())))?;
        Ok(Sink::Age(encryptor.wrap_output(out)?))
    }

    pub(crate) fn is_encrypted(&self) -> bool {
        matches!(self, Sink::Age(_))
    }

    /// Writes what is buffered (and the last `age` chunk).
    pub(crate) fn finish(self) -> Result<(), WriteError> {
        let mut out = match self {
            Sink::Plain(out) => out,
            Sink::Age(w) => w.finish()?,
        };
        flush(&mut out)
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(buf),
            Sink::Age(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Age(w) => w.flush(),
        }
    }
}

impl std::io::Seek for Sink {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        match self {
            Sink::Plain(w) => w.seek(pos),
            Sink::Age(_) => Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "an encrypted export is written in one pass",
            )),
        }
    }
}

/// The recipients' public keys (`age1…`), each checked.
pub(crate) fn recipients(
    keys: &[String],
    lang: &str,
) -> Result<Vec<age::x25519::Recipient>, AppError> {
    keys.iter()
        .map(|k| {
            k.trim().parse::<age::x25519::Recipient>().map_err(|_| {
                AppError::new(
                    ErrorCode::InvalidAnswer,
                    "export-bad-recipient",
                    &[("key", k.chars().take(80).collect())],
                    lang,
                )
            })
        })
        .collect()
}
