//! `cargo xtask prompts`: placeholder audio prompts for the shipped
//! questionnaires, until people record them.
//!
//! Every `.audio` attribute of a shipped questionnaire's translation names a
//! file. When `media/<file>` (a person's recording) does not exist, this
//! speaks the message's text with `espeak-ng` in that language's voice and
//! compresses it to Ogg/Opus with `opusenc` into `media/synthesized/<file>`,
//! which the questionnaire then marks as synthesized. The files are
//! committed: CI never runs this (it needs neither tool). Khmer and Lao have
//! no espeak-ng voice: their translations name no audio, and a translation
//! in a language without a voice that names one is refused here.
//!
//! `--all` makes every placeholder again; without it only missing ones.

use std::path::Path;

use fluent_syntax::ast;

use crate::sh::{Cmd, Fail};

/// The shipped questionnaires that carry prompts.
const QUESTIONNAIRES: [&str; 2] = ["victim-screening", "fishing-inspection"];

/// espeak-ng's voice for each language it can speak.
const VOICES: [(&str, &str); 3] = [("en", "en-us"), ("th", "th"), ("my", "my")];

/// Opus at a speech bit rate, mono: a question of a few seconds is a few KiB.
const OPUS_ARGS: [&str; 5] = ["--quiet", "--bitrate", "12", "--downmix-mono", "--speech"];

