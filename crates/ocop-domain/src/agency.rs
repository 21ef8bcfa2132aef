//! Sở, ngành — the provincial departments and the product groups each leads.
//!
//! The mapping is configuration (stored, editable per province); [`default_lead`]
//! is only the starting point taken from directive 4276/UBND-NNTNMT and the
//! lead ministries of Decision 148/QĐ-TTg.

/// Nhóm sản phẩm OCOP — the six national product groups (I–VI) of 148/2023.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum ProductGroup {
    /// I. Thực phẩm
    Food,
    /// II. Đồ uống
    Beverage,
    /// III. Thảo dược
    Herbal,
    /// IV. Thủ công mỹ nghệ (lưu niệm, nội thất, trang trí, vải và may mặc)
    Handicraft,
    /// V. Sinh vật cảnh
    Ornamental,
    /// VI. Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch
    Tourism,
}

impl ProductGroup {
    pub const ALL: [Self; 6] = [
        Self::Food,
        Self::Beverage,
        Self::Herbal,
        Self::Handicraft,
        Self::Ornamental,
        Self::Tourism,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Food => "I",
            Self::Beverage => "II",
            Self::Herbal => "III",
            Self::Handicraft => "IV",
            Self::Ornamental => "V",
            Self::Tourism => "VI",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Food => "Thực phẩm",
            Self::Beverage => "Đồ uống",
            Self::Herbal => "Thảo dược",
            Self::Handicraft => "Thủ công mỹ nghệ",
            Self::Ornamental => "Sinh vật cảnh",
            Self::Tourism => "Dịch vụ du lịch cộng đồng",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Food => "Food",
            Self::Beverage => "Beverages",
            Self::Herbal => "Herbal products",
            Self::Handicraft => "Handicrafts",
            Self::Ornamental => "Ornamental plants and animals",
            Self::Tourism => "Community tourism services",
        }
    }

    pub fn parse_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.code() == s)
    }

    /// Reads the group as the source datasets write it: `"Thực phẩm (cà phê)"`,
    /// `"Đồ uống"`, `"Thảo dược"`, `"Vải và may mặc"` … Unknown text gives `None`.
    pub fn from_label(label: &str) -> Option<Self> {
        let f = crate::text::fold(label);
        let head = f.split('(').next().unwrap_or_default().trim();
        match head {
            "thuc pham" => Some(Self::Food),
            "do uong" => Some(Self::Beverage),
            "thao duoc" => Some(Self::Herbal),
            "thu cong my nghe"
            | "vai va may mac"
            | "luu niem - noi that - trang tri"
            | "luu niem, noi that, trang tri" => Some(Self::Handicraft),
            "sinh vat canh" => Some(Self::Ornamental),
            h if h.starts_with("dich vu du lich") || h.starts_with("du lich") => {
                Some(Self::Tourism)
            }
            _ => None,
        }
    }
}

/// A provincial department (Sở) that leads some product groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Agency {
    /// Sở Nông nghiệp và Môi trường — the standing OCOP office.
    AgricultureEnvironment,
    /// Sở Công Thương
    IndustryTrade,
    /// Sở Y tế
    Health,
    /// Sở Văn hóa, Thể thao và Du lịch
    CultureSportsTourism,
    /// Sở Khoa học và Công nghệ
    ScienceTechnology,
}

impl Agency {
    pub const ALL: [Self; 5] = [
        Self::AgricultureEnvironment,
        Self::IndustryTrade,
        Self::Health,
        Self::CultureSportsTourism,
        Self::ScienceTechnology,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::AgricultureEnvironment => "NNMT",
            Self::IndustryTrade => "CT",
            Self::Health => "YT",
            Self::CultureSportsTourism => "VHTTDL",
            Self::ScienceTechnology => "KHCN",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::AgricultureEnvironment => "Sở Nông nghiệp và Môi trường",
            Self::IndustryTrade => "Sở Công Thương",
            Self::Health => "Sở Y tế",
            Self::CultureSportsTourism => "Sở Văn hóa, Thể thao và Du lịch",
            Self::ScienceTechnology => "Sở Khoa học và Công nghệ",
        }
    }
}

