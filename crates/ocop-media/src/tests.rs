use super::*;

fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn photo(w: u32, h: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    }))
}

/// A JPEG with an EXIF block holding a GPS position, as a phone writes it.
fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
    let plain = encode(&photo(w, h), ImageFormat::Jpeg);
    // APP1 "Exif\0\0" with a little-endian TIFF header and a recognisable
    // payload; decoders skip it, a careless copier would publish it.
    let mut payload = b"Exif\0\0II*\0\x08\0\0\0".to_vec();
    payload.extend_from_slice(b"GPSLatitude 11.9404 GPSLongitude 108.4583 Canon EOS");
    let len = u16::try_from(payload.len() + 2).unwrap_or(0);
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&plain[2..]);
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn metadata_is_stripped_and_sizes_are_made() {
    let upload = jpeg_with_exif(2000, 1000);
    assert!(contains(&upload, b"GPSLatitude"));
    let p = process(&upload).unwrap();
    assert_eq!((p.width, p.height), (2000, 1000));
    let sizes: Vec<(u32, u32)> = p.variants.iter().map(|v| (v.width, v.height)).collect();
    assert_eq!(sizes, [(400, 200), (800, 400), (1600, 800)]);
    for v in &p.variants {
        assert!(!contains(&v.jpeg, b"GPSLatitude") && !contains(&v.jpeg, b"Exif"));
        assert_eq!(image::guess_format(&v.jpeg).ok(), Some(ImageFormat::Jpeg));
        let back = image::load_from_memory(&v.jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (v.width, v.height));
    }
}

#[test]
fn small_photos_are_not_enlarged() {
    let p = process(&encode(&photo(600, 300), ImageFormat::Png)).unwrap();
    let widths: Vec<u32> = p.variants.iter().map(|v| v.width).collect();
    assert_eq!(widths, [400, 600]);
}

#[test]
fn transparent_png_is_flattened_on_white() {
    let img = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
        10,
        10,
        image::Rgba([0, 0, 0, 0]),
    ));
    let p = process(&encode(&img, ImageFormat::Png)).unwrap();
    let back = image::load_from_memory(&p.variants[0].jpeg)
        .unwrap()
        .to_rgb8();
    assert!(
        back.get_pixel(5, 5).0.iter().all(|c| *c > 240),
        "{:?}",
        back.get_pixel(5, 5)
    );
}

/// A valid PNG header claiming 100 000 × 100 000 pixels, with almost no data.
fn png_bomb() -> Vec<u8> {
    crate::hostile::png_claiming(100_000, 100_000)
}

#[test]
fn decompression_bombs_are_refused_from_the_header() {
    let bomb = png_bomb();
    assert!(bomb.len() < 100);
    assert_eq!(
        process(&bomb),
        Err(MediaError::TooManyPixels {
            width: 100_000,
            height: 100_000
        })
    );
}

#[test]
fn disguised_and_broken_files_are_refused() {
    assert_eq!(process(b""), Err(MediaError::Empty));
    assert_eq!(
        process(b"%PDF-1.7 not a photo"),
        Err(MediaError::NotAnImage)
    );
    assert_eq!(
        process(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        Err(MediaError::NotAnImage)
    );
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
    assert_eq!(
        process(gif),
        Err(MediaError::NotAnImage),
        "GIF is not accepted"
    );
    let jpeg = encode(&photo(300, 200), ImageFormat::Jpeg);
    assert!(matches!(
        process(&jpeg[..jpeg.len() / 2]),
        Err(MediaError::Corrupt)
    ));
    let png = encode(&photo(300, 200), ImageFormat::Png);
    assert!(matches!(
        process(&png[..png.len() / 2]),
        Err(MediaError::Corrupt)
    ));
    let mut huge = vec![0u8; MAX_BYTES + 1];
    huge[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    assert_eq!(process(&huge), Err(MediaError::TooLarge));
}
