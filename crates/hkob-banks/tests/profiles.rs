//! Loading bank profiles from files, and turning them into clients that a mock bank accepts.

use std::collections::HashMap;

use hkob_banks::{
    AuthScheme, BankCredentials, BankProfile, Dialect, Environment, ProfileError, ProfileLoader,
    mock_profiles, mock_profiles_of,
};
use hkob_core::ApiRequest;
use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};

fn loader(vars: &[(&str, &str)]) -> ProfileLoader {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    ProfileLoader::new().env(move |name| vars.get(name).cloned())
}

const FILE: &str = r#"
[catalog]            # the application's own settings are left alone
deadline_secs = 5

[[bank]]
id = "bea"
environment = "sandbox"
client_id = "bea-id"
client_secret_env = "BEA_SECRET"

[[bank]]
id = "dbs"
base_url = "https://www.dbs.com/sandbox"
client_id = "dbs-id"
client_secret = "dbs-secret"
partner_id = "partner"
partner_secret_env = "DBS_JWT"

[[bank]]
id = "mybank"
dialect = "hsbc_group"
base_url = "http://127.0.0.1:8080/mybank"
"#;

#[test]
fn loads_toml_with_directory_defaults_and_secrets_from_the_environment() {
    let profiles = loader(&[("BEA_SECRET", "s3cret-bea"), ("DBS_JWT", "jwt.sig.ned")])
        .toml(FILE)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(profiles.len(), 3);
    let bea = &profiles[0];
    assert_eq!(bea.name, "The Bank of East Asia, Limited");
    assert_eq!(bea.dialect, Dialect::JetcoApix);
    assert_eq!(bea.base_url, "https://sandbox.apix.com.hk/jetco/sb/bea");
    assert_eq!(
        bea.credentials,
        BankCredentials::client_secret("bea-id", "s3cret-bea")
    );
    assert_eq!(
        profiles[1].credentials,
        BankCredentials::dbs_partner("dbs-id", "dbs-secret", "partner", "jwt.sig.ned")
    );
    assert_eq!(profiles[2].dialect, Dialect::HsbcGroup);
    assert_eq!(profiles[2].name, "mybank");
    assert_eq!(profiles[2].credentials, BankCredentials::None);
    let shown = format!("{profiles:?}");
    assert!(
        !shown.contains("s3cret-bea")
            && !shown.contains("jwt.sig.ned")
            && !shown.contains("dbs-secret")
    );
}

