//! A Word document (.docx) built by hand: WordprocessingML is a few XML
//! files in a zip, and the report needs only paragraphs (bold, centred,
//! italic) and tables, in Times New Roman 13–14 pt as Decree 30 asks. Word
//! and LibreOffice open it for editing and signing.

use crate::DocsError;

/// A piece of the document.
pub enum Block {
    /// Text with: bold, italic, centred, size in points.
    Para {
        text: String,
        bold: bool,
        italic: bool,
        centred: bool,
        size: u32,
    },
    /// Rows of cells; the first row is the header (bold) when `header`.
    Table {
        rows: Vec<Vec<String>>,
        header: bool,
        borders: bool,
    },
}

impl Block {
    pub fn text(t: impl Into<String>) -> Self {
        Self::Para {
            text: t.into(),
            bold: false,
            italic: false,
            centred: false,
            size: 13,
        }
    }

    pub fn heading(t: impl Into<String>) -> Self {
        Self::Para {
            text: t.into(),
            bold: true,
            italic: false,
            centred: false,
            size: 13,
        }
    }

    pub fn centred(t: impl Into<String>, bold: bool, italic: bool, size: u32) -> Self {
        Self::Para {
            text: t.into(),
            bold,
            italic,
            centred: true,
            size,
        }
    }
}

fn run(text: &str, bold: bool, italic: bool, size: u32) -> String {
    format!(
        "<w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>{}{}<w:sz w:val=\"{}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        if bold { "<w:b/>" } else { "" },
        if italic { "<w:i/>" } else { "" },
        size * 2,
        ocop_domain::text::xml_escape(text)
    )
}

fn para(text: &str, bold: bool, italic: bool, centred: bool, size: u32) -> String {
    format!(
        "<w:p><w:pPr><w:spacing w:after=\"60\"/>{}</w:pPr>{}</w:p>",
        if centred {
            "<w:jc w:val=\"center\"/>"
        } else {
            ""
        },
        run(text, bold, italic, size)
    )
}

/// The text width of an A4 page with the margins below (11906 − 1701 − 1134).
const TEXT_WIDTH_TWIPS: usize = 9071;

fn table(rows: &[Vec<String>], header: bool, borders: bool) -> String {
    let border = if borders {
        "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders>"
    } else {
        ""
    };
    // Readers (python-docx, LibreOffice) lay a table out from its grid, so
    // every table declares one: equal columns across the text width, and
    // every row padded to the grid with empty cells.
    let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let width = TEXT_WIDTH_TWIPS / columns;
    let mut out = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/>{border}<w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
    );
    for _ in 0..columns {
        out.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    for (i, r) in rows.iter().enumerate() {
        out.push_str("<w:tr>");
        for c in r
            .iter()
            .map(String::as_str)
            .chain(std::iter::repeat_n("", columns - r.len()))
        {
            out.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
                para(c, header && i == 0, false, !borders, 12)
            ));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

/// The .docx bytes of these blocks, on A4 with the decree's margins.
pub fn document_docx(title: &str, blocks: &[Block]) -> Result<Vec<u8>, DocsError> {
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::Para {
                text,
                bold,
                italic,
                centred,
                size,
            } => body.push_str(&para(text, *bold, *italic, *centred, *size)),
            Block::Table {
                rows,
                header,
                borders,
            } => {
                body.push_str(&table(rows, *header, *borders));
                body.push_str("<w:p/>");
            }
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
         <w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr>\
         </w:body></w:document>"
    );
    let files: [(&str, String); 4] = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
             <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
             </Types>"
                .to_owned(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
             <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
             </Relationships>"
                .to_owned(),
        ),
        (
            "docProps/core.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
                 <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
                 <dc:title>{}</dc:title><dc:language>vi-VN</dc:language></cp:coreProperties>",
                ocop_domain::text::xml_escape(title)
            ),
        ),
        ("word/document.xml", document),
    ];
    crate::package::zip_files(files.iter().map(|(n, c)| (*n, c.as_bytes()))).map_err(|e| match e {
        DocsError::Zip(m) => DocsError::Docx(m),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_a_zip_with_escaped_vietnamese_text() {
        let bytes = document_docx(
            "Báo cáo",
            &[
                Block::centred("BÁO CÁO", true, false, 14),
                Block::text("Số <sản phẩm> & chủ thể"),
                Block::Table {
                    rows: vec![
                        vec!["Hạng".into(), "Số".into()],
                        vec!["4 sao".into(), "7".into()],
                    ],
                    header: true,
                    borders: true,
                },
            ],
        )
        .unwrap_or_default();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap_or_default();
        assert!(xml.contains("BÁO CÁO") && xml.contains("Số &lt;sản phẩm&gt; &amp; chủ thể"));
        assert!(xml.contains("<w:t xml:space=\"preserve\">4 sao</w:t>"));
    }
}
