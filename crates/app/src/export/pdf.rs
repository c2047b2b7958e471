//! A small paged-text writer for the printable case summary: paragraphs
//! wrapped at ICU line breaks (dictionary breaks for Thai, Lao, Khmer and
//! Burmese, which put no spaces between words), each line split into runs by
//! the font that has its characters, every run shaped (rustybuzz, through
//! krilla) so stacked consonants and reordered vowels come out right, and
//! written to PDF by krilla (fonts subset and embedded, text extractable).
//!
//! The fonts are the OFL Noto Sans families in `assets/fonts/` (Latin, Thai,
//! Myanmar, Khmer, Lao; regular and bold), built into the binary.

use std::sync::OnceLock;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};

macro_rules! font_file {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/fonts/",
            $name
        ))
    };
}

/// (regular, bold) of each family, Latin first: the fallback.
static FONT_FILES: [(&[u8], &[u8]); 5] = [
    (
        font_file!("NotoSans-Regular.ttf"),
        font_file!("NotoSans-Bold.ttf"),
    ),
    (
        font_file!("NotoSansThai-Regular.ttf"),
        font_file!("NotoSansThai-Bold.ttf"),
    ),
    (
        font_file!("NotoSansMyanmar-Regular.ttf"),
        font_file!("NotoSansMyanmar-Bold.ttf"),
    ),
    (
        font_file!("NotoSansKhmer-Regular.ttf"),
        font_file!("NotoSansKhmer-Bold.ttf"),
    ),
    (
        font_file!("NotoSansLao-Regular.ttf"),
        font_file!("NotoSansLao-Bold.ttf"),
    ),
];

/// The family a character's script asks for (index into `FONT_FILES`), or
/// `None` for characters every script shares (spaces, digits, punctuation).
fn script_family(c: char) -> Option<usize> {
    match u32::from(c) {
        0x0E00..=0x0E7F => Some(1),
        0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F => Some(2),
        0x1780..=0x17FF | 0x19E0..=0x19FF => Some(3),
        0x0E80..=0x0EFF => Some(4),
        0x0041..=0x005A | 0x0061..=0x007A | 0x00C0..=0x024F => Some(0),
        _ => None,
    }
}

struct Face {
    pdf: Font,
    shaper: rustybuzz::Face<'static>,
}

impl Face {
    fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
    /// Font units to points.
    fn scale(&self, size: f32) -> f32 {
        size / f32::from(self.shaper.units_per_em() as u16)
    }
    /// The width of `text` shaped in this face, in points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        buf.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.shaper, &[], buf);
        let units: i64 = shaped
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        units as f32 * self.scale(size)
    }
    /// Height above and below the baseline, in points.
    fn extent(&self, size: f32) -> (f32, f32) {
        let s = self.scale(size);
        (
            f32::from(self.shaper.ascender()) * s,
            -f32::from(self.shaper.descender()) * s,
        )
    }
}

struct Fonts {
    /// `[family][bold]`.
    faces: Vec<[Face; 2]>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let face = |data: &'static [u8]| Face {
            pdf: Font::new(data.into(), 0).expect("a shipped font parses"),
            shaper: rustybuzz::Face::from_slice(data, 0).expect("a shipped font parses"),
        };
        Fonts {
            faces: FONT_FILES.iter().map(|(r, b)| [face(r), face(b)]).collect(),
        }
    })
}

impl Fonts {
    fn face(&self, family: usize, bold: bool) -> &Face {
        &self.faces[family][usize::from(bold)]
    }

    /// Splits `text` into runs of one family each: a character goes to its
    /// script's family, a shared one (space, digit, mark) stays with the run
    /// it is in when that font has it; else the first family that has it.
    fn runs<'t>(&self, text: &'t str, bold: bool) -> Vec<(usize, &'t str)> {
        let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // family, start, end
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            let current = runs.last().map(|r| r.0);
            let family = match (script_family(c), current) {
                (Some(f), _) => f,
                (None, Some(f)) if self.face(f, bold).has(c) || c.is_whitespace() => f,
                (None, _) => (0..self.faces.len())
                    .find(|&f| self.face(f, bold).has(c))
                    .unwrap_or(0),
            };
            match runs.last_mut() {
                Some(r) if r.0 == family => r.2 = end,
                _ => runs.push((family, i, end)),
            }
        }
        runs.into_iter().map(|(f, s, e)| (f, &text[s..e])).collect()
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        self.runs(text, bold)
            .iter()
            .map(|(f, t)| self.face(*f, bold).width(t, size))
            .sum()
    }
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f32,
    pub bold: bool,
    /// Grey (secondary text: the respondent's language, notes on the side).
    pub grey: bool,
}