#[test]
fn loads_json_as_a_table_or_a_bare_array_and_from_a_file() {
    let table = r#"{"bank": [{"id": "hsbc", "environment": "sandbox"}]}"#;
    let array = r#"[{"id": "hsbc", "environment": "sandbox"}]"#;
    let a = loader(&[]).json(table).unwrap_or_else(|e| panic!("{e}"));
    let b = loader(&[]).json(array).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a, b);
    assert_eq!(a[0].base_url, "https://developer.hsbc.com.hk/sandbox");

    let dir = std::env::temp_dir().join(format!("hkob-banks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("banks.json");
    std::fs::write(&path, table).unwrap_or_else(|e| panic!("{e}"));
    let loaded = BankProfile::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, a);
    let missing = BankProfile::load(dir.join("absent.toml"));
    assert!(
        matches!(missing, Err(ProfileError::Read { .. })),
        "{missing:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn deserializes_one_profile() {
    let profile: BankProfile = serde_json::from_str(r#"{"id": "sc", "environment": "production"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(profile.base_url, "https://api.sc.com");
    assert_eq!(profile.dialect, Dialect::StandardChartered);
    let bad =
        serde_json::from_str::<BankProfile>(r#"{"id": "nobody", "base_url": "https://x.example"}"#);
    let message = bad.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("give its dialect"), "{message}");
}

#[test]
fn refuses_bad_files_with_the_reason() {
    type Check = fn(&ProfileError) -> bool;
    let cases: &[(&str, Check)] = &[
        (
            "[[bank]]\nid = \"bea\"\nenvironment = \"sandbox\"\n[[bank]]\nid = \"BEA\"\nenvironment = \"sandbox\"\n",
            |e| matches!(e, ProfileError::DuplicateId(id) if id == "BEA"),
        ),
        (
            "[[bank]]\nid = \" \"\nbase_url = \"https://x.example\"\ndialect = \"dbs\"\n",
            |e| matches!(e, ProfileError::EmptyId),
        ),
        (
            "[[bank]]\nid = \"bea\"\nenvironment = \"sandbox\"\nclient_id = \"x\"\nclient_secret_env = \"UNSET_VAR\"\n",
            |e| matches!(e, ProfileError::MissingEnvironmentVariable { variable, .. } if variable == "UNSET_VAR"),
        ),
        (
            "[[bank]]\nid = \"bea\"\nenvironment = \"sandbox\"\nclient_id = \"x\"\n",
            |e| matches!(e, ProfileError::IncompleteCredentials(_)),
        ),
        (
            "[[bank]]\nid = \"bea\"\nenvironment = \"sandbox\"\nclient_secert = \"x\"\n",
            |e| matches!(e, ProfileError::Syntax { message, .. } if message.contains("client_secert")),
        ),
        (
            "[[bank]]\nid = \"bea\"\nenvironment = \"sandbox\"\nbase_url = \"https://x.example\"\n",
            |e| matches!(e, ProfileError::InvalidBaseUrl { .. }),
        ),
        (
            "[[bank]]\nid = \"bea\"\nbase_url = \"http://bank.example\"\n",
            |e| matches!(e, ProfileError::InvalidBaseUrl { .. }),
        ),
        (
            "[[bank]]\nid = \"hsbc\"\nenvironment = \"production\"\n",
            |e| matches!(e, ProfileError::MissingBaseUrl(_)),
        ),
        (
            "[[bank]]\nid = \"bea\"\ndialect = \"ob-uk\"\nenvironment = \"sandbox\"\n",
            |e| matches!(e, ProfileError::UnknownDialect { .. }),
        ),
        ("[[bank]]\nid = \"za\"\nenvironment = \"sandbox\"\n", |e| {
            matches!(e, ProfileError::MissingDialect(_))
        }),
        ("[[bank]\n", |e| matches!(e, ProfileError::Syntax { .. })),
    ];
    for (text, expected) in cases {
        match loader(&[("EMPTY", "")]).toml(text) {
            Ok(p) => panic!("accepted {text}: {p:?}"),
            Err(e) => assert!(expected(&e), "{text}: {e:?}"),
        }
    }
    let empty = loader(&[("EMPTY", "")]).toml(
        "[[bank]]\nid = \"bea\"\nenvironment = \"sandbox\"\nclient_id = \"x\"\nclient_secret_env = \"EMPTY\"\n",
    );
    assert!(matches!(
        empty,
        Err(ProfileError::MissingEnvironmentVariable { .. })
    ));
}

#[test]
fn from_directory_and_mismatched_credentials() {
    let bea = BankProfile::from_directory("bea", Environment::Production, BankCredentials::None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bea.base_url, "https://live.apix.com.hk/bea/api/bea");
    assert!(
        BankProfile::from_directory("za", Environment::Sandbox, BankCredentials::None).is_err()
    );

    let dbs = BankProfile::from_directory(
        "dbs",
        Environment::Sandbox,
        BankCredentials::dbs_partner("id", "secret", "partner", "jwt"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let scheme = AuthScheme::HeaderPair {
        id_header: "X-IBM-Client-Id",
        secret_header: "X-IBM-Client-Secret",
    };
    match dbs.client_builder(&scheme) {
        Err(ProfileError::CredentialsMismatch { credentials, .. }) => {
            assert_eq!(credentials, "DBS partner")
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[tokio::test]
async fn mock_profiles_make_clients_the_mock_bank_accepts() {
    let mock = MockBank::builder()
        .start()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let profiles = mock_profiles(&mock);
    assert_eq!(profiles.len(), mock.banks().count());
    let dbs = profiles.iter().find(|p| p.id == "dbs");
    assert!(matches!(
        dbs.map(|p| &p.credentials),
        Some(BankCredentials::DbsPartner { .. })
    ));

    let bea = mock_profiles_of(&mock, &["bea"]);
    assert_eq!(bea.len(), 1);
    let jetco = AuthScheme::HeaderPair {
        id_header: "X-IBM-Client-Id",
        secret_header: "X-IBM-Client-Secret",
    };
    let client = bea[0].client(&jetco).unwrap_or_else(|e| panic!("{e}"));
    let answer = client
        .execute(ApiRequest::get("/deposits/v1/savings"))
        .await;
    assert!(answer.is_ok(), "{answer:?}");

    // The same bank refuses a client whose headers are not the ones it expects.
    let wrong = AuthScheme::HeaderPair {
        id_header: "ClientID",
        secret_header: "ClientSecret",
    };
    let client = bea[0].client(&wrong).unwrap_or_else(|e| panic!("{e}"));
    let refused = client
        .execute(ApiRequest::get("/deposits/v1/savings"))
        .await;
    assert!(refused.is_err());

    // OAuth client credentials at a BOCHK group bank, its token path given by the scheme.
    let bochk = BankProfile::new(
        "bochk",
        "BOCHK",
        Dialect::BochkGroup,
        mock.bank_url("bochk").unwrap_or_default(),
        BankCredentials::client_secret(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    );
    let oauth = AuthScheme::OAuthClientCredentials {
        token_path: "/auth/oauth/v2/token",
    };
    let client = bochk.client(&oauth).unwrap_or_else(|e| panic!("{e}"));
    let token_only = client.execute(ApiRequest::post("/no-such-read")).await;
    // The token was granted (a bad token would be a 401 from the token endpoint, an auth error);
    // the made-up path is the bank's 404.
    match token_only {
        Err(hkob_core::Error::Api(e)) => assert_eq!(e.status().as_u16(), 404, "{e:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_directory_names_the_phase_iii_dialect_of_the_banks_hkob_reads_accounts_from() {
    use hkob_banks::{Dialect, KnownBank, Phase};
    let phase3 = |id: &str| KnownBank::find(id).and_then(|b| b.dialect(Phase::AccountInformation));
    assert_eq!(phase3("bea"), Some(Dialect::JetcoApix));
    assert_eq!(phase3("hsbc"), Some(Dialect::HsbcGroup));
    assert_eq!(phase3("hangseng"), Some(Dialect::HsbcGroup));
    assert_eq!(phase3("bochk"), None, "no Phase III dialect hkob speaks");
    let hsbc = KnownBank::find("hsbc")
        .and_then(|b| b.api(Phase::AccountInformation))
        .expect("HSBC's Phase III API");
    assert_eq!(
        hsbc.sandbox_url(),
        Some("https://sandbox.ob.hsbc.com.hk/mock")
    );
    let virtual_on_apix = KnownBank::all()
        .iter()
        .filter(|b| {
            b.is_virtual_bank() && b.dialect(Phase::ProductInformation) == Some(Dialect::JetcoApix)
        })
        .all(|b| b.dialect(Phase::AccountInformation).is_none());
    assert!(
        virtual_on_apix,
        "a virtual bank on APIX publishes no account information there"
    );
}
