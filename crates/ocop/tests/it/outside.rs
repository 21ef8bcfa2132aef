//! Readers nobody here wrote (issue #16 point 6): python-docx opens every
//! table of a Word file, openpyxl every sheet of a workbook, qpdf checks a
//! PDF's structure. CI installs them (`.ci/run`) and sets `CI`, so there a
//! missing reader fails the test instead of skipping it.

use std::io::Write as _;
use std::process::Command;

fn available(check: &mut Command, what: &str) -> bool {
    let ok = check.output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var("CI").is_err(), "CI must have {what}");
        eprintln!("SKIPPED: install {what} to read documents back");
    }
    ok
}

/// Runs a Python reader over `bytes` saved with `suffix`; its standard
/// output, or `None` when the reader is not installed. A reader that fails
/// to open the file fails the test with its message.
fn python(module: &str, script: &str, bytes: &[u8], suffix: &str) -> Option<String> {
    if !available(
        Command::new("python3").args(["-c", &format!("import {module}")]),
        &format!("the Python module {module}"),
    ) {
        return None;
    }
    let mut file = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    file.write_all(bytes).unwrap();
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{module} could not read the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Every table of a .docx as python-docx reads it: one line per row, cells
/// joined by `|`, tables separated by a blank line.
pub fn docx_tables(bytes: &[u8]) -> Option<String> {
    python(
        "docx",
        "import sys, docx\n\
         d = docx.Document(sys.argv[1])\n\
         for t in d.tables:\n\
         \x20   assert len(t.columns) > 0\n\
         \x20   for r in t.rows:\n\
         \x20       print('|'.join(c.text for c in r.cells))\n\
         \x20   print()\n",
        bytes,
        ".docx",
    )
}

/// Every sheet of an .xlsx as openpyxl reads it: `# name` then one line per
/// row, cells joined by `|` (empty cells empty).
pub fn xlsx_rows(bytes: &[u8]) -> Option<String> {
    python(
        "openpyxl",
        "import sys, openpyxl\n\
         wb = openpyxl.load_workbook(sys.argv[1])\n\
         for ws in wb.worksheets:\n\
         \x20   print('# ' + ws.title)\n\
         \x20   for r in ws.iter_rows(values_only=True):\n\
         \x20       print('|'.join('' if v is None else str(v) for v in r))\n",
        bytes,
        ".xlsx",
    )
}

/// `qpdf --check` over a PDF: `true` when it passes, `None` without qpdf.
pub fn qpdf_check(bytes: &[u8]) -> Option<bool> {
    if !available(Command::new("qpdf").arg("--version"), "qpdf") {
        return None;
    }
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(file.path())
        .output()
        .unwrap();
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stdout));
    }
    Some(out.status.success())
}

/// Fails the test when qpdf finds a structural fault in the PDF.
pub fn assert_qpdf_passes(bytes: &[u8]) {
    if let Some(ok) = qpdf_check(bytes) {
        assert!(ok, "qpdf --check failed (its report is above)");
    }
}

/// The PDF/A identification a PDF declares in its XMP metadata, as
/// poppler's `pdfinfo -meta` prints it: (part, conformance), e.g.
/// `("2", "U")`; `None` without poppler. A PDF that declares none gives
/// empty strings.
pub fn pdfa_identification(bytes: &[u8]) -> Option<(String, String)> {
    if !available(Command::new("pdfinfo").arg("-v"), "poppler-utils (pdfinfo)") {
        return None;
    }
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    let out = Command::new("pdfinfo")
        .arg("-meta")
        .arg(file.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "pdfinfo could not read the PDF");
    let xmp = String::from_utf8_lossy(&out.stdout).into_owned();
    // Written either as elements or as attributes, depending on the writer.
    let value = |name: &str| -> String {
        let element = format!("<pdfaid:{name}>");
        let attribute = format!("pdfaid:{name}=\"");
        if let Some(at) = xmp.find(&element) {
            let rest = &xmp[at + element.len()..];
            rest[..rest.find('<').unwrap_or(0)].trim().to_owned()
        } else if let Some(at) = xmp.find(&attribute) {
            let rest = &xmp[at + attribute.len()..];
            rest[..rest.find('"').unwrap_or(0)].trim().to_owned()
        } else {
            String::new()
        }
    };
    Some((value("part"), value("conformance")))
}

/// Fails the test unless the PDF declares PDF/A-2u.
pub fn assert_pdfa_2u(bytes: &[u8]) {
    if let Some(id) = pdfa_identification(bytes) {
        assert_eq!(id, ("2".to_owned(), "U".to_owned()), "PDF/A-2u declared");
    }
}
