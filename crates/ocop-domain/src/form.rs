//! Errors tied to the form field that caused them, so a page can show each
//! message next to its field and keep everything the user typed.

use std::fmt;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
    /// The same in English, where the rule that raised it says it (the
    /// English pages fall back to the Vietnamese otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_en: Option<String>,
}

/// A refusal that can say itself in English too (its `Display` is the
/// Vietnamese).
pub trait English {
    fn english(&self) -> String;
}

/// All the problems of a form at once (not just the first).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push(FieldError {
            field,
            message: message.into(),
            message_en: None,
        });
    }

    /// Records a problem in both languages.
    pub fn add_both(&mut self, field: &'static str, vi: impl Into<String>, en: impl Into<String>) {
        self.0.push(FieldError {
            field,
            message: vi.into(),
            message_en: Some(en.into()),
        });
    }

    /// [`FieldErrors::check`] for an error that says itself in English too.
    pub fn check_both<T, E: fmt::Display + English>(
        &mut self,
        field: &'static str,
        result: Result<T, E>,
    ) -> Option<T> {
        result
            .map_err(|e| self.add_both(field, e.to_string(), e.english()))
            .ok()
    }

    /// The message for `field` in the page's language.
    pub fn get_in(&self, field: &str, english: bool) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| match (english, e.message_en.as_deref()) {
                (true, Some(en)) => en,
                _ => e.message.as_str(),
            })
    }

    /// Keeps the value of `result`, or records its error under `field`.
    pub fn check<T, E: fmt::Display>(
        &mut self,
        field: &'static str,
        result: Result<T, E>,
    ) -> Option<T> {
        result.map_err(|e| self.add(field, e.to_string())).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for FieldErrors {}
