//! Gói hồ sơ — several documents in one ZIP file (the dossier sent to the
//! ministry), and the container every Office Open XML file is.

use crate::DocsError;
use std::io::Write as _;

/// The files, in order, deflated into one ZIP archive. Names are UTF-8 (the
/// archive says so), so Vietnamese names survive.
pub fn zip_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Vec<u8>, DocsError> {
    let zip_err = |e: &dyn std::fmt::Display| DocsError::Zip(e.to_string());
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts: zip::write::SimpleFileOptions = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in files {
            zip.start_file(name, opts).map_err(|e| zip_err(&e))?;
            zip.write_all(content).map_err(|e| zip_err(&e))?;
        }
        zip.finish().map_err(|e| zip_err(&e))?;
    }
    Ok(buf.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    #[test]
    fn every_file_comes_back_with_its_vietnamese_name() {
        let bytes = super::zip_files([
            ("hồ-sơ.txt", "Cà phê bột Đắk Đam".as_bytes()),
            ("phiếu.pdf", b"%PDF-1.7".as_slice()),
        ])
        .unwrap_or_default();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(z.len(), 2);
        let mut text = String::new();
        z.by_name("hồ-sơ.txt")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap_or_default();
        assert_eq!(text, "Cà phê bột Đắk Đam");
    }
}
