//! Địa bàn trước sắp xếp — where a product or producer was before the
//! 1 Jul 2025 reform (its old district and commune), worked out from what a
//! record holds: what the source stated, the address the source wrote, the
//! 2025 commune through the national mapping, and the recognising authority.
//!
//! Nothing is guessed: an old unit is named only when one reading gives
//! exactly one unit, and the basis says which reading it was.

use crate::text::fold;
use serde::Serialize;

/// Căn cứ — how an old place was found, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum PlaceBasis {
    /// The source gave the old codes or names.
    Source,
    /// The address as the source wrote it.
    Address,
    /// The 2025 commune came from one old district (or one old commune).
    Mapping,
    /// "UBND huyện …" recognised it, so it was in that district.
    Authority,
}

impl PlaceBasis {
    pub fn code(self) -> &'static str {
        match self {
            Self::Source => "source",
            Self::Address => "address",
            Self::Mapping => "mapping",
            Self::Authority => "authority",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Source, Self::Address, Self::Mapping, Self::Authority]
            .into_iter()
            .find(|b| b.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Source => "theo nguồn",
            Self::Address => "theo địa chỉ trong nguồn",
            Self::Mapping => "suy từ xã, phường hiện nay theo bảng sắp xếp",
            Self::Authority => "theo cơ quan công nhận (UBND huyện)",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Source => "as the source states",
            Self::Address => "from the address in the source",
            Self::Mapping => "from today's commune through the reform mapping",
            Self::Authority => "from the recognising authority (district people's committee)",
        }
    }
}

/// An old unit the reading can name: its code, its folded bare name
/// ("duc trong", without "huyện"), and for a commune its district.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldUnit {
    pub code: String,
    pub name_folded: String,
    pub district: Option<String>,
}

/// The old units a record may lie in (districts and communes of its former
/// province, or of every province merged into today's).
#[derive(Debug, Clone, Default)]
pub struct OldUnits {
    pub districts: Vec<OldUnit>,
    pub communes: Vec<OldUnit>,
}

/// What one record holds.
#[derive(Debug, Clone, Default)]
pub struct PlaceFacts<'a> {
    pub stated_district: Option<&'a str>,
    pub stated_commune: Option<&'a str>,
    pub address: Option<&'a str>,
    pub authority: Option<&'a str>,
    /// (old district, old commune) of every piece the 2025 commune was
    /// formed from.
    pub predecessors: &'a [(String, Option<String>)],
}

/// The old place found, with how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OldPlace {
    pub district: Option<String>,
    pub commune: Option<String>,
    pub basis: Option<PlaceBasis>,
}

const DISTRICT_WORDS: [&str; 4] = ["huyen ", "thi xa ", "thanh pho ", "tp "];
const COMMUNE_WORDS: [&str; 3] = ["xa ", "phuong ", "thi tran "];

/// "huyện Đức Trọng" → (Some(district), "duc trong"); "Phú Hải" → (None, "phu hai").
fn typed_part(part: &str) -> (Option<bool>, String) {
    let f = fold(part.trim());
    let f = f.trim_start_matches("tp.").trim();
    for w in DISTRICT_WORDS {
        if let Some(rest) = f.strip_prefix(w) {
            return (Some(true), rest.trim().to_owned());
        }
    }
    for w in COMMUNE_WORDS {
        if let Some(rest) = f.strip_prefix(w) {
            return (Some(false), rest.trim().to_owned());
        }
    }
    (None, f.to_owned())
}

fn only<'a>(mut it: impl Iterator<Item = &'a OldUnit>) -> Option<&'a OldUnit> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

/// Reads an address ("xã Đức Bình, huyện Tánh Linh", "Phú Hải, Phan
/// Thiết"): the district from a part naming exactly one old district, then
/// the commune from a part naming exactly one old commune of that district.
/// A part's own word decides its level; a bare part is tried as a district
/// first. An address written with 2025 units only ("phường Phan Thiết,
/// tỉnh Lâm Đồng") names no old district and gives nothing.
pub fn read_address(address: &str, units: &OldUnits) -> OldPlace {
    let parts: Vec<(Option<bool>, String)> = address
        .split([',', ';', '-', '–'])
        .map(typed_part)
        .filter(|(_, n)| !n.is_empty())
        .collect();
    let district = parts
        .iter()
        .enumerate()
        .filter(|(_, (is_district, _))| *is_district != Some(false))
        .find_map(|(i, (_, name))| {
            only(units.districts.iter().filter(|d| d.name_folded == *name)).map(|d| (i, d))
        });
    let Some((used, district)) = district else {
        return OldPlace {
            district: None,
            commune: None,
            basis: None,
        };
    };
    let commune = parts
        .iter()
        .enumerate()
        .filter(|(i, (is_district, _))| *i != used && *is_district != Some(true))
        .find_map(|(_, (_, name))| {
            only(units.communes.iter().filter(|c| {
                c.district.as_deref() == Some(district.code.as_str()) && c.name_folded == *name
            }))
        });
    OldPlace {
        district: Some(district.code.clone()),
        commune: commune.map(|c| c.code.clone()),
        basis: Some(PlaceBasis::Address),
    }
}

