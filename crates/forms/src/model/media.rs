//! Audio and image prompts: files that a translation names in an `.audio`
//! or `.image` attribute (XLSForm's `media::audio::LANGUAGE` and
//! `media::image::LANGUAGE` columns hold the same bare file names), kept in
//! the folder's `media/` and hashed with the rest.
//!
//! A placeholder prompt (synthesized speech until a person records one)
//! lives in `media/synthesized/` under the same name. A file of that name in
//! `media/` itself wins, so replacing a placeholder with a recording is one
//! file added; a prompt is marked synthesized exactly when the one used comes
//! from `media/synthesized/`.
//!
//! A prompt belongs to its language: there is no fallback to the default
//! language's prompt (a Lao speaker must not hear the Thai question), so a
//! language without a prompt shows text only.

use std::sync::Arc;

use super::*;

/// The folder, inside a questionnaire folder, holding media files.
pub const MEDIA_DIR: &str = "media";
/// The folder holding placeholder (synthesized) prompts.
pub const SYNTHESIZED_DIR: &str = "media/synthesized";

/// What a media attribute holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Audio,
    Image,
}

impl MediaKind {
    /// The translation attribute naming a file of this kind.
    pub fn attr(self) -> &'static str {
        match self {
            MediaKind::Audio => "audio",
            MediaKind::Image => "image",
        }
    }
}

/// A file format recognised by its first bytes (the name's extension is not
/// trusted: it says nothing about what a player will be handed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MediaFormat {
    /// Ogg (Opus or Vorbis): what the shipped prompts use.
    Ogg,
    Mp3,
    Wav,
    /// MPEG-4 audio (`.m4a`, AAC).
    Mp4,
    /// WebM (Matroska) audio.
    Webm,
    Png,
    Jpeg,
}

impl MediaFormat {
    /// Recognises a format from a file's first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<MediaFormat> {
        let at = |i: usize, magic: &[u8]| bytes.get(i..i + magic.len()) == Some(magic);
        if at(0, b"OggS") {
            Some(MediaFormat::Ogg)
        } else if at(0, b"ID3")
            || matches!(bytes, [0xFF, b, ..] if b & 0xE0 == 0xE0 && b & 0x06 != 0)
        {
            // An ID3 tag, or an MPEG audio frame sync with a layer set.
            Some(MediaFormat::Mp3)
        } else if at(0, b"RIFF") && at(8, b"WAVE") {
            Some(MediaFormat::Wav)
        } else if at(4, b"ftyp") {
            Some(MediaFormat::Mp4)
        } else if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
            Some(MediaFormat::Webm)
        } else if at(0, b"\x89PNG\r\n\x1a\n") {
            Some(MediaFormat::Png)
        } else if at(0, &[0xFF, 0xD8, 0xFF]) {
            Some(MediaFormat::Jpeg)
        } else {
            None
        }
    }

    /// The kind of prompt this format can be.
    pub fn kind(self) -> MediaKind {
        match self {
            MediaFormat::Png | MediaFormat::Jpeg => MediaKind::Image,
            _ => MediaKind::Audio,
        }
    }

    /// The MIME type a player is told.
    pub fn mime(self) -> &'static str {
        match self {
            MediaFormat::Ogg => "audio/ogg",
            MediaFormat::Mp3 => "audio/mpeg",
            MediaFormat::Wav => "audio/wav",
            MediaFormat::Mp4 => "audio/mp4",
            MediaFormat::Webm => "audio/webm",
            MediaFormat::Png => "image/png",
            MediaFormat::Jpeg => "image/jpeg",
        }
    }
}

/// One media file a translation uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// The name the translations give (`q1-my.ogg`).
    pub name: String,
    /// Its path inside the folder (`media/q1-my.ogg` or
    /// `media/synthesized/q1-my.ogg`).
    pub path: String,
    pub format: MediaFormat,
    /// A placeholder from `media/synthesized/`, not a person's recording.
    pub synthesized: bool,
    pub bytes: Arc<[u8]>,
}

/// Whether a translation's media name is a plain file name.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control)
}

