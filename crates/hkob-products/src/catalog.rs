//! One product family from many banks at once.
//!
//! A [`ProductCatalog`] holds the [`BankProfile`]s of the banks a TSP has registered with. Each
//! [`fetch`](ProductCatalog::fetch) asks every bank concurrently (at most
//! [`CatalogOptions::concurrency`] at a time), gives each bank its own deadline, and never lets a
//! slow or failing bank hold up or fail the others: the answer is a [`CatalogResult`] with the
//! items of the banks that answered, one [`BankFailure`] per bank that did not, and the
//! [`NormaliseIssue`]s met on the way.
//!
//! With a [time-to-live](CatalogOptions::cache_ttl) set, a bank's normalised answer is kept and
//! reused until it expires; failures are never kept. Two fetches of the same family running at the
//! same time may both ask the bank.
//!
//! The banks are asked from the task that awaits `fetch` (nothing is spawned); the deadline uses
//! Tokio's timer, so `fetch` must run inside a Tokio runtime with time enabled, as every hkob
//! client does.

mod cache;
pub mod compare;
mod family;
mod shared_cache;

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use hkob_core::headers::Language;
use hkob_core::retry::RetryPolicy;
use hkob_core::store::StateBackend;
use hkob_core::{Amount, Client};

pub use compare::TimeDepositQuote;
pub use family::{CatalogProduct, ProductFamily};

use self::cache::Cache;
use crate::dialects::{self, FetchContext, PhaseOneDialect};
use crate::model::{BankId, CreditCard, PersonalLoan, Tenor, TimeDeposit};
use crate::normalise::{NormaliseIssue, Normalised};
use hkob_banks::{BankProfile, ProfileError};

/// How a [`ProductCatalog`] fetches.
#[derive(Clone)]
pub struct CatalogOptions {
    concurrency: usize,
    deadline: Duration,
    cache_ttl: Option<Duration>,
    languages: Vec<Language>,
    page_size: u32,
    retry: RetryPolicy,
    shared_state: Option<Arc<dyn StateBackend>>,
}

impl std::fmt::Debug for CatalogOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogOptions")
            .field("concurrency", &self.concurrency)
            .field("deadline", &self.deadline)
            .field("cache_ttl", &self.cache_ttl)
            .field("languages", &self.languages)
            .field("page_size", &self.page_size)
            .field("retry", &self.retry)
            .field("shared_state", &self.shared_state.is_some())
            .finish()
    }
}

impl Default for CatalogOptions {
    fn default() -> Self {
        Self {
            concurrency: 8,
            deadline: Duration::from_secs(15),
            cache_ttl: None,
            languages: vec![Language::English],
            page_size: 50,
            retry: RetryPolicy::default(),
            shared_state: None,
        }
    }
}

impl CatalogOptions {
    /// Options with the defaults: 8 banks at a time, 15 s per bank, no cache, English, 50 items
    /// per page, the client's default retry policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many banks are asked at the same time (at least 1).
    pub fn concurrency(mut self, banks: usize) -> Self {
        self.concurrency = banks.max(1);
        self
    }

    /// How long one bank may take for a whole family, every page and retry included; a bank
    /// that takes longer is reported as [`CatalogError::Timeout`].
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Keeps each bank's answer for `ttl` and reuses it instead of asking again; `None` turns
    /// caching off.
    pub fn cache_ttl(mut self, ttl: impl Into<Option<Duration>>) -> Self {
        self.cache_ttl = ttl.into();
        self
    }

    /// The language of the text fetched (English by default).
    pub fn language(mut self, language: Language) -> Self {
        self.languages = vec![language];
        self
    }

