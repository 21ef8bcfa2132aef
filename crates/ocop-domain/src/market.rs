//! Nơi bán — where a product can be bought: points of sale (điểm bán) and
//! links to its shop on a marketplace (sàn thương mại điện tử).

use thiserror::Error;

/// A kind of point of sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointOfSaleKind {
    /// Điểm giới thiệu và bán sản phẩm OCOP (the province's OCOP shops).
    OcopShop,
    /// Cửa hàng, đại lý.
    Shop,
    /// Siêu thị.
    Supermarket,
    /// Chợ.
    Market,
    /// Tại cơ sở sản xuất.
    AtProducer,
}

impl PointOfSaleKind {
    pub const ALL: [Self; 5] = [
        Self::OcopShop,
        Self::Shop,
        Self::Supermarket,
        Self::Market,
        Self::AtProducer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::OcopShop => "ocop_shop",
            Self::Shop => "shop",
            Self::Supermarket => "supermarket",
            Self::Market => "market",
            Self::AtProducer => "at_producer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::OcopShop => "Điểm giới thiệu và bán sản phẩm OCOP",
            Self::Shop => "Cửa hàng, đại lý",
            Self::Supermarket => "Siêu thị",
            Self::Market => "Chợ",
            Self::AtProducer => "Tại cơ sở sản xuất",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::OcopShop => "OCOP showroom",
            Self::Shop => "Shop or agent",
            Self::Supermarket => "Supermarket",
            Self::Market => "Market",
            Self::AtProducer => "At the producer",
        }
    }
}

/// A marketplace a product is sold on, known by its web address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marketplace {
    Shopee,
    Lazada,
    Tiki,
    /// Postmart (Vietnam Post).
    Postmart,
    /// Voso (Viettel Post).
    Voso,
    TikTokShop,
    /// The producer's own website or another shop.
    Website,
}

