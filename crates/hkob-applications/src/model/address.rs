//! Addresses, with Hong Kong's 18 districts and three regions.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::CountryCode;
use crate::invalid::Problems;

/// An address: up to four free-text lines and, in Hong Kong, the district and region.
///
/// Hong Kong addresses have no postcode; the district (one of the 18) and the region (Hong Kong
/// Island, Kowloon or the New Territories) take its place. [`Address::hong_kong`] derives the
/// region from the district, so the two cannot disagree.
///
/// The lines are checked with the rest of the application: 1 to 4 lines of 1 to 70 characters.
/// `Debug` prints only the district and country.
///
/// ```
/// use hkob_applications::{Address, District, Region};
///
/// let home = Address::hong_kong(["Flat A, 12/F, Tower 1", "8 Sun Yip Street"], District::Eastern);
/// assert_eq!(home.region(), Some(Region::HongKongIsland));
/// assert_eq!(format!("{home:?}"), "Address { lines: [redacted], district: Some(Eastern), country: HK }");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    lines: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    district: Option<District>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
    country_code: CountryCode,
}

impl Address {
    /// A Hong Kong address in `district`; the region follows from it.
    pub fn hong_kong<L: Into<String>>(
        lines: impl IntoIterator<Item = L>,
        district: District,
    ) -> Self {
        Self {
            lines: lines.into_iter().map(Into::into).collect(),
            region: Some(district.region()),
            district: Some(district),
            country_code: CountryCode::HK,
        }
    }

    /// An address outside Hong Kong (no district or region).
    pub fn overseas<L: Into<String>>(
        lines: impl IntoIterator<Item = L>,
        country: CountryCode,
    ) -> Self {
        Self {
            lines: lines.into_iter().map(Into::into).collect(),
            district: None,
            region: None,
            country_code: country,
        }
    }

    /// The address lines, first to last.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The district, for a Hong Kong address.
    pub fn district(&self) -> Option<District> {
        self.district
    }

    /// The region, for a Hong Kong address.
    pub fn region(&self) -> Option<Region> {
        self.region
    }

    /// The country or region.
    pub fn country(&self) -> CountryCode {
        self.country_code
    }

    /// Checks the lines, and for Hong Kong the district and region, under `field`.
    pub(crate) fn check(&self, field: &str, problems: &mut Problems) {
        if self.lines.is_empty() {
            problems.missing(format!("{field}.lines"));
        } else if self.lines.len() > 4 {
            problems.invalid(format!("{field}.lines"), "has more than 4 lines");
        }
        for (i, line) in self.lines.iter().enumerate().take(4) {
            problems.text(&format!("{field}.lines[{i}]"), line, 70);
        }
        if self.country_code == CountryCode::HK {
            match (self.district, self.region) {
                (_, None) => problems.missing(format!("{field}.region")),
                (Some(d), Some(r)) if d.region() != r => problems.inconsistent(
                    format!("{field}.district"),
                    "is not in the address's region",
                ),
                _ => {}
            }
        } else if self.district.is_some() || self.region.is_some() {
            problems.inconsistent(
                format!("{field}.district"),
                "a district or region is only given for a Hong Kong address",
            );
        }
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Address")
            .field("lines", &format_args!("[redacted]"))
            .field("district", &self.district)
            .field("country", &self.country_code)
            .finish()
    }
}

/// One of Hong Kong's three regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Region {
    /// Hong Kong Island (`HK`).
    #[serde(rename = "HK")]
    HongKongIsland,
    /// Kowloon (`KLN`).
    #[serde(rename = "KLN")]
    Kowloon,
    /// The New Territories, with the outlying islands (`NT`).
    #[serde(rename = "NT")]
    NewTerritories,
}

macro_rules! districts {
    ($($(#[$doc:meta])* $variant:ident = $wire:literal in $region:ident),* $(,)?) => {
        /// One of Hong Kong's 18 districts, each in one [`Region`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum District {
            $($(#[$doc])* #[serde(rename = $wire)] $variant,)*
        }

        impl District {
            /// All 18 districts.
            pub const ALL: [District; 18] = [$(District::$variant),*];

            /// The region the district is in.
            pub fn region(self) -> Region {
                match self {
                    $(District::$variant => Region::$region,)*
                }
            }

            /// The district's name on the wire, such as `"wan-chai"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(District::$variant => $wire,)*
                }
            }
        }
    };
}

districts! {
    /// Central and Western.
    CentralAndWestern = "central-and-western" in HongKongIsland,
    /// Eastern.
    Eastern = "eastern" in HongKongIsland,
    /// Southern.
    Southern = "southern" in HongKongIsland,
    /// Wan Chai.
    WanChai = "wan-chai" in HongKongIsland,
    /// Kowloon City.
    KowloonCity = "kowloon-city" in Kowloon,
    /// Kwun Tong.
    KwunTong = "kwun-tong" in Kowloon,
    /// Sham Shui Po.
    ShamShuiPo = "sham-shui-po" in Kowloon,
    /// Wong Tai Sin.
    WongTaiSin = "wong-tai-sin" in Kowloon,
    /// Yau Tsim Mong.
    YauTsimMong = "yau-tsim-mong" in Kowloon,
    /// Islands.
    Islands = "islands" in NewTerritories,
    /// Kwai Tsing.
    KwaiTsing = "kwai-tsing" in NewTerritories,
    /// North.
    North = "north" in NewTerritories,
    /// Sai Kung.
    SaiKung = "sai-kung" in NewTerritories,
    /// Sha Tin.
    ShaTin = "sha-tin" in NewTerritories,
    /// Tai Po.
    TaiPo = "tai-po" in NewTerritories,
    /// Tsuen Wan.
    TsuenWan = "tsuen-wan" in NewTerritories,
    /// Tuen Mun.
    TuenMun = "tuen-mun" in NewTerritories,
    /// Yuen Long.
    YuenLong = "yuen-long" in NewTerritories,
}

impl std::str::FromStr for District {
    type Err = UnknownDistrict;

    /// Reads a district's wire name (`"wan-chai"`), ignoring case, spaces for hyphens, and
    /// `&` for `and`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s
            .trim()
            .to_ascii_lowercase()
            .replace('&', "and")
            .split([' ', '-', '_'])
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        District::ALL
            .into_iter()
            .find(|d| d.as_str() == wanted)
            .ok_or(UnknownDistrict)
    }
}

/// A string that names none of the 18 districts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not one of Hong Kong's 18 districts")]
pub struct UnknownDistrict;
