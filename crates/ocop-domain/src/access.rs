//! Vai trò và quyền — who may do what. The table is here, in one place, and a
//! test calls every back-office route as every role against it.

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

/// Where a producer is and what it makes, as scope checks need it.
#[derive(Debug, Clone, Default)]
pub struct ProducerScope<'a> {
    pub producer_id: i64,
    pub province_code: &'a str,
    pub commune_code_2025: Option<&'a str>,
    pub district_codes_pre2025: Vec<&'a str>,
    /// The department leading each of its products (by set, else group:
    /// [`crate::agency::Leads::lead_of`]).
    pub product_departments: Vec<&'a str>,
}

/// The signed-in person's reach.
#[derive(Debug, Clone, Default)]
pub struct UserScope<'a> {
    pub province_code: &'a str,
    pub commune_code: Option<&'a str>,
    pub district_code: Option<&'a str>,
    /// The person's department (sở, ngành).
    pub agency: Option<&'a str>,
    pub producer_id: Option<i64>,
}

/// Who may read a dossier still being written (Đang soạn): its producer,
/// the commune's officer (the procedure lets the commune submit on the
/// producer's behalf) and the office. Councils, advisers and departments
/// see a dossier once it is submitted; each is further limited by scope.
pub fn may_read_draft(role: Role) -> bool {
    matches!(
        role,
        Role::Admin | Role::Office | Role::Producer | Role::Commune
    )
}

/// Who may see who sits on a round's council and advisory group: the office
/// and the people seated in that round. The assessed (producers), communes
/// and departments do not learn their assessors' names from the platform.
pub fn may_see_council(role: Role, seated_in_round: bool) -> bool {
    match role {
        Role::Admin | Role::Office => true,
        Role::Council | Role::Advisory => seated_in_round,
        Role::Department | Role::Commune | Role::Producer => false,
    }
}

/// May this person see this producer's back-office record?
pub fn may_view_producer(role: Role, user: &UserScope<'_>, p: &ProducerScope<'_>) -> bool {
    if !role.can(Permission::ViewProducer) || user.province_code != p.province_code {
        return false;
    }
    match role {
        Role::Admin | Role::Office => true,
        Role::Department => user
            .agency
            .is_some_and(|a| p.product_departments.contains(&a)),
        Role::Commune => {
            user.commune_code
                .is_some_and(|c| p.commune_code_2025 == Some(c))
                || user
                    .district_code
                    .is_some_and(|d| p.district_codes_pre2025.contains(&d))
        }
        Role::Producer => user.producer_id == Some(p.producer_id),
        Role::Council | Role::Advisory => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn producer() -> ProducerScope<'static> {
        ProducerScope {
            producer_id: 7,
            province_code: "68",
            commune_code_2025: Some("24682"),
            district_codes_pre2025: vec!["663"],
            product_departments: vec!["NNMT"],
        }
    }

    #[test]
    fn every_role_round_trips() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("king"), None);
    }

    #[test]
    fn scopes_decide_who_sees_a_producer() {
        let p = producer();
        let base = UserScope {
            province_code: "68",
            ..UserScope::default()
        };
        assert!(may_view_producer(Role::Office, &base, &p));
        assert!(
            !may_view_producer(
                Role::Office,
                &UserScope {
                    province_code: "01",
                    ..base.clone()
                },
                &p
            ),
            "another province"
        );
        assert!(may_view_producer(
            Role::Department,
            &UserScope {
                agency: Some("NNMT"),
                ..base.clone()
            },
            &p
        ));
        assert!(!may_view_producer(
            Role::Department,
            &UserScope {
                agency: Some("CT"),
                ..base.clone()
            },
            &p
        ));
        assert!(may_view_producer(
            Role::Commune,
            &UserScope {
                commune_code: Some("24682"),
                ..base.clone()
            },
            &p
        ));
        assert!(may_view_producer(
            Role::Commune,
            &UserScope {
                district_code: Some("663"),
                ..base.clone()
            },
            &p
        ));
        assert!(!may_view_producer(
            Role::Commune,
            &UserScope {
                commune_code: Some("24611"),
                ..base.clone()
            },
            &p
        ));
        assert!(may_view_producer(
            Role::Producer,
            &UserScope {
                producer_id: Some(7),
                ..base.clone()
            },
            &p
        ));
        assert!(!may_view_producer(
            Role::Producer,
            &UserScope {
                producer_id: Some(8),
                ..base.clone()
            },
            &p
        ));
        assert!(!may_view_producer(Role::Council, &base, &p));
    }
}