/// Checks every `.audio` and `.image` attribute of every translation: a
/// plain file name, present in `media/` (or `media/synthesized/`), of the
/// attribute's kind. Returns the files used, by name.
pub(crate) fn check_media(
    catalogs: &BTreeMap<String, Catalog>,
    files: &BTreeMap<String, Vec<u8>>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Media> {
    let mut used = BTreeMap::new();
    for (lang, cat) in catalogs {
        let file = format!("{TRANSLATIONS_DIR}/{lang}.ftl");
        for (id, entry) in cat {
            for kind in [MediaKind::Audio, MediaKind::Image] {
                let Some(text) = entry.attrs.get(kind.attr()) else {
                    continue;
                };
                let at = Location::Field {
                    file: file.clone(),
                    path: format!("{id}.{}", kind.attr()),
                };
                let name = text.to_xlsform();
                let name = name.trim();
                if text.vars().next().is_some() || !plain_name(name) {
                    diags.push(Diagnostic::new(
                        at,
                        Message::new("forms-media-bad-name").arg("file", name),
                    ));
                    continue;
                }
                let recorded = format!("{MEDIA_DIR}/{name}");
                let placeholder = format!("{SYNTHESIZED_DIR}/{name}");
                let (path, synthesized) = if files.contains_key(&recorded) {
                    (recorded, false)
                } else if files.contains_key(&placeholder) {
                    (placeholder, true)
                } else {
                    diags.push(Diagnostic::new(
                        at,
                        Message::new("forms-media-missing")
                            .arg("file", name)
                            .arg("folder", MEDIA_DIR),
                    ));
                    continue;
                };
                let bytes = files.get(&path).map_or(&[][..], Vec::as_slice);
                match MediaFormat::sniff(bytes) {
                    Some(format) if format.kind() == kind => {
                        used.entry(name.to_string()).or_insert_with(|| Media {
                            name: name.to_string(),
                            path,
                            format,
                            synthesized,
                            bytes: Arc::from(bytes),
                        });
                    }
                    _ => diags.push(Diagnostic::new(
                        at,
                        Message::new("forms-media-unreadable")
                            .arg("file", &path)
                            .arg("kind", kind.attr()),
                    )),
                }
            }
        }
    }
    used
}

/// Adds media files to an imported XLSForm's folder, under `media/` (ODK
/// keeps them beside the form, in `FORM-media/`).
pub fn attach_media(
    folder: &mut BTreeMap<String, Vec<u8>>,
    media: impl IntoIterator<Item = (String, Vec<u8>)>,
) {
    for (name, bytes) in media {
        folder.insert(format!("{MEDIA_DIR}/{name}"), bytes);
    }
}

impl Questionnaire {
    /// The prompt of kind `kind` for a message (a question or note: its
    /// name; a choice: [`text::choice_id`]) in exactly `lang`: no fallback
    /// to another language's prompt.
    pub fn media_for(&self, id: &str, kind: MediaKind, lang: &str) -> Option<&Media> {
        let entry = self.catalogs.get(lang)?.get(&text::fluent_id(id))?;
        let name = entry.attrs.get(kind.attr())?.to_xlsform();
        self.media.get(name.trim())
    }

    /// A question's or note's audio prompt in exactly `lang`.
    pub fn audio(&self, name: &str, lang: &str) -> Option<&Media> {
        self.media_for(name, MediaKind::Audio, lang)
    }

    /// A choice's audio prompt in exactly `lang`.
    pub fn choice_audio(&self, list: &str, value: &str, lang: &str) -> Option<&Media> {
        self.media_for(&text::choice_id(list, value), MediaKind::Audio, lang)
    }

    /// Every media file the translations use, by name.
    pub fn media(&self) -> &BTreeMap<String, Media> {
        &self.media
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes_not_their_names() {
        let cases: &[(&[u8], Option<MediaFormat>)] = &[
            (b"OggS\0\x02", Some(MediaFormat::Ogg)),
            (b"ID3\x04\0", Some(MediaFormat::Mp3)),
            (&[0xFF, 0xFB, 0x90, 0x44], Some(MediaFormat::Mp3)),
            (b"RIFF\x24\0\0\0WAVEfmt ", Some(MediaFormat::Wav)),
            (b"\0\0\0\x20ftypM4A ", Some(MediaFormat::Mp4)),
            (&[0x1A, 0x45, 0xDF, 0xA3, 0x01], Some(MediaFormat::Webm)),
            (b"\x89PNG\r\n\x1a\n\0", Some(MediaFormat::Png)),
            (&[0xFF, 0xD8, 0xFF, 0xE0], Some(MediaFormat::Jpeg)),
            // A JPEG's marker is not an MPEG frame sync with a layer.
            (&[0xFF, 0xD8, 0x00], None),
            (b"RIFF\x24\0\0\0AVI ", None),
            (b"<html>", None),
            (b"", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(MediaFormat::sniff(bytes), *want, "{bytes:?}");
        }
        assert_eq!(MediaFormat::Ogg.kind(), MediaKind::Audio);
        assert_eq!(MediaFormat::Png.kind(), MediaKind::Image);
    }

    #[test]
    fn only_plain_file_names_are_media_names() {
        for ok in ["q1-my.ogg", "ဗမာ.mp3", "a b.wav"] {
            assert!(plain_name(ok), "{ok}");
        }
        for bad in ["", ".hidden.ogg", "../q.ogg", "a/b.ogg", "a\\b.ogg", "a\nb"] {
            assert!(!plain_name(bad), "{bad:?}");
        }
    }
}
