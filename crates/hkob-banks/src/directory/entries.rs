//! The directory's data. Bank codes are the HKMA's (as the FPS participant list uses them);
//! base URLs are those the banks publish for their developer portals.

use super::{KnownBank, PhaseApi};
use crate::dialect::Dialect;

/// A bank's entry with its Phase I API; other phases are added to it.
#[allow(clippy::too_many_arguments)]
const fn bank(
    id: &'static str,
    name: &'static str,
    name_zh: &'static str,
    bank_code: &'static str,
    other_codes: &'static [&'static str],
    swift_bic: Option<&'static str>,
    virtual_bank: bool,
    phase1: Option<PhaseApi>,
) -> KnownBank {
    KnownBank {
        id,
        name,
        name_zh,
        bank_code,
        other_codes,
        swift_bic,
        virtual_bank,
        apis: [phase1, None, None, None],
    }
}

impl KnownBank {
    /// The entry with its Phase III (account information) API.
    const fn account_information(mut self, api: Option<PhaseApi>) -> Self {
        self.apis[2] = api;
        self
    }
}

/// A JETCO APIX member: served at `sandbox.apix.com.hk/jetco/sb/{code}` and
/// `live.apix.com.hk/{code}/api/{code}`, where the code is its hkob id, for Phase I and for
/// Phase III (APIX's customer-data-access APIs under the same prefix).
macro_rules! jetco {
    ($id:literal, $name:literal, $zh:literal, $code:literal, $others:expr, $bic:expr, $virtual:literal) => {{
        const APIX: PhaseApi = PhaseApi::new(
            Dialect::JetcoApix,
            Some(concat!("https://sandbox.apix.com.hk/jetco/sb/", $id)),
            Some(concat!("https://live.apix.com.hk/", $id, "/api/", $id)),
        );
        bank($id, $name, $zh, $code, $others, $bic, $virtual, Some(APIX))
            .account_information(if $virtual { None } else { Some(APIX) })
    }};
}

const fn api(
    dialect: Dialect,
    sandbox: &'static str,
    production: Option<&'static str>,
) -> Option<PhaseApi> {
    Some(PhaseApi::new(dialect, Some(sandbox), production))
}