/// The district named by "UBND huyện …" (or "UBND thị xã …").
pub fn read_authority(authority: &str, units: &OldUnits) -> Option<String> {
    let f = fold(authority);
    let body = f
        .trim()
        .strip_prefix("ubnd ")
        .or_else(|| f.trim().strip_prefix("uy ban nhan dan "))?;
    let name = ["huyen ", "thi xa "]
        .iter()
        .find_map(|w| body.strip_prefix(w))?
        .trim();
    only(units.districts.iter().filter(|d| d.name_folded == name)).map(|d| d.code.clone())
}

/// The old place of one record: the strongest reading that names a unit.
/// A weaker reading fills the commune only when it agrees on the district.
pub fn place_before_reform(facts: &PlaceFacts<'_>, units: &OldUnits) -> OldPlace {
    if facts.stated_district.is_some() || facts.stated_commune.is_some() {
        let district = facts.stated_district.map(str::to_owned).or_else(|| {
            let c = facts.stated_commune?;
            units
                .communes
                .iter()
                .find(|u| u.code == c)
                .and_then(|u| u.district.clone())
        });
        return OldPlace {
            district,
            commune: facts.stated_commune.map(str::to_owned),
            basis: Some(PlaceBasis::Source),
        };
    }
    let from_address = facts.address.map(|a| read_address(a, units));
    if let Some(p) = from_address.filter(|p| p.district.is_some()) {
        // The mapping may still give the commune the address left out.
        let commune = p
            .commune
            .clone()
            .or_else(|| single_commune(facts.predecessors, p.district.as_deref()));
        return OldPlace { commune, ..p };
    }
    let districts: Vec<&String> = unique(facts.predecessors.iter().map(|(d, _)| d));
    if let [district] = districts.as_slice() {
        return OldPlace {
            district: Some((*district).clone()),
            commune: single_commune(facts.predecessors, Some(district)),
            basis: Some(PlaceBasis::Mapping),
        };
    }
    if let Some(district) = facts.authority.and_then(|a| read_authority(a, units)) {
        return OldPlace {
            commune: single_commune(facts.predecessors, Some(&district)),
            district: Some(district),
            basis: Some(PlaceBasis::Authority),
        };
    }
    OldPlace {
        district: None,
        commune: None,
        basis: None,
    }
}

/// Cùng địa bàn — every unit, old or new, whose area a record lies in or
/// overlaps: its own codes; the old districts and communes its 2025 commune
/// was formed from; the 2025 communes its old commune became part of. A
/// search or filter by any of them finds the record (the succession table
/// read both ways).
pub fn area_codes(
    own: [Option<&str>; 3],
    predecessors: &[(String, Option<String>)],
    successors: &[String],
) -> Vec<String> {
    let mut codes: Vec<String> = own.into_iter().flatten().map(str::to_owned).collect();
    for (district, commune) in predecessors {
        codes.push(district.clone());
        codes.extend(commune.iter().cloned());
    }
    codes.extend(successors.iter().cloned());
    codes.sort();
    codes.dedup();
    codes
}

/// The one old commune of `district` the 2025 commune was formed from, if
/// only one was.
fn single_commune(
    predecessors: &[(String, Option<String>)],
    district: Option<&str>,
) -> Option<String> {
    let communes: Vec<&String> = unique(
        predecessors
            .iter()
            .filter(|(d, _)| Some(d.as_str()) == district)
            .filter_map(|(_, c)| c.as_ref()),
    );
    match communes.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

fn unique<'a>(it: impl Iterator<Item = &'a String>) -> Vec<&'a String> {
    let mut v: Vec<&String> = it.collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests;
