//! Minh chứng — files attached to a dossier to prove a criterion. The type is
//! decided from the bytes, never from the name or the browser's claim; images
//! are measured from their headers so a decompression bomb is refused before
//! anything decodes it.

use std::fmt;

/// The kinds of evidence accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg"],
        }
    }
}

/// The most a file may weigh, and an image may measure.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_PIXELS: u64 = 40_000_000;
pub const MAX_SIDE: u32 = 12_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    Empty,
    TooLarge { bytes: usize },
    UnknownType,
    ExtensionMismatch { kind: FileKind, name: String },
    ImageTooBig { width: u32, height: u32 },
    BrokenImage,
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Tệp trống."),
            Self::TooLarge { bytes } => write!(
                f,
                "Tệp nặng {:.1} MB, quá giới hạn 10 MB.",
                *bytes as f64 / 1_048_576.0
            ),
            Self::UnknownType => f.write_str(
                "Chỉ nhận tệp PDF, PNG hoặc JPEG (nội dung tệp không thuộc các loại này).",
            ),
            Self::ExtensionMismatch { kind, name } => {
                write!(
                    f,
                    "Tên tệp «{name}» không khớp nội dung (nội dung là {}).",
                    kind.content_type()
                )
            }
            Self::ImageTooBig { width, height } => write!(
                f,
                "Ảnh {width}×{height} điểm ảnh quá lớn (tối đa {MAX_SIDE} mỗi chiều, 40 triệu điểm ảnh)."
            ),
            Self::BrokenImage => f.write_str("Ảnh bị hỏng: không đọc được kích thước."),
        }
    }
}

impl std::error::Error for UploadError {}

/// The kind of a file from its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else {
        None
    }
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
    ])))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]))
}

/// Width and height from the header alone: PNG's IHDR, JPEG's SOF marker.
pub fn image_size(kind: FileKind, b: &[u8]) -> Option<(u32, u32)> {
    match kind {
        FileKind::Pdf => None,
        FileKind::Png => (b.get(12..16) == Some(b"IHDR"))
            .then(|| Some((be32(b, 16)?, be32(b, 20)?)))
            .flatten(),
        FileKind::Jpeg => {
            let mut i = 2;
            while i + 9 < b.len() {
                if b[i] != 0xFF {
                    return None;
                }
                let marker = b[i + 1];
                // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
                if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                    return Some((be16(b, i + 7)?, be16(b, i + 5)?));
                }
                i += 2 + usize::try_from(be16(b, i + 2)?).ok()?;
            }
            None
        }
    }
}

/// Checks an upload and returns its kind.
pub fn check(name: &str, bytes: &[u8]) -> Result<FileKind, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(UploadError::TooLarge { bytes: bytes.len() });
    }
    let kind = sniff(bytes).ok_or(UploadError::UnknownType)?;
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !kind.extensions().contains(&ext.as_str()) {
        return Err(UploadError::ExtensionMismatch {
            kind,
            name: name.to_owned(),
        });
    }
    if kind != FileKind::Pdf {
        let (width, height) = image_size(kind, bytes).ok_or(UploadError::BrokenImage)?;
        if width == 0 || height == 0 {
            return Err(UploadError::BrokenImage);
        }
        if width > MAX_SIDE
            || height > MAX_SIDE
            || u64::from(width) * u64::from(height) > MAX_PIXELS
        {
            return Err(UploadError::ImageTooBig { width, height });
        }
    }
    Ok(kind)
}

/// A file name safe to offer back (no path, no control characters).
pub fn safe_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(120)
        .collect();
    if cleaned.trim().is_empty() {
        "minh-chung".into()
    } else {
        crate::text::nfc(&cleaned)
    }
}

#[cfg(test)]
pub mod samples {
    /// A minimal PNG header of the given size (enough for the checks).
    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let mut v = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&[8, 6, 0, 0, 0]);
        v
    }

    /// A JPEG start with an APP0 segment and a SOF0 of the given size.
    pub fn jpeg(width: u16, height: u16) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        v.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        v.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_bytes() {
        assert_eq!(
            check("giay-chung-nhan.pdf", b"%PDF-1.7 ..."),
            Ok(FileKind::Pdf)
        );
        assert_eq!(check("anh.png", &samples::png(800, 600)), Ok(FileKind::Png));
        assert_eq!(
            check("anh.JPG", &samples::jpeg(1024, 768)),
            Ok(FileKind::Jpeg)
        );
    }

    #[test]
    fn disguised_oversized_and_bomb_files_are_refused() {
        assert!(matches!(
            check("anh.jpg", b"%PDF-1.7"),
            Err(UploadError::ExtensionMismatch {
                kind: FileKind::Pdf,
                ..
            })
        ));
        assert_eq!(
            check("ho-so.pdf", b"<!doctype html><script>alert(1)</script>"),
            Err(UploadError::UnknownType)
        );
        assert!(matches!(
            check("to.pdf", &vec![b'%'; MAX_BYTES + 1]),
            Err(UploadError::TooLarge { .. })
        ));
        assert_eq!(
            check("bom.png", &samples::png(60_000, 60_000)),
            Err(UploadError::ImageTooBig {
                width: 60_000,
                height: 60_000
            })
        );
        assert_eq!(
            check("bom.jpg", &samples::jpeg(10_000, 9_000)),
            Err(UploadError::ImageTooBig {
                width: 10_000,
                height: 9_000
            })
        );
        assert_eq!(
            check("hong.png", b"\x89PNG\r\n\x1a\nxx"),
            Err(UploadError::BrokenImage)
        );
        assert_eq!(check("rong.pdf", b""), Err(UploadError::Empty));
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(
            safe_name("C:\\tài liệu\\phiếu \"kiểm nghiệm\".pdf"),
            "phiếu kiểm nghiệm.pdf"
        );
        assert_eq!(safe_name("\u{0}"), "minh-chung");
    }
}

mod kept;
pub use kept::*;