pub(super) const BANKS: &[KnownBank] = &[
    jetco!(
        "bea",
        "The Bank of East Asia, Limited",
        "東亞銀行",
        "015",
        &[],
        Some("BEASHKHH"),
        false
    ),
    jetco!(
        "ctn",
        "Citibank (Hong Kong) Limited",
        "花旗銀行(香港)",
        "250",
        &[],
        Some("CITIHKAX"),
        false
    ),
    jetco!(
        "dsb",
        "Dah Sing Bank, Limited",
        "大新銀行",
        "040",
        &[],
        Some("DSBAHKHH"),
        false
    ),
    jetco!(
        "cal",
        "China Construction Bank (Asia) Corporation Limited",
        "中國建設銀行(亞洲)",
        "009",
        &[],
        Some("CCBQHKAX"),
        false
    ),
    jetco!(
        "cbi",
        "China CITIC Bank International Limited",
        "中信銀行(國際)",
        "018",
        &["051"],
        Some("KWHKHKHH"),
        false
    ),
    jetco!(
        "chb",
        "Chong Hing Bank Limited",
        "創興銀行",
        "041",
        &[],
        Some("LCHBHKHH"),
        false
    ),
    jetco!(
        "fbb",
        "Fubon Bank (Hong Kong) Limited",
        "富邦銀行(香港)",
        "128",
        &[],
        Some("IBALHKHH"),
        false
    ),
    jetco!(
        "icb",
        "Industrial and Commercial Bank of China (Asia) Limited",
        "中國工商銀行(亞洲)",
        "072",
        &["029"],
        Some("UBHKHKHH"),
        false
    ),
    jetco!(
        "pbl",
        "Public Bank (Hong Kong) Limited",
        "大眾銀行(香港)",
        "028",
        &[],
        Some("CBHKHKHH"),
        false
    ),
    jetco!(
        "scb",
        "Shanghai Commercial Bank Limited",
        "上海商業銀行",
        "025",
        &[],
        Some("SCBKHKHH"),
        false
    ),
    jetco!(
        "whb",
        "OCBC Wing Hang Bank Limited",
        "華僑永亨銀行",
        "035",
        &["044"],
        Some("WIHBHKHH"),
        false
    ),
    jetco!(
        "wlb",
        "CMB Wing Lung Bank Limited",
        "招商永隆銀行",
        "020",
        &[],
        Some("WUBAHKHH"),
        false
    ),
    jetco!(
        "bch",
        "Bank of Communications (Hong Kong) Limited",
        "交通銀行(香港)",
        "382",
        &[],
        None,
        false
    ),
    jetco!(
        "vab",
        "Airstar Bank Limited",
        "天星銀行",
        "395",
        &[],
        None,
        true
    ),
    bank(
        "hsbc",
        "The Hongkong and Shanghai Banking Corporation Limited",
        "香港上海滙豐銀行",
        "004",
        &[],
        Some("HSBCHKHHHKH"),
        false,
        api(
            Dialect::HsbcGroup,
            "https://developer.hsbc.com.hk/sandbox",
            None,
        ),
    )
    // Account Information - HK - Personal: issuer https://sandbox.ob.hsbc.com.hk.
    .account_information(api(
        Dialect::HsbcGroup,
        "https://sandbox.ob.hsbc.com.hk/mock",
        Some("https://api.ob.hsbc.com.hk"),
    )),
    bank(
        "hangseng",
        "Hang Seng Bank, Limited",
        "恒生銀行",
        "024",
        &[],
        Some("HASEHKHH"),
        false,
        api(
            Dialect::HsbcGroup,
            "https://developer.hangseng.com/sandbox",
            None,
        ),
    )
    // Business account information: issuer https://sandbox.ob.business.hangseng.com.
    .account_information(api(
        Dialect::HsbcGroup,
        "https://sandbox.ob.business.hangseng.com/mock",
        Some("https://api.ob.business.hangseng.com"),
    )),
    bank(
        "bochk",
        "Bank of China (Hong Kong) Limited",
        "中國銀行(香港)",
        "012",
        &[
            "014", "019", "026", "030", "031", "033", "036", "064", "070",
        ],
        Some("BKCHHKHH"),
        false,
        api(Dialect::BochkGroup, "https://apisandbox.bochk.com", None),
    ),
    bank(
        "chiyu",
        "Chiyu Banking Corporation Limited",
        "集友銀行",
        "039",
        &[],
        Some("CIYUHKHH"),
        false,
        api(
            Dialect::BochkGroup,
            "https://apisandbox.chiyubank.com",
            Some("https://apigateway.chiyubank.com"),
        ),
    ),
    bank(
        "nanyang",
        "Nanyang Commercial Bank, Limited",
        "南洋商業銀行",
        "043",
        &[],
        Some("NYCBHKHH"),
        false,
        api(Dialect::BochkGroup, "https://apisandbox.ncb.com.hk", None),
    ),
    bank(
        "sc",
        "Standard Chartered Bank (Hong Kong) Limited",
        "渣打銀行(香港)",
        "003",
        &[],
        Some("SCBLHKHH"),
        false,
        api(
            Dialect::StandardChartered,
            "https://developer.sc.com/sandbox",
            Some("https://api.sc.com"),
        ),
    ),
    bank(
        "dbs",
        "DBS Bank (Hong Kong) Limited",
        "星展銀行(香港)",
        "016",
        &["032", "052"],
        Some("DHBKHKHH"),
        false,
        api(
            Dialect::Dbs,
            "https://www.dbs.com/sandbox",
            Some("https://www.dbs.com"),
        ),
    ),
    // Banks whose APIs follow no dialect hkob speaks yet.
    bank(
        "za",
        "ZA Bank Limited",
        "眾安銀行",
        "387",
        &[],
        None,
        true,
        None,
    ),
    bank(
        "livi",
        "Livi Bank Limited",
        "理慧銀行",
        "388",
        &[],
        None,
        true,
        None,
    ),
    bank(
        "mox",
        "Mox Bank Limited",
        "Mox Bank",
        "389",
        &[],
        None,
        true,
        None,
    ),
    bank(
        "welab",
        "WeLab Bank Limited",
        "匯立銀行",
        "390",
        &[],
        None,
        true,
        None,
    ),
    bank(
        "fusion",
        "Fusion Bank Limited",
        "富融銀行",
        "391",
        &[],
        None,
        true,
        None,
    ),
    bank(
        "paob",
        "PAO Bank Limited",
        "平安壹賬通銀行",
        "392",
        &[],
        None,
        true,
        None,
    ),
    bank(
        "ant",
        "Ant Bank (Hong Kong) Limited",
        "螞蟻銀行(香港)",
        "393",
        &[],
        None,
        true,
        None,
    ),
    bank(
        "taiyau",
        "Tai Yau Bank, Limited",
        "大有銀行",
        "038",
        &[],
        None,
        false,
        None,
    ),
    bank(
        "taisang",
        "Tai Sang Bank Limited",
        "大生銀行",
        "061",
        &[],
        None,
        false,
        None,
    ),
];
