//! Ảnh sản phẩm — product photos, made safe to publish.
//!
//! An upload is trusted for nothing: its format is read from its bytes (not
//! its name), its declared size is checked against limits *before* any pixel
//! is decoded (a few kilobytes of PNG can claim gigabytes of pixels), and it
//! is decoded in full, so a truncated or disguised file is refused. What is
//! published is re-encoded from the pixels: camera metadata (EXIF, GPS
//! position of a farmer's house, XMP) cannot survive, and each photo comes in
//! a few widths for `srcset`.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;
use thiserror::Error;

/// Upload limits.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// 32 megapixels: more than a phone camera's usual 12 MP (or a 24 MP
/// camera); a bomb claims far more. At most [`BYTES_PER_PIXEL`] bytes each
/// while decoding, so one photo never needs more than about 230 MB.
pub const MAX_PIXELS: u64 = 32_000_000;
/// Peak bytes per pixel while a photo is processed: the decoded RGBA (4) and
/// the flattened RGB (3); the resized copies are small beside them.
pub const BYTES_PER_PIXEL: u64 = 7;
pub const MAX_SIDE: u32 = 12_000;
/// Widths published for responsive pages (never enlarged beyond the original).
pub const WIDTHS: [u32; 3] = [400, 800, 1600];

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MediaError {
    #[error("Tệp rỗng.")]
    Empty,
    #[error("Tệp lớn quá 10 MB.")]
    TooLarge,
    #[error("Tệp không phải ảnh JPEG, PNG hay WebP (đã kiểm tra nội dung tệp, không dựa vào tên).")]
    NotAnImage,
    #[error(
        "Ảnh có kích thước {width}×{height} điểm ảnh, vượt giới hạn {MAX_SIDE} điểm mỗi chiều hoặc 32 triệu điểm ảnh; hãy chụp ở chế độ thường hoặc thu nhỏ ảnh."
    )]
    TooManyPixels { width: u32, height: u32 },
    #[error("Ảnh bị hỏng hoặc không đọc được hết.")]
    Corrupt,
    #[error("Không tạo được ảnh thu nhỏ.")]
    Encode,
}

/// One published size of a photo, as JPEG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
}

/// A photo ready to publish: its sizes, smallest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub width: u32,
    pub height: u32,
    pub variants: Vec<Variant>,
}

fn format_of(bytes: &[u8]) -> Result<ImageFormat, MediaError> {
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(f),
        _ => Err(MediaError::NotAnImage),
    }
}

/// Reads only the header: the photo's declared size, refused when over the
/// limits. What [`process`] will cost is `width × height ×`
/// [`BYTES_PER_PIXEL`], known before anything is decoded.
pub fn dimensions(bytes: &[u8]) -> Result<(u32, u32), MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(MediaError::TooLarge);
    }
    let format = format_of(bytes)?;
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| MediaError::Corrupt)?;
    if width == 0
        || height == 0
        || width > MAX_SIDE
        || height > MAX_SIDE
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(MediaError::TooManyPixels { width, height });
    }
    Ok((width, height))
}

/// Checks, decodes and re-encodes an uploaded photo.
pub fn process(bytes: &[u8]) -> Result<Photo, MediaError> {
    // Header first: the declared size decides before any allocation.
    dimensions(bytes)?;
    let format = format_of(bytes)?;
    // JPEG decoders fill a cut-off file with grey rather than fail; a whole
    // JPEG ends with its end-of-image marker (padding aside).
    if format == ImageFormat::Jpeg {
        let end = bytes.iter().rposition(|b| *b != 0).unwrap_or(0);
        if end < 1 || bytes[end - 1..=end] != [0xFF, 0xD9] {
            return Err(MediaError::Corrupt);
        }
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // RGBA at the pixel limit, with room for the decoder's own buffers.
    limits.max_alloc = Some(MAX_PIXELS * 4 + 32 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| MediaError::Corrupt)?;
    // A phone photo taken sideways carries its turn in EXIF; apply it before
    // the metadata is dropped, so the published picture stands upright.
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| MediaError::Corrupt)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let flat = flatten(img);
    let (w, h) = (flat.width(), flat.height());
    let mut variants = Vec::new();
    for target in WIDTHS {
        let last = variants.last().map(|v: &Variant| v.width);
        let width = target.min(w);
        if last == Some(width) {
            continue;
        }
        if width == w {
            variants.push(Variant {
                width: w,
                height: h,
                jpeg: jpeg(&flat)?,
            });
            continue;
        }
        let resized = {
            let height = (u64::from(h) * u64::from(width) / u64::from(w)).max(1);
            image::imageops::resize(
                &flat,
                width,
                u32::try_from(height).unwrap_or(1),
                image::imageops::FilterType::Triangle,
            )
        };
        variants.push(Variant {
            width: resized.width(),
            height: resized.height(),
            jpeg: jpeg(&resized)?,
        });
    }
    Ok(Photo {
        width: w,
        height: h,
        variants,
    })
}

/// RGB on white: JPEG has no transparency, and a transparent PNG must not
/// turn black.
fn flatten(img: DynamicImage) -> image::RgbImage {
    // Without transparency the pixels are taken as they are (no copy when
    // already RGB, as every JPEG is).
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    let mut out = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let mix = |c: u8| u8::try_from((u16::from(c) * a + 255 * (255 - a)) / 255).unwrap_or(255);
        out.put_pixel(x, y, image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])]));
    }
    out
}

fn jpeg(img: &image::RgbImage) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
    img.write_with_encoder(encoder)
        .map_err(|_| MediaError::Encode)?;
    Ok(out)
}

pub mod hostile;

#[cfg(test)]
mod tests;
