//! Hostile inputs, for the tests and the benchmark that prove the limits:
//! files whose headers claim far more than they hold.

/// A valid PNG (signature, header, one empty data chunk, end) whose header
/// claims `width × height` RGB pixels: a few dozen bytes that a decoder
/// trusting the header would allocate gigabytes for.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// PNG's CRC-32 (ISO 3309), bit by bit: a few bytes per file, no table.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A real photo of one colour, `width × height`, as PNG: small to send,
/// the full size to decode (what a camera's picture costs the server).
pub fn solid_png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([128, 96, 64]));
    let mut out = std::io::Cursor::new(Vec::new());
    // Encoding an in-memory RGB picture into memory cannot fail but for
    // allocation, which aborts anyway.
    let _ = img.write_to(&mut out, image::ImageFormat::Png);
    out.into_inner()
}
