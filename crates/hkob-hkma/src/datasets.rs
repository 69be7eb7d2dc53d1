//! The typed datasets: each generated request type, bound to its record.

use hkob_core::ApiRequest;

use crate::dataset::{Dataset, REGISTER_MAX_PAGE_SIZE};
use crate::generated::hkma_public::operations as ops;
use crate::generated::hkma_public::types;

macro_rules! dataset {
    ($request:ty => $record:ty $(, max_page_size = $max:expr)?) => {
        impl Dataset for $request {
            type Record = $record;

            $(fn max_page_size(&self) -> u32 {
                $max
            })?

            fn to_request(&self) -> ApiRequest {
                <$request>::to_request(self)
            }
        }
    };
}

dataset!(ops::ListInterbankLiquidity => types::InterbankLiquidityDay);
dataset!(ops::ListHiborFixings => types::HiborFixing);
dataset!(ops::ListExchangeRatesDaily => types::DailyExchangeRates);
dataset!(ops::ListHkdInterestRateAverages => types::HkdInterestRateAverage);
dataset!(ops::ListHkdInterestRateChanges => types::HkdInterestRateChange);
dataset!(ops::ListCustomerDepositsByCurrency => types::CustomerDepositsMonth);
dataset!(ops::ListBankBranches => types::BankBranch);
dataset!(ops::ListBankAtms => types::BankAtm);
dataset!(
    ops::ListAuthorizedInstitutions => types::AuthorizedInstitution,
    max_page_size = REGISTER_MAX_PAGE_SIZE
);
