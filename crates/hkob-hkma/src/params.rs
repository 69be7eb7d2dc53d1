//! Typed values for the query parameters of any dataset ([`AnyDataset`](crate::AnyDataset)).

use crate::{CustomerDepositsSegment, InterbankRateSegment, LocatorLang, RegisterLang};

hkob_core::open_enum! {
    /// The language of a dataset's text fields (`lang`), for
    /// [`AnyDataset::lang`](crate::AnyDataset::lang). The typed datasets take their own
    /// [`LocatorLang`] or [`RegisterLang`], which convert into it; a language this version does
    /// not know is `Unknown` and is sent as it is.
    pub enum Lang {
        /// `en`: English.
        En = "en",
        /// `tc`: traditional Chinese.
        Tc = "tc",
        /// `sc`: simplified Chinese.
        Sc = "sc",
    }
}

impl From<LocatorLang> for Lang {
    fn from(lang: LocatorLang) -> Self {
        Self::from(lang.as_str())
    }
}

impl From<RegisterLang> for Lang {
    fn from(lang: RegisterLang) -> Self {
        Self::from(lang.as_str())
    }
}

hkob_core::open_enum! {
    /// The series of a dataset (`segment`), for
    /// [`AnyDataset::segment`](crate::AnyDataset::segment): the series of the typed datasets
    /// (which convert from their own [`InterbankRateSegment`] and [`CustomerDepositsSegment`]),
    /// and `Unknown` for the series of any other dataset, sent as it is.
    pub enum Segment {
        /// `hibor.fixing`: the HIBOR fixings.
        HiborFixing = "hibor.fixing",
        /// `honia`: the HKD Overnight Index Average.
        Honia = "honia",
        /// `hibor`: the older interbank closing rates.
        Hibor = "hibor",
        /// `new`: the current series of customer deposits.
        New = "new",
        /// `old`: the earlier series of customer deposits.
        Old = "old",
    }
}

impl From<InterbankRateSegment> for Segment {
    fn from(segment: InterbankRateSegment) -> Self {
        Self::from(segment.as_str())
    }
}

impl From<CustomerDepositsSegment> for Segment {
    fn from(segment: CustomerDepositsSegment) -> Self {
        Self::from(segment.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typed_datasets_values_convert_with_their_wire_text() {
        assert_eq!(Lang::from(LocatorLang::Sc), Lang::Sc);
        assert_eq!(Lang::from(RegisterLang::Tc), Lang::Tc);
        assert_eq!(
            Lang::from(LocatorLang::Unknown("fr".into())),
            Lang::Unknown("fr".into())
        );
        assert_eq!(
            Segment::from(InterbankRateSegment::HiborFixing),
            Segment::HiborFixing
        );
        assert_eq!(Segment::from(CustomerDepositsSegment::Old), Segment::Old);
        assert_eq!(Segment::from("bank").as_str(), "bank");
    }
}
