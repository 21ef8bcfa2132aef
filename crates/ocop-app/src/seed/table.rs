//! Reading a shipped CSV file with errors that name the file, line and column.

use csv::StringRecord;
use std::fmt;

/// A problem in a data file, or in storing it.
#[derive(Debug)]
pub enum SeedError {
    /// The file itself is wrong at a place.
    Data {
        file: &'static str,
        line: u64,
        column: String,
        reason: String,
    },
    Store(ocop_store::StoreError),
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Data {
                file,
                line,
                column,
                reason,
            } => {
                write!(
                    f,
                    "tệp dữ liệu {file}, dòng {line}, cột \"{column}\": {reason}"
                )
            }
            Self::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SeedError {}

impl From<ocop_store::StoreError> for SeedError {
    fn from(e: ocop_store::StoreError) -> Self {
        Self::Store(e)
    }
}

/// A parsed CSV file.
pub struct Table {
    file: &'static str,
    text: String,
    headers: StringRecord,
    records: Vec<StringRecord>,
}

impl Table {
    pub fn parse(file: &'static str, text: &str) -> Result<Self, SeedError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| csv_error(file, text, &e))?
            .clone();
        let records = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| csv_error(file, text, &e))?;
        Ok(Self {
            file,
            text: text.to_owned(),
            headers,
            records,
        })
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |rec| Row { table: self, rec })
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }
}

fn csv_error(file: &'static str, text: &str, e: &csv::Error) -> SeedError {
    SeedError::Data {
        file,
        line: e
            .position()
            .map_or(0, |p| ocop_domain::text::line_at(text, p.byte())),
        column: String::new(),
        reason: e.to_string(),
    }
}

/// One record, read by column name.
pub struct Row<'a> {
    table: &'a Table,
    rec: &'a StringRecord,
}

impl Row<'_> {
    fn line(&self) -> u64 {
        self.rec.position().map_or(0, |p| {
            ocop_domain::text::line_at(&self.table.text, p.byte())
        })
    }

    pub fn error(&self, column: &str, reason: impl Into<String>) -> SeedError {
        SeedError::Data {
            file: self.table.file,
            line: self.line(),
            column: column.to_owned(),
            reason: reason.into(),
        }
    }

    fn raw(&self, column: &str) -> Result<&str, SeedError> {
        let idx = self
            .table
            .headers
            .iter()
            .position(|h| h == column)
            .ok_or_else(|| self.error(column, "thiếu cột này trong tệp"))?;
        Ok(self.rec.get(idx).unwrap_or_default().trim())
    }

    /// A required, non-empty cell, normalised to NFC.
    pub fn text(&self, column: &str) -> Result<String, SeedError> {
        match self.raw(column)? {
            "" => Err(self.error(column, "ô bắt buộc đang trống")),
            v => Ok(ocop_domain::text::nfc(v)),
        }
    }

    /// An optional cell: empty means unknown.
    pub fn opt(&self, column: &str) -> Result<Option<String>, SeedError> {
        Ok(Some(self.raw(column)?)
            .filter(|v| !v.is_empty())
            .map(ocop_domain::text::nfc))
    }

    pub fn opt_int(&self, column: &str) -> Result<Option<i64>, SeedError> {
        self.opt(column)?
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| self.error(column, format!("\"{v}\" không phải số nguyên")))
            })
            .transpose()
    }
}
