//! The default list of Hong Kong banks.

use super::{ProductKind, SimulatedBank, SimulatedDialect};

struct Entry {
    id: &'static str,
    name: &'static str,
    name_zh: &'static str,
    bank_code: &'static str,
    dialect: SimulatedDialect,
    virtual_bank: bool,
    products: &'static [ProductKind],
}

use ProductKind::*;

const FULL: &[ProductKind] = &[
    Savings,
    Current,
    TimeDeposit,
    ForeignCurrency,
    CreditCard,
    Mortgage,
    UnsecuredLoan,
    SecuredLoan,
    Branch,
    Atm,
    DepositBox,
    FxRate,
    Investment,
    Insurance,
];
const NO_BOX_INV_INS: &[ProductKind] = &[
    Savings,
    Current,
    TimeDeposit,
    ForeignCurrency,
    CreditCard,
    Mortgage,
    UnsecuredLoan,
    SecuredLoan,
    Branch,
    Atm,
    FxRate,
];
const VIRTUAL: &[ProductKind] = &[Savings, TimeDeposit, UnsecuredLoan];
const NO_INV_INS: &[ProductKind] = &[
    Savings,
    Current,
    TimeDeposit,
    ForeignCurrency,
    CreditCard,
    Mortgage,
    UnsecuredLoan,
    SecuredLoan,
    Branch,
    Atm,
    FxRate,
];
const NO_ATM: &[ProductKind] = &[
    Savings,
    Current,
    TimeDeposit,
    CreditCard,
    Mortgage,
    UnsecuredLoan,
    Branch,
    DepositBox,
    FxRate,
    Investment,
    Insurance,
];

const fn jetco(
    id: &'static str,
    name: &'static str,
    name_zh: &'static str,
    bank_code: &'static str,
    products: &'static [ProductKind],
) -> Entry {
    Entry {
        id,
        name,
        name_zh,
        bank_code,
        dialect: SimulatedDialect::JetcoApix,
        virtual_bank: false,
        products,
    }
}

const ENTRIES: &[Entry] = &[
    jetco(
        "bea",
        "The Bank of East Asia, Limited",
        "東亞銀行",
        "015",
        FULL,
    ),
    jetco(
        "ctn",
        "Citibank (Hong Kong) Limited",
        "花旗銀行(香港)",
        "250",
        NO_BOX_INV_INS,
    ),
    jetco("dsb", "Dah Sing Bank, Limited", "大新銀行", "040", FULL),
    jetco(
        "cal",
        "China Construction Bank (Asia) Corporation Limited",
        "中國建設銀行(亞洲)",
        "009",
        FULL,
    ),
    jetco(
        "cbi",
        "China CITIC Bank International Limited",
        "中信銀行(國際)",
        "018",
        FULL,
    ),
    jetco("chb", "Chong Hing Bank Limited", "創興銀行", "041", FULL),
    jetco(
        "fbb",
        "Fubon Bank (Hong Kong) Limited",
        "富邦銀行(香港)",
        "128",
        FULL,
    ),
    jetco(
        "icb",
        "Industrial and Commercial Bank of China (Asia) Limited",
        "中國工商銀行(亞洲)",
        "072",
        FULL,
    ),
    jetco(
        "pbl",
        "Public Bank (Hong Kong) Limited",
        "大眾銀行(香港)",
        "028",
        NO_INV_INS,
    ),
    jetco(
        "scb",
        "Shanghai Commercial Bank Limited",
        "上海商業銀行",
        "025",
        FULL,
    ),
    jetco(
        "whb",
        "OCBC Wing Hang Bank Limited",
        "華僑永亨銀行",
        "035",
        FULL,
    ),
    jetco(
        "wlb",
        "CMB Wing Lung Bank Limited",
        "招商永隆銀行",
        "020",
        FULL,
    ),
    jetco(
        "bch",
        "Bank of Communications (Hong Kong) Limited",
        "交通銀行(香港)",
        "382",
        FULL,
    ),
    Entry {
        id: "vab",
        name: "Airstar Bank Limited",
        name_zh: "天星銀行",
        bank_code: "395",
        dialect: SimulatedDialect::JetcoApix,
        virtual_bank: true,
        products: VIRTUAL,
    },
    Entry {
        id: "hsbc",
        name: "The Hongkong and Shanghai Banking Corporation Limited",
        name_zh: "香港上海滙豐銀行",
        bank_code: "004",
        dialect: SimulatedDialect::HsbcGroup,
        virtual_bank: false,
        products: NO_BOX_INV_INS,
    },
    Entry {
        id: "hangseng",
        name: "Hang Seng Bank, Limited",
        name_zh: "恒生銀行",
        bank_code: "024",
        dialect: SimulatedDialect::HsbcGroup,
        virtual_bank: false,
        products: NO_BOX_INV_INS,
    },
    Entry {
        id: "bochk",
        name: "Bank of China (Hong Kong) Limited",
        name_zh: "中國銀行(香港)",
        bank_code: "012",
        dialect: SimulatedDialect::BochkGroup,
        virtual_bank: false,
        products: NO_ATM,
    },
    Entry {
        id: "chiyu",
        name: "Chiyu Banking Corporation Limited",
        name_zh: "集友銀行",
        bank_code: "039",
        dialect: SimulatedDialect::BochkGroup,
        virtual_bank: false,
        products: NO_ATM,
    },
    Entry {
        id: "nanyang",
        name: "Nanyang Commercial Bank, Limited",
        name_zh: "南洋商業銀行",
        bank_code: "043",
        dialect: SimulatedDialect::BochkGroup,
        virtual_bank: false,
        products: NO_ATM,
    },
    Entry {
        id: "sc",
        name: "Standard Chartered Bank (Hong Kong) Limited",
        name_zh: "渣打銀行(香港)",
        bank_code: "003",
        dialect: SimulatedDialect::StandardChartered,
        virtual_bank: false,
        products: FULL,
    },
    Entry {
        id: "dbs",
        name: "DBS Bank (Hong Kong) Limited",
        name_zh: "星展銀行(香港)",
        bank_code: "016",
        dialect: SimulatedDialect::Dbs,
        virtual_bank: false,
        products: NO_BOX_INV_INS,
    },
];

/// The default banks: every JETCO APIX member plus HSBC, Hang Seng, BOCHK,
/// Chiyu, Nanyang, Standard Chartered and DBS.
///
/// Each is served under its dialect's prefix: JETCO banks under
/// `/jetco/{apix code}`, the others under `/{id}`.
pub fn default_banks() -> Vec<SimulatedBank> {
    ENTRIES
        .iter()
        .map(|e| {
            let dialect = crate::dialects::of(e.dialect);
            // A bank behind a shared gateway is known there by its code.
            let apix_code = (!dialect.gateway().is_empty()).then(|| e.id.to_owned());
            let prefix = dialect.path_prefix(e.id);
            SimulatedBank {
                id: e.id.to_owned(),
                name: e.name.to_owned(),
                name_zh: e.name_zh.to_owned(),
                bank_code: e.bank_code.to_owned(),
                dialect: e.dialect,
                apix_code,
                prefix,
                products: e.products.to_vec(),
                virtual_bank: e.virtual_bank,
            }
        })
        .collect()
}