pub(crate) const TITLE: Style = Style {
    size: 17.0,
    bold: true,
    grey: false,
};
pub(crate) const HEADING: Style = Style {
    size: 12.5,
    bold: true,
    grey: false,
};
pub(crate) const BODY: Style = Style {
    size: 10.0,
    bold: false,
    grey: false,
};
pub(crate) const STRONG: Style = Style {
    size: 10.0,
    bold: true,
    grey: false,
};
pub(crate) const SIDE: Style = Style {
    size: 9.5,
    bold: false,
    grey: true,
};

/// One shaped run placed on a page.
struct Draw {
    x: f32,
    baseline: f32,
    family: usize,
    style: Style,
    text: String,
}

const PAGE_W: f32 = 595.0; // A4, points
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;

/// Lays out paragraphs top to bottom over as many A4 pages as they need.
pub(crate) struct Pages {
    pages: Vec<Vec<Draw>>,
    y: f32,
    breaker: icu_segmenter::LineSegmenter,
}

impl Pages {
    pub(crate) fn new() -> Pages {
        Pages {
            pages: vec![Vec::new()],
            y: MARGIN,
            breaker: icu_segmenter::LineSegmenter::new_dictionary(),
        }
    }

    /// Vertical space, in points (none at the top of a page).
    pub(crate) fn space(&mut self, points: f32) {
        if self.y > MARGIN {
            self.y += points;
        }
    }

    /// A paragraph, wrapped to the page width less `indent`.
    pub(crate) fn para(&mut self, text: &str, style: Style, indent: f32) {
        for line in text.lines() {
            self.one_paragraph(line, style, indent);
        }
    }

    fn one_paragraph(&mut self, text: &str, style: Style, indent: f32) {
        let f = fonts();
        let width = PAGE_W - 2.0 * MARGIN - indent;
        let breaks: Vec<usize> = self.breaker.segment_str(text).collect();
        let fits = |t: &str| f.width(t.trim_end(), style.size, style.bold) <= width;
        let mut lines: Vec<&str> = Vec::new();
        let mut start = 0;
        // The furthest break so far up to which the line still fits.
        let mut fit: Option<usize> = None;
        for &b in breaks.iter().filter(|&&b| b > 0) {
            if fits(&text[start..b]) {
                fit = Some(b);
                continue;
            }
            if let Some(p) = fit.take() {
                lines.push(&text[start..p]);
                start = p;
                if fits(&text[start..b]) {
                    fit = Some(b);
                    continue;
                }
            }
            // One word wider than the line: it stands alone.
            lines.push(&text[start..b]);
            start = b;
        }
        if start < text.len() {
            lines.push(&text[start..]);
        }
        if lines.is_empty() {
            lines.push("");
        }
        for line in lines {
            self.line(line.trim_end(), style, indent);
        }
    }

    fn line(&mut self, text: &str, style: Style, indent: f32) {
        let f = fonts();
        let runs = f.runs(text, style.bold);
        // The line is as tall as its tallest font (Burmese stacks are tall).
        let (mut up, mut down) = f.face(0, style.bold).extent(style.size);
        for (fam, _) in &runs {
            let (u, d) = f.face(*fam, style.bold).extent(style.size);
            up = up.max(u);
            down = down.max(d);
        }
        if self.y + up + down > PAGE_H - MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
        let baseline = self.y + up;
        let mut x = MARGIN + indent;
        let page = self.pages.last_mut().expect("a page");
        for (family, run) in runs {
            page.push(Draw {
                x,
                baseline,
                family,
                style,
                text: run.to_owned(),
            });
            x += f.face(family, style.bold).width(run, style.size);
        }
        self.y = baseline + down;
    }

    /// The PDF, with its title and language in the document's metadata.
    pub(crate) fn finish(self, title: &str, lang: &str) -> Result<Vec<u8>, String> {
        let f = fonts();
        let mut doc = Document::new();
        doc.set_metadata(
            Metadata::new()
                .title(title.to_owned())
                .language(lang.to_owned())
                .creator("FieldScreen".to_owned()),
        );
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("page size")?;
        for draws in &self.pages {
            let mut page = doc.start_page_with(settings.clone());
            let mut surface = page.surface();
            for d in draws {
                let grey = if d.style.grey { 90 } else { 0 };
                surface.set_fill(Some(Fill {
                    paint: rgb::Color::new(grey, grey, grey).into(),
                    opacity: NormalizedF32::ONE,
                    rule: Default::default(),
                }));
                surface.draw_text(
                    Point::from_xy(d.x, d.baseline),
                    f.face(d.family, d.style.bold).pdf.clone(),
                    d.style.size,
                    &d.text,
                    false,
                    TextDirection::Auto,
                );
            }
            surface.finish();
            page.finish();
        }
        doc.finish().map_err(|e| format!("{e:?}"))
    }
}