    /// Fetches the text in several languages and merges it into each item's
    /// [`LocalizedText`](crate::model::LocalizedText)s, for dialects that answer in one language
    /// per request (JETCO APIX): one request set per language, so the banks are asked that many
    /// times. Numbers, and normalisation issues, come from the first language; items are matched
    /// across languages by their code. An empty list keeps the current languages.
    pub fn languages(mut self, languages: impl IntoIterator<Item = Language>) -> Self {
        let mut chosen: Vec<Language> = Vec::new();
        for language in languages {
            if !chosen.contains(&language) {
                chosen.push(language);
            }
        }
        if !chosen.is_empty() {
            self.languages = chosen;
        }
        self
    }

    /// Items asked for per page, for dialects that page.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size.max(1);
        self
    }

    /// The retry policy of every bank's client.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Shares the TSP's access token at each bank that uses one (the OAuth dialects) with every
    /// process that uses `state`: one token request per bank for the fleet when it is due. With
    /// a [`cache_ttl`](Self::cache_ttl), the cache is shared too: a bank's answer fetched by one
    /// process serves every process until the time to live ends. If the store fails, each
    /// process asks the bank and caches for itself.
    pub fn shared_state(mut self, state: Arc<dyn StateBackend>) -> Self {
        self.shared_state = Some(state);
        self
    }
}

/// Why one bank gave no items. Cheap to clone: the call's error is shared.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The bank did not finish within the deadline.
    #[error("no complete answer within the deadline of {0:?}")]
    Timeout(Duration),
    /// The bank's profile cannot make a client (a bad base URL, credentials the dialect cannot
    /// use).
    #[error("invalid bank profile: {0}")]
    InvalidProfile(ProfileError),
    /// The call failed: the bank's error answer, a transport failure, a body that does not
    /// decode ...
    #[error(transparent)]
    Request(Arc<hkob_core::Error>),
}

impl From<hkob_core::Error> for CatalogError {
    fn from(e: hkob_core::Error) -> Self {
        CatalogError::Request(Arc::new(e))
    }
}

/// One bank that gave no items, and why. Shown as `bank: reason`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BankFailure {
    /// The bank.
    pub bank: BankId,
    /// What went wrong.
    pub error: CatalogError,
}

impl std::fmt::Display for BankFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.bank, self.error)
    }
}

/// Items of one family from many banks, the banks that failed, and what could not be normalised.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CatalogResult<T> {
    /// Items of every bank that answered, in the order of the profiles.
    pub items: Vec<T>,
    /// One entry per bank that gave no answer.
    pub failures: Vec<BankFailure>,
    /// Values that could not be normalised, from the banks that answered.
    pub issues: Vec<NormaliseIssue>,
    /// Banks whose dialect has no list of this family (a safe deposit box list at an HSBC group
    /// bank, say). They are neither items nor failures: the bank answered nothing because there is
    /// nothing to ask.
    pub not_offered: Vec<BankId>,
}

impl<T> Default for CatalogResult<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            failures: Vec::new(),
            issues: Vec::new(),
            not_offered: Vec::new(),
        }
    }
}

impl<T: CatalogProduct> CatalogResult<T> {
    /// The items of one bank, by its id (`"bea"`, or a [`BankId`]).
    pub fn from_bank<'a, B>(&'a self, bank: &'a B) -> impl Iterator<Item = &'a T> + 'a
    where
        B: AsRef<str> + ?Sized,
    {
        self.items
            .iter()
            .filter(move |item| item.bank().as_str() == bank.as_ref())
    }

    /// The failure of one bank, if it failed, by its id.
    pub fn failure_of<B: AsRef<str> + ?Sized>(&self, bank: &B) -> Option<&BankFailure> {
        self.failures
            .iter()
            .find(|f| f.bank.as_str() == bank.as_ref())
    }
}

impl CatalogResult<TimeDeposit> {
    /// Every product's rate for `amount` placed for `term`, best first. See
    /// [`compare::time_deposit_quotes`].
    pub fn best_rates(&self, amount: Amount, term: Tenor) -> Vec<TimeDepositQuote> {
        compare::time_deposit_quotes(&self.items, amount, term)
    }