/// The department that leads a group by default (directive 4276, §2–§5).
pub fn default_lead(group: ProductGroup) -> Agency {
    match group {
        ProductGroup::Food | ProductGroup::Ornamental => Agency::AgricultureEnvironment,
        ProductGroup::Beverage => Agency::IndustryTrade,
        ProductGroup::Herbal => Agency::Health,
        ProductGroup::Handicraft => Agency::ScienceTechnology,
        ProductGroup::Tourism => Agency::CultureSportsTourism,
    }
}

/// The criteria sets (148/2023 numbering) that directive 4276 gives to a
/// department other than their group's: processed food — fast food, from
/// cereals, from fruit and vegetables, from meat, eggs, milk and honey
/// (sets 5–8) — goes to Industry and Trade (§2: "thực phẩm chế biến, đồ
/// uống"); drinks are group II, already Industry and Trade's.
pub const DEFAULT_SET_LEADS: [(u8, Agency); 4] = [
    (5, Agency::IndustryTrade),
    (6, Agency::IndustryTrade),
    (7, Agency::IndustryTrade),
    (8, Agency::IndustryTrade),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dataset_labels() {
        assert_eq!(
            ProductGroup::from_label("Thực phẩm (cà phê)"),
            Some(ProductGroup::Food)
        );
        assert_eq!(
            ProductGroup::from_label("Đồ uống"),
            Some(ProductGroup::Beverage)
        );
        assert_eq!(
            ProductGroup::from_label("Thảo dược"),
            Some(ProductGroup::Herbal)
        );
        assert_eq!(
            ProductGroup::from_label("Vải và may mặc"),
            Some(ProductGroup::Handicraft)
        );
        assert_eq!(ProductGroup::from_label("Máy móc"), None);
    }

    #[test]
    fn every_group_has_a_lead_and_a_unique_code() {
        let codes: std::collections::HashSet<_> =
            ProductGroup::ALL.iter().map(|g| g.code()).collect();
        assert_eq!(codes.len(), 6);
        assert_eq!(
            default_lead(ProductGroup::Tourism),
            Agency::CultureSportsTourism
        );
        for g in ProductGroup::ALL {
            assert_eq!(ProductGroup::parse_code(g.code()), Some(g));
        }
    }
}

/// Sở chủ trì — who leads a product: a department named for its criteria
/// set (or sub-group) when the province assigned one, else the department
/// of its group. Directive 4276/UBND-NNTNMT §2 gives processed food and
/// drinks to Industry and Trade although processed food is group I.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leads {
    /// (group code, agency code, agency name)
    pub by_group: Vec<(String, String, String)>,
    /// (criteria set id, agency code, agency name)
    pub by_set: Vec<(String, String, String)>,
}

impl Leads {
    /// The leading department's (code, name) for a product.
    pub fn lead_of(&self, criteria_set: Option<&str>, group: Option<&str>) -> Option<(&str, &str)> {
        let by_set = criteria_set.and_then(|s| self.by_set.iter().find(|(id, _, _)| id == s));
        let by_group = || group.and_then(|g| self.by_group.iter().find(|(code, _, _)| code == g));
        by_set
            .or_else(by_group)
            .map(|(_, code, name)| (code.as_str(), name.as_str()))
    }

    /// The leading department's name, or "Chưa phân công".
    pub fn lead_name(&self, criteria_set: Option<&str>, group: Option<&str>) -> String {
        self.lead_of(criteria_set, group)
            .map_or_else(|| "Chưa phân công".to_owned(), |(_, name)| name.to_owned())
    }
}

#[cfg(test)]
mod leads_tests {
    use super::Leads;

    #[test]
    fn a_set_assignment_wins_over_the_group() {
        let t = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
        let leads = Leads {
            by_group: vec![
                t("I", "NNMT", "Sở Nông nghiệp và Môi trường"),
                t("II", "CT", "Sở Công Thương"),
            ],
            by_set: vec![t("qd148-2023-07", "CT", "Sở Công Thương")],
        };
        // Processed from fruit (set 7) is group I, led by Industry and Trade.
        assert_eq!(
            leads.lead_of(Some("qd148-2023-07"), Some("I")),
            Some(("CT", "Sở Công Thương"))
        );
        // Coffee (set 13), group I: Agriculture.
        assert_eq!(
            leads.lead_of(Some("qd148-2023-13"), Some("I")).map(|l| l.0),
            Some("NNMT")
        );
        assert_eq!(leads.lead_name(None, Some("VI")), "Chưa phân công");
    }
}
