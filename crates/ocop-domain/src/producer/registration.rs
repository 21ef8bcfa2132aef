//! Đơn đăng ký chủ thể — where a person's application to join stands.

/// Tình trạng đơn đăng ký: waiting for the commune or the office, or decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Chờ duyệt.
    Pending,
    /// Đã duyệt: the producer and its account exist.
    Approved,
    /// Từ chối, with a reason.
    Rejected,
}

impl RegistrationStatus {
    pub const ALL: [Self; 3] = [Self::Pending, Self::Approved, Self::Rejected];

    /// As stored.
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Only a waiting application can be decided.
    pub fn is_open(self) -> bool {
        self == Self::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_code() {
        for s in RegistrationStatus::ALL {
            assert_eq!(RegistrationStatus::parse(s.code()), Some(s));
        }
        assert_eq!(RegistrationStatus::parse("Pending"), None);
        assert!(RegistrationStatus::Pending.is_open());
        assert!(!RegistrationStatus::Rejected.is_open());
    }
}