/// The `.audio` files a translation names, with the text to speak: the
/// message's value (its placeables left out).
pub fn audio_prompts(ftl: &str) -> Vec<(String, String)> {
    let resource = match fluent_syntax::parser::parse(ftl) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let mut out = Vec::new();
    for entry in resource.body {
        let ast::Entry::Message(m) = entry else {
            continue;
        };
        let Some(attr) = m.attributes.iter().find(|a| a.id.name == "audio") else {
            continue;
        };
        let file: String = text_of(&attr.value).trim().to_owned();
        let said = m.value.as_ref().map(text_of).unwrap_or_default();
        out.push((file, said.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
    out
}

fn text_of(p: &ast::Pattern<&str>) -> String {
    p.elements
        .iter()
        .map(|e| match e {
            ast::PatternElement::TextElement { value } => (*value).to_owned(),
            ast::PatternElement::Placeable { .. } => String::new(),
        })
        .collect()
}

/// The shipped questionnaires' audio prompts (embedded in the app binary):
/// how many, how many bytes, how many of them placeholders.
pub fn sizes() -> String {
    let (mut files, mut bytes, mut placeholders) = (0, 0u64, 0);
    for id in QUESTIONNAIRES {
        let media = crate::root().join("questionnaires").join(id).join("media");
        for (dir, synthesized) in [(media.clone(), false), (media.join("synthesized"), true)] {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let Ok(meta) = e.metadata() else { continue };
                if meta.is_file() {
                    files += 1;
                    bytes += meta.len();
                    placeholders += usize::from(synthesized);
                }
            }
        }
    }
    format!(
        "audio prompts: {files} files, {:.0} KiB ({bytes} bytes; {placeholders} synthesized placeholders)",
        bytes as f64 / 1024.0
    )
}

pub fn prompts(args: &[&str]) -> Result<(), Fail> {
    let all = args.contains(&"--all");
    let mut made = 0;
    let mut bytes = 0u64;
    for id in QUESTIONNAIRES {
        let dir = crate::root().join("questionnaires").join(id);
        let synthesized = dir.join("media/synthesized");
        std::fs::create_dir_all(&synthesized)
            .map_err(|e| Fail(format!("{}: {e}", synthesized.display())))?;
        let mut langs: Vec<_> = std::fs::read_dir(dir.join("translations"))
            .map_err(|e| Fail(format!("{id}: {e}")))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        langs.sort();
        for path in langs {
            let lang = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ftl = std::fs::read_to_string(&path)
                .map_err(|e| Fail(format!("{}: {e}", path.display())))?;
            for (file, said) in audio_prompts(&ftl) {
                if dir.join("media").join(&file).exists() {
                    continue; // a person's recording
                }
                let out = synthesized.join(&file);
                if out.exists() && !all {
                    continue;
                }
                let Some((_, voice)) = VOICES.iter().find(|(l, _)| *l == lang) else {
                    return Err(Fail(format!(
                        "{}: {file} needs a recording: espeak-ng has no {lang} voice",
                        path.display()
                    )));
                };
                speak(voice, &said, &out)?;
                made += 1;
                bytes += std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    println!("xtask: {made} placeholder prompts made ({bytes} bytes)");
    Ok(())
}

/// `said` in `voice`, as Ogg/Opus in `out`.
fn speak(voice: &str, said: &str, out: &Path) -> Result<(), Fail> {
    let wav = out.with_extension("wav");
    let (fmt, data) = speak_pcm(voice, said, &wav)?;
    std::fs::write(&wav, wav_file(&fmt, &data))
        .map_err(|e| Fail(format!("{}: {e}", wav.display())))?;
    let result = Cmd::new("opusenc").args(OPUS_ARGS).arg(&wav).arg(out).run();
    let _ = std::fs::remove_file(&wav);
    result
}

/// The `fmt ` chunk and the samples of `said` spoken in `voice`. espeak-ng
/// 1.51 aborts on some long Burmese sentences: such a text is spoken in two
/// halves (split at the space nearest its middle), and so on.
fn speak_pcm(voice: &str, said: &str, wav: &Path) -> Result<(Vec<u8>, Vec<u8>), Fail> {
    let spoke = std::process::Command::new("espeak-ng")
        .args(["-v", voice, "-s", "150", "-w"])
        .arg(wav)
        .arg(said)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if spoke {
        let bytes = std::fs::read(wav).map_err(|e| Fail(format!("{}: {e}", wav.display())))?;
        return wav_chunks(&bytes)
            .ok_or_else(|| Fail(format!("{}: not a WAV file", wav.display())));
    }
    let middle = said.len() / 2;
    let split = said
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .min_by_key(|(i, _)| i.abs_diff(middle))
        .map(|(i, _)| i)
        .ok_or_else(|| Fail(format!("espeak-ng cannot speak {said:?}")))?;
    let (fmt, mut data) = speak_pcm(voice, &said[..split], wav)?;
    let (_, rest) = speak_pcm(voice, &said[split + 1..], wav)?;
    data.extend(rest);
    Ok((fmt, data))
}

/// The `fmt ` and `data` chunks of a RIFF/WAVE file.
fn wav_chunks(bytes: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..12)? != b"WAVE" {
        return None;
    }
    let (mut fmt, mut data) = (None, None);
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().ok()?) as usize;
        let body = &bytes[at + 8..(at + 8).saturating_add(size).min(bytes.len())];
        match id {
            b"fmt " => fmt = Some(body.to_vec()),
            b"data" => data = Some(body.to_vec()),
            _ => {}
        }
        at = at + 8 + size + (size & 1);
    }
    Some((fmt?, data?))
}

/// A RIFF/WAVE file of one `fmt ` and one `data` chunk.
fn wav_file(fmt: &[u8], data: &[u8]) -> Vec<u8> {
    let len = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
    let mut out = Vec::with_capacity(20 + fmt.len() + 8 + data.len());
    out.extend(b"RIFF");
    out.extend(len(4 + 8 + fmt.len() + 8 + data.len()));
    out.extend(b"WAVEfmt ");
    out.extend(len(fmt.len()));
    out.extend(fmt);
    out.extend(b"data");
    out.extend(len(data.len()));
    out.extend(data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prompts_of_a_translation_are_its_audio_attributes_with_their_text() {
        let ftl = "## status: machine-drafted\n\
                   free_to_leave = Can you leave\n    this job?\n    .audio = free_to_leave-en.ogg\n\
                   watched = Are you watched?\n\
                   named = Hello { $name }!\n    .hint = not spoken\n    .audio = named-en.ogg\n";
        assert_eq!(
            audio_prompts(ftl),
            [
                (
                    "free_to_leave-en.ogg".to_owned(),
                    "Can you leave this job?".to_owned()
                ),
                ("named-en.ogg".to_owned(), "Hello !".to_owned()),
            ]
        );
    }

    #[test]
    fn a_wav_file_reads_back_as_its_chunks() {
        let fmt = [
            1u8, 0, 1, 0, 0x22, 0x56, 0, 0, 0x44, 0xAC, 0, 0, 2, 0, 16, 0,
        ];
        let data = [1u8, 2, 3, 4, 5, 6];
        let file = wav_file(&fmt, &data);
        assert_eq!(wav_chunks(&file), Some((fmt.to_vec(), data.to_vec())));
        assert_eq!(wav_chunks(b"RIFF\0\0\0\0AVI "), None);
    }
}