    /// Each bank's best rate for `amount` placed for `term`, best first.
    pub fn best_rate_per_bank(&self, amount: Amount, term: Tenor) -> Vec<TimeDepositQuote> {
        compare::best_time_deposit_rate_per_bank(&self.items, amount, term)
    }
}

impl CatalogResult<CreditCard> {
    /// Cards by purchase APR, lowest first (unstated APRs last).
    pub fn by_lowest_apr(&self) -> Vec<&CreditCard> {
        compare::cards_by_lowest_apr(&self.items)
    }

    /// Cards with a stated annual fee of zero.
    pub fn without_annual_fee(&self) -> Vec<&CreditCard> {
        compare::cards_without_annual_fee(&self.items)
    }
}

impl CatalogResult<PersonalLoan> {
    /// Loans by lowest APR, lowest first (unstated APRs last).
    pub fn by_lowest_apr(&self) -> Vec<&PersonalLoan> {
        compare::loans_by_lowest_apr(&self.items)
    }
}

/// One bank's normalised answer (shared with the cache; `None` when its dialect has no list of the
/// family), or why there is none.
type BankAnswer<T> = Result<Option<Arc<Normalised<T>>>, CatalogError>;

struct Bank {
    profile: BankProfile,
    client: Result<(Client, &'static dyn PhaseOneDialect), ProfileError>,
}

/// Product information from many banks: see the [module documentation](self).
pub struct ProductCatalog {
    banks: Vec<Bank>,
    options: CatalogOptions,
    cache: Cache,
}

impl std::fmt::Debug for ProductCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProductCatalog")
            .field(
                "banks",
                &self.banks.iter().map(|b| &b.profile.id).collect::<Vec<_>>(),
            )
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl ProductCatalog {
    /// A catalog over `profiles` with the default [`CatalogOptions`].
    pub fn new(profiles: Vec<BankProfile>) -> Self {
        Self::with_options(profiles, CatalogOptions::default())
    }

    /// A catalog over `profiles`. A profile whose client cannot be built is kept and reported as
    /// a [`BankFailure`] at each fetch.
    pub fn with_options(profiles: Vec<BankProfile>, options: CatalogOptions) -> Self {
        let banks = profiles
            .into_iter()
            .map(|profile| {
                let client = build_client(&profile, &options);
                Bank { profile, client }
            })
            .collect();
        Self {
            banks,
            options,
            cache: Cache::default(),
        }
    }

    /// The profiles, in order.
    pub fn profiles(&self) -> impl Iterator<Item = &BankProfile> {
        self.banks.iter().map(|b| &b.profile)
    }

    /// The options.
    pub fn options(&self) -> &CatalogOptions {
        &self.options
    }

    /// Forgets every cached answer.
    pub fn clear_cache(&self) {
        self.cache.clear();
    }

    /// Fetches one product family from every bank: `catalog.fetch::<TimeDeposit>().await`.
    pub async fn fetch<T: CatalogProduct>(&self) -> CatalogResult<T> {
        // The futures are boxed and collected before they are streamed, so that no closure type
        // is part of the future of `fetch`, which is then `Send`.
        let asks: Vec<BoxFuture<'_, (usize, BankAnswer<T>)>> = self
            .banks
            .iter()
            .enumerate()
            .map(|(index, bank)| -> BoxFuture<'_, (usize, BankAnswer<T>)> {
                Box::pin(async move { (index, self.fetch_bank::<T>(bank).await) })
            })
            .collect();
        let answers: Vec<(usize, BankAnswer<T>)> = futures_util::stream::iter(asks)
            .buffer_unordered(self.options.concurrency)
            .collect()
            .await;
        let mut answers = answers;
        answers.sort_by_key(|(index, _)| *index);
        let mut out = CatalogResult::default();
        for (index, answer) in answers {
            match answer {
                Ok(None) => {
                    if let Some(bank) = self.banks.get(index) {
                        out.not_offered.push(bank.profile.id.clone());
                    }
                }
                Ok(Some(normalised)) => {
                    out.items.extend(normalised.items.iter().cloned());
                    out.issues.extend(normalised.issues.iter().cloned());
                }
                Err(error) => {
                    let bank = self.banks.get(index).map(|b| b.profile.id.clone());
                    if let Some(bank) = bank {
                        out.failures.push(BankFailure { bank, error });
                    }
                }
            }
        }
        out
    }