impl Marketplace {
    pub fn code(self) -> &'static str {
        match self {
            Self::Shopee => "shopee",
            Self::Lazada => "lazada",
            Self::Tiki => "tiki",
            Self::Postmart => "postmart",
            Self::Voso => "voso",
            Self::TikTokShop => "tiktok",
            Self::Website => "website",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Shopee => "Shopee",
            Self::Lazada => "Lazada",
            Self::Tiki => "Tiki",
            Self::Postmart => "Postmart",
            Self::Voso => "Voso",
            Self::TikTokShop => "TikTok Shop",
            Self::Website => "Website",
        }
    }

    pub fn parse_code(s: &str) -> Option<Self> {
        [
            Self::Shopee,
            Self::Lazada,
            Self::Tiki,
            Self::Postmart,
            Self::Voso,
            Self::TikTokShop,
            Self::Website,
        ]
        .into_iter()
        .find(|m| m.code() == s)
    }

    fn from_host(host: &str) -> Self {
        let is = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
        if is("shopee.vn") {
            Self::Shopee
        } else if is("lazada.vn") {
            Self::Lazada
        } else if is("tiki.vn") {
            Self::Tiki
        } else if is("postmart.vn") {
            Self::Postmart
        } else if is("voso.vn") {
            Self::Voso
        } else if is("tiktok.com") {
            Self::TikTokShop
        } else {
            Self::Website
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MarketError {
    #[error("Địa chỉ liên kết phải bắt đầu bằng https:// (ví dụ https://shopee.vn/ten-gian-hang).")]
    NotHttps,
    #[error("Địa chỉ liên kết không hợp lệ.")]
    Malformed,
    #[error("Địa chỉ liên kết quá dài (tối đa 500 ký tự).")]
    TooLong,
}

/// A checked shop link: https only (a buyer's browser must not be sent to a
/// plain-text page), with the marketplace read from the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketplaceLink {
    pub marketplace: Marketplace,
    pub url: String,
}

impl MarketplaceLink {
    pub fn parse(typed: &str) -> Result<Self, MarketError> {
        let url = typed.trim();
        if url.len() > 500 {
            return Err(MarketError::TooLong);
        }
        let rest = url
            .get(..8)
            .filter(|p| p.eq_ignore_ascii_case("https://"))
            .map(|_| &url[8..])
            .ok_or(MarketError::NotHttps)?;
        let host = rest
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let host_ok = !host.is_empty()
            && host.contains('.')
            && !host.contains('@')
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':');
        if !host_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(MarketError::Malformed);
        }
        Ok(Self {
            marketplace: Marketplace::from_host(host.split(':').next().unwrap_or_default()),
            url: url.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marketplaces_are_read_from_the_host_not_the_path() {
        let m = |u: &str| MarketplaceLink::parse(u).map(|l| l.marketplace);
        assert_eq!(m("https://shopee.vn/caphe.dakmil"), Ok(Marketplace::Shopee));
        assert_eq!(m("https://www.lazada.vn/shop/x"), Ok(Marketplace::Lazada));
        assert_eq!(m("https://tiki.vn/p/123"), Ok(Marketplace::Tiki));
        assert_eq!(m("https://postmart.vn/x"), Ok(Marketplace::Postmart));
        assert_eq!(m("https://voso.vn/x"), Ok(Marketplace::Voso));
        assert_eq!(m("https://example.com/shopee.vn"), Ok(Marketplace::Website));
        assert_eq!(
            m("https://shopee.vn.evil.example/x"),
            Ok(Marketplace::Website)
        );
    }

    #[test]
    fn unsafe_links_are_refused() {
        assert_eq!(
            MarketplaceLink::parse("http://shopee.vn/x"),
            Err(MarketError::NotHttps)
        );
        assert_eq!(
            MarketplaceLink::parse("javascript:alert(1)"),
            Err(MarketError::NotHttps)
        );
        assert_eq!(
            MarketplaceLink::parse("https://user@shopee.vn/"),
            Err(MarketError::Malformed)
        );
        assert_eq!(
            MarketplaceLink::parse("https:///x"),
            Err(MarketError::Malformed)
        );
        assert_eq!(
            MarketplaceLink::parse("https://a b.vn"),
            Err(MarketError::Malformed)
        );
    }
}

/// Sự kiện — a trade-promotion event the office lists on the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Hội chợ.
    Fair,
    /// Triển lãm, trưng bày.
    Exhibition,
    /// Hội nghị xúc tiến thương mại, kết nối cung cầu.
    TradePromotion,
    /// Lễ hội, tuần lễ sản phẩm.
    Festival,
}

impl EventKind {
    pub const ALL: [Self; 4] = [
        Self::Fair,
        Self::Exhibition,
        Self::TradePromotion,
        Self::Festival,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Fair => "fair",
            Self::Exhibition => "exhibition",
            Self::TradePromotion => "trade_promotion",
            Self::Festival => "festival",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Fair => "Hội chợ",
            Self::Exhibition => "Triển lãm, trưng bày",
            Self::TradePromotion => "Xúc tiến thương mại, kết nối cung cầu",
            Self::Festival => "Lễ hội, tuần lễ sản phẩm",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Fair => "Fair",
            Self::Exhibition => "Exhibition",
            Self::TradePromotion => "Trade promotion",
            Self::Festival => "Festival",
        }
    }
}

/// Where sales were made, for producers' monthly figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SalesChannel {
    /// Hội chợ, sự kiện.
    Fair,
    /// Điểm bán, cửa hàng.
    PointOfSale,
    /// Sàn thương mại điện tử.
    Marketplace,
    /// Khác (đại lý, xuất khẩu…).
    Other,
}

impl SalesChannel {
    pub const ALL: [Self; 4] = [
        Self::Fair,
        Self::PointOfSale,
        Self::Marketplace,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Fair => "fair",
            Self::PointOfSale => "point_of_sale",
            Self::Marketplace => "marketplace",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Fair => "Hội chợ, sự kiện",
            Self::PointOfSale => "Điểm bán, cửa hàng",
            Self::Marketplace => "Sàn thương mại điện tử",
            Self::Other => "Kênh khác",
        }
    }
}
