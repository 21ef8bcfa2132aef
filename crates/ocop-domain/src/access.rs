//! Vai trò và quyền — which role may use which route. The table is here, in
//! one place, and a test calls every back-office route as every role against
//! it; whose records a permitted person then reaches is [`crate::scope`].

use serde::Serialize;

/// The roles of the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Role {
    /// Quản trị hệ thống
    Admin,
    /// Văn phòng OCOP tỉnh (Sở Nông nghiệp và Môi trường)
    Office,
    /// Cán bộ sở, ngành — scoped to the product groups its agency leads.
    Department,
    /// Cán bộ xã (or, for records before July 2025, huyện) — scoped to its area.
    Commune,
    /// Thành viên hội đồng — scoped to the rounds it is assigned to.
    Council,
    /// Tổ tư vấn — scoped to the rounds it is assigned to.
    Advisory,
    /// Chủ thể — its own organisation and products only.
    Producer,
}

/// What a route or action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Permission {
    /// Any signed-in page (dashboard, own password).
    SignedIn,
    /// Accounts: list, create, reset passwords.
    ManageAccounts,
    /// The audit log and its export.
    ViewAuditLog,
    /// Criteria versions: import and publish.
    ManageCriteria,
    /// A producer's record in the back office (further limited by scope).
    ViewProducer,
    /// Rounds and dossiers (each step further limited by role, state and scope).
    Dossiers,
    /// Creating rounds and seating their councils.
    ManageRounds,
    /// Deciding on producers' applications (further limited by commune).
    ReviewRegistrations,
    /// Adding products (a producer its own; an officer on a producer's behalf).
    ManageProducts,
    /// The portal's events and news, published by the office.
    ManagePortal,
    /// Scan statistics and warnings across the province (a producer sees
    /// its own on its traceability page, under `ViewProducer`).
    ViewScans,
    /// Choosing to publish one's own contact (a household's ID number and
    /// address) on the portal: the producer's own decision about its
    /// personal data, nobody else's.
    PublishOwnContact,
}

impl Role {
    pub const ALL: [Self; 7] = [
        Self::Admin,
        Self::Office,
        Self::Department,
        Self::Commune,
        Self::Council,
        Self::Advisory,
        Self::Producer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Office => "office",
            Self::Department => "department",
            Self::Commune => "commune",
            Self::Council => "council",
            Self::Advisory => "advisory",
            Self::Producer => "producer",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Admin => "Quản trị hệ thống",
            Self::Office => "Văn phòng OCOP tỉnh",
            Self::Department => "Cán bộ sở, ngành",
            Self::Commune => "Cán bộ xã",
            Self::Council => "Thành viên hội đồng",
            Self::Advisory => "Tổ tư vấn",
            Self::Producer => "Chủ thể",
        }
    }

    /// The permission table.
    pub fn can(self, p: Permission) -> bool {
        use Permission::*;
        match p {
            SignedIn | Dossiers => true,
            ManageAccounts | ManageCriteria => self == Self::Admin,
            ViewAuditLog | ManageRounds | ManagePortal => {
                matches!(self, Self::Admin | Self::Office)
            }
            ReviewRegistrations => matches!(self, Self::Admin | Self::Office | Self::Commune),
            ViewScans => matches!(self, Self::Admin | Self::Office | Self::Department),
            ManageProducts => matches!(
                self,
                Self::Admin | Self::Office | Self::Commune | Self::Producer
            ),
            ViewProducer => matches!(
                self,
                Self::Admin | Self::Office | Self::Department | Self::Commune | Self::Producer
            ),
            PublishOwnContact => self == Self::Producer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("king"), None);
    }
}