    async fn fetch_bank<T: CatalogProduct>(&self, bank: &Bank) -> BankAnswer<T> {
        let id = &bank.profile.id;
        let wanted = &self.options.languages;
        let cache_key = wanted.iter().map(|l| l.tag()).collect::<Vec<_>>().join(",");
        if let Some(ttl) = self.options.cache_ttl {
            if let Some(hit) = self.cache.get::<T>(ttl, id, T::FAMILY, &cache_key) {
                return Ok(Some(hit));
            }
            if let Some(state) = &self.options.shared_state {
                let shared_id = shared_cache::id(id, T::FAMILY, &cache_key);
                if let Some((answer, age)) =
                    shared_cache::read::<T>(&**state, &shared_id, ttl).await
                {
                    let answer = Arc::new(answer);
                    self.cache
                        .put(id, T::FAMILY, cache_key, Arc::clone(&answer), age);
                    return Ok(Some(answer));
                }
            }
        }
        let (client, dialect) = bank
            .client
            .as_ref()
            .map_err(|e| CatalogError::InvalidProfile(e.clone()))?;
        let (client, dialect) = (client, *dialect);
        // A dialect that answers every language at once needs one request.
        let wanted = if dialect.answers_every_language_at_once() {
            &wanted[..wanted.len().min(1)]
        } else {
            &wanted[..]
        };
        let work = futures_util::future::try_join_all(wanted.iter().map(|&language| {
            let cx = FetchContext {
                bank: id,
                language,
                page_size: self.options.page_size,
            };
            T::fetch_from(dialect, client, cx)
        }));
        let answers = tokio::time::timeout(self.options.deadline, work)
            .await
            .map_err(|_| CatalogError::Timeout(self.options.deadline))??;
        let Some(answers) = answers.into_iter().collect::<Option<Vec<_>>>() else {
            return Ok(None);
        };
        let mut answers = answers.into_iter();
        let mut normalised = answers.next().unwrap_or_default();
        for other in answers {
            crate::normalise::languages::merge_languages(&mut normalised.items, &other.items);
        }
        let normalised = Arc::new(normalised);
        if let Some(ttl) = self.options.cache_ttl {
            if let Some(state) = &self.options.shared_state {
                let shared_id = shared_cache::id(id, T::FAMILY, &cache_key);
                shared_cache::write(&**state, &shared_id, &normalised, ttl).await;
            }
            self.cache.put(
                id,
                T::FAMILY,
                cache_key,
                Arc::clone(&normalised),
                Duration::ZERO,
            );
        }
        Ok(Some(normalised))
    }
}

/// The client for one profile and its dialect, or why there is none (a dialect the catalog does
/// not speak, credentials of a kind the dialect cannot use, a bad base URL); fetches from such a
/// bank fail with [`CatalogError::InvalidProfile`].
fn build_client(
    profile: &BankProfile,
    options: &CatalogOptions,
) -> Result<(Client, &'static dyn PhaseOneDialect), ProfileError> {
    let dialect = dialects::of(profile.dialect).ok_or_else(|| ProfileError::UnknownDialect {
        bank: profile.id.clone(),
        message: format!("the catalog does not speak the {} dialect", profile.dialect),
    })?;
    let client = profile
        .client_builder_sharing(&dialect.auth_scheme(), options.shared_state.as_ref())?
        .retry_policy(options.retry.clone())
        .build()
        .map_err(|e| ProfileError::Client {
            bank: profile.id.clone(),
            message: e.to_string(),
        })?;
    Ok((client, dialect))
}
