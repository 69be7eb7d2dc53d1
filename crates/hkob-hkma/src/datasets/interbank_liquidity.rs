//! Daily figures of interbank liquidity, with the signed text figures read
//! exactly.
//!
//! Written from the `InterbankLiquidityDay` schema of `specs/hkma-public.yaml`.
//! The generated record of the same name keeps the 24 signed text figures
//! (`"+11,660"`, `"-0"`) as plain text; this one reads them as
//! [`SignedAmount`]s and keeps their text, so a record encodes back as sent.

use hkob_core::{Date, Decimal};
use serde::{Deserialize, Serialize};

use crate::SignedAmount;

/// Interbank liquidity figures of one business day. Amounts are in HK$ million; rates in
/// percent per annum. Fields sent as signed text keep a `+` or `-` sign and may hold thousands
/// separators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterbankLiquidityDay {
    /// Business day the figures are for.
    pub end_of_date: Date,
    /// Weak-side Convertibility Undertaking rate, the price in HK$ of one US$ at which the HKMA
    /// sells US dollars (for value spot).
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub cu_weakside: Option<Decimal>,
    /// Strong-side Convertibility Undertaking rate, the price in HK$ of one US$ at which the HKMA
    /// buys US dollars (for value spot).
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub cu_strongside: Option<Decimal>,
    /// Base Rate of the Discount Window, percent per annum.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub disc_win_base_rate: Option<Decimal>,
    /// Overnight HIBOR, percent per annum.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub hibor_overnight: Option<Decimal>,
    /// One-month HIBOR fixing of the Hong Kong Association of Banks, percent per annum. At least
    /// one implausible value (far above any real rate) has been seen in the history; check the
    /// range before use.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub hibor_fixing_1m: Option<Decimal>,
    /// Trade-weighted index of the Hong Kong dollar.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub twi: Option<Decimal>,
    /// Aggregate Balance at the start of the day, HK$ million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub opening_balance: Option<Decimal>,
    /// Aggregate Balance at the end of the day, HK$ million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub closing_balance: Option<Decimal>,
    /// Part of the day's change in the Aggregate Balance due to market activities, HK$ million,
    /// sent as signed text (for example `+11,660`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub market_activities: Option<SignedAmount>,
    /// Part of the day's change in the Aggregate Balance due to interest paid on, and new issues
    /// of, Exchange Fund Bills and Notes, HK$ million, sent as signed text.
    #[serde(default, with = "crate::signed_amount::optional")]
    pub interest_payment: Option<SignedAmount>,
    /// Part of the day's change in the Aggregate Balance due to the reversal of earlier Discount
    /// Window borrowing, HK$ million, sent as signed text.
    #[serde(default, with = "crate::signed_amount::optional")]
    pub discount_window_reversal: Option<SignedAmount>,
    /// Part of the day's change in the Aggregate Balance due to the day's Discount Window
    /// borrowing, HK$ million, sent as signed text.
    #[serde(default, with = "crate::signed_amount::optional")]
    pub discount_window_activities: Option<SignedAmount>,
    /// Aggregate Balance at 09:30, HK$ million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub intraday_movements_of_aggregate_balance_at_0930: Option<Decimal>,
    /// Aggregate Balance at 10:00, HK$ million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub intraday_movements_of_aggregate_balance_at_1000: Option<Decimal>,
    /// Aggregate Balance at 11:00, HK$ million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub intraday_movements_of_aggregate_balance_at_1100: Option<Decimal>,
    /// Aggregate Balance at noon, HK$ million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub intraday_movements_of_aggregate_balance_at_1200: Option<Decimal>,
    /// Aggregate Balance at 15:00, HK$ million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub intraday_movements_of_aggregate_balance_at_1500: Option<Decimal>,
    /// Aggregate Balance at 16:00, HK$ million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub intraday_movements_of_aggregate_balance_at_1600: Option<Decimal>,
    /// Forecast change in the Aggregate Balance from foreign exchange transactions, for day + 1
    /// (the day after `end_of_date`). HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub forex_trans_t1: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from other market activities, for day + 1 (the day
    /// after `end_of_date`). HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub other_market_activities_t1: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from the reversal of Discount Window borrowing, for
    /// day + 1 (the day after `end_of_date`). HK$ million, sent as signed text (for example
    /// `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub reversal_of_discount_window_t1: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from interest paid on, and new issues of, Exchange
    /// Fund Bills and Notes, for day + 1 (the day after `end_of_date`). HK$ million, sent as signed
    /// text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub interest_payment_issuance_efbn_t1: Option<SignedAmount>,
    /// Forecast Aggregate Balance once Discount Window borrowing is reversed, for day + 1 (the day
    /// after `end_of_date`). HK$ million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub forecast_aggregate_bal_t1: Option<Decimal>,
    /// Forecast change in the Aggregate Balance from foreign exchange transactions, for day + 2.
    /// HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub forex_trans_t2: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from other market activities, for day + 2. HK$
    /// million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub other_market_activities_t2: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from the reversal of Discount Window borrowing, for
    /// day + 2. HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub reversal_of_discount_window_t2: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from interest paid on, and new issues of, Exchange
    /// Fund Bills and Notes, for day + 2. HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub interest_payment_issuance_efbn_t2: Option<SignedAmount>,
    /// Forecast Aggregate Balance once Discount Window borrowing is reversed, for day + 2. HK$
    /// million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub forecast_aggregate_bal_t2: Option<Decimal>,
    /// Forecast change in the Aggregate Balance from foreign exchange transactions, for day + 3.
    /// HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub forex_trans_t3: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from other market activities, for day + 3. HK$
    /// million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub other_market_activities_t3: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from the reversal of Discount Window borrowing, for
    /// day + 3. HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub reversal_of_discount_window_t3: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from interest paid on, and new issues of, Exchange
    /// Fund Bills and Notes, for day + 3. HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub interest_payment_issuance_efbn_t3: Option<SignedAmount>,
    /// Forecast Aggregate Balance once Discount Window borrowing is reversed, for day + 3. HK$
    /// million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub forecast_aggregate_bal_t3: Option<Decimal>,
    /// Forecast change in the Aggregate Balance from foreign exchange transactions, for day + 4.
    /// HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub forex_trans_t4: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from other market activities, for day + 4. HK$
    /// million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub other_market_activities_t4: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from the reversal of Discount Window borrowing, for
    /// day + 4. HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub reversal_of_discount_window_t4: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from interest paid on, and new issues of, Exchange
    /// Fund Bills and Notes, for day + 4. HK$ million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub interest_payment_issuance_efbn_t4: Option<SignedAmount>,
    /// Forecast Aggregate Balance once Discount Window borrowing is reversed, for day + 4. HK$
    /// million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub forecast_aggregate_bal_t4: Option<Decimal>,
    /// Forecast change in the Aggregate Balance from foreign exchange transactions, for the days
    /// beyond day + 4 (the portal's "upcoming" column). HK$ million, sent as signed text (for
    /// example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub forex_trans_u: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from other market activities, for the days beyond
    /// day + 4 (the portal's "upcoming" column). HK$ million, sent as signed text (for example
    /// `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub other_market_activities_u: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from the reversal of Discount Window borrowing, for
    /// the days beyond day + 4 (the portal's "upcoming" column). HK$ million, sent as signed text
    /// (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub reversal_of_discount_window_u: Option<SignedAmount>,
    /// Forecast change in the Aggregate Balance from interest paid on, and new issues of, Exchange
    /// Fund Bills and Notes, for the days beyond day + 4 (the portal's "upcoming" column). HK$
    /// million, sent as signed text (for example `-1,250`).
    #[serde(default, with = "crate::signed_amount::optional")]
    pub interest_payment_issuance_efbn_u: Option<SignedAmount>,
    /// Forecast Aggregate Balance once Discount Window borrowing is reversed, for the days beyond
    /// day + 4 (the portal's "upcoming" column). HK$ million.
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    pub forecast_aggregate_bal_u: Option<Decimal>,
}
