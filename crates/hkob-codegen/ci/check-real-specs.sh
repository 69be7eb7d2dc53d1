#!/usr/bin/env bash
# Proves hkob-codegen copes with real-world specs: generates a client for each spec below from
# `../shared/specs` (beside the repository) into a temporary crate outside the repository, and runs
# `cargo check` on it. Generated code for these specs never enters the repository.
#
# The same temporary crate also compiles the generator's feature snapshot
# (crates/hkob-codegen/tests/snapshots/features*) and the bank snapshots of each input format
# (bank_swagger20, bank_openapi30, bank_openapi31), and runs their round-trip tests, so the
# snapshots are proven to compile against hkob-core without warnings.
#
# Every real spec also gets a round-trip test: each example of the spec, and instances generated
# from each of its named schemas (hkob_codegen::fidelity), decode into the generated types and
# encode back to the same JSON; the counts are printed.
#
# The whole-bank specs of tests/specs/large (Swagger 2.0 and OpenAPI 3.1, hundreds of schemas
# each) go through the same steps; the specs of `../shared` are left out when it is absent.
#
# Set CARGO_TARGET_DIR to choose the target directory; by default the repository's `target/` is
# used, so hkob-core and its dependencies are reused.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
shared="$(cd "$repo/.." && pwd)/shared/specs"

# spec path : module name : override file under ci/ (optional)
large="$repo/crates/hkob-codegen/tests/specs/large"
specs=(
    "$large/bank-swagger20.json:large_swagger20:"
    "$large/bank-openapi31.yaml:large_openapi31:"
)
if [ -d "$shared" ]; then
    specs+=(
        "$shared/cds-au/cds_banking.json:cds_banking:cds_banking.overrides.toml"
        "$shared/open-finance-brasil/payments-4.1.0.yml:brasil_payments:"
    )
else
    echo "check-real-specs: the specs of ../shared are skipped ($shared does not exist)"
fi

# HKOB_REAL_SPECS=all adds every other spec under ../shared/specs.
if [ -d "$shared" ] && [ "${HKOB_REAL_SPECS:-}" = "all" ]; then
    for extra in "$shared"/cds-au/*.json "$shared"/open-finance-brasil/*.yml; do
        rel="${extra#"$shared"/}"
        case "$rel" in
            cds-au/cds_banking.json | open-finance-brasil/payments-4.1.0.yml) continue ;;
        esac
        name="$(basename "$rel")"
        name="${name%.*}"
        specs+=("$extra:extra_${name//[.-]/_}:")
    done
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
work="$(mktemp -d "${TMPDIR:-/tmp}/hkob-real-specs.XXXXXX")"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "hkob-real-specs-check"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
hkob-core = { path = "$repo/crates/hkob-core" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[dev-dependencies]
hkob-codegen = { path = "$repo/crates/hkob-codegen" }
futures-util = "0.3"
http = "1"
tokio = { version = "1", features = ["rt", "macros"] }
wiremock = "0.6"

[workspace]
TOML
# Resolve to the same versions as the repository.
cp "$repo/Cargo.lock" "$work/Cargo.lock"

# The bank API of tests/specs/bank, one snapshot per input format.
banks="bank_swagger20 bank_openapi30 bank_openapi31"

{
    echo "//! Clients generated from real-world specs, to prove they compile."
    echo "#![warn(missing_docs)]"
    echo "pub mod features;"
    for bank in $banks; do
        echo "pub mod $bank;"
    done
} > "$work/src/lib.rs"

# The feature snapshot, as checked in.
snapshots="$repo/crates/hkob-codegen/tests/snapshots"
cp -r "$snapshots/features" "$snapshots/features.rs" "$work/src/"
mkdir -p "$work/tests"
sed 's/use crate::features::types;/use hkob_real_specs_check::features::types;/' \
    "$snapshots/features_roundtrip.rs" > "$work/tests/roundtrip_features.rs"
cp "$repo/crates/hkob-codegen/ci/features_client.rs" "$work/tests/features_client.rs"
bank_tests=()
for bank in $banks; do
    cp -r "$snapshots/$bank" "$snapshots/$bank.rs" "$work/src/"
    sed "s/use crate::$bank::types;/use hkob_real_specs_check::$bank::types;/" \
        "$snapshots/${bank}_roundtrip.rs" > "$work/tests/roundtrip_$bank.rs"
    bank_tests+=(--test "roundtrip_$bank")
done

cargo build --quiet --manifest-path "$repo/Cargo.toml" -p hkob-codegen
codegen="$CARGO_TARGET_DIR/debug/hkob-codegen"

real_tests=()
for entry in "${specs[@]}"; do
    IFS=: read -r spec_path module overrides <<< "$entry"
    spec="$spec_path"
    args=(generate --spec "$spec" --out "$work/src/$module"
        --roundtrip-test "$work/tests/roundtrip_$module.rs"
        --module-path "hkob_real_specs_check::$module" --schema-instances)
    if [ -n "$overrides" ]; then
        args+=(--overrides "$repo/crates/hkob-codegen/ci/$overrides")
    fi
    echo "check-real-specs: generating $module from $spec"
    "$codegen" "${args[@]}"
    echo "pub mod $module;" >> "$work/src/lib.rs"
    real_tests+=(--test "roundtrip_$module")
done

echo "check-real-specs: cargo check"
log="$work/check.log"
if ! cargo check --manifest-path "$work/Cargo.toml" --all-targets --message-format short 2> "$log"; then
    cat "$log" >&2
    echo "check-real-specs: FAILED: the generated code does not compile" >&2
    exit 1
fi
if grep -Eq "^(src|tests)/.*warning" "$log"; then
    grep -E "^(src|tests)/" "$log" >&2
    echo "check-real-specs: FAILED: the generated code compiles with warnings" >&2
    exit 1
fi
echo "check-real-specs: round-trip and client tests of the feature and bank snapshots"
if ! cargo test --quiet --manifest-path "$work/Cargo.toml" --test roundtrip_features --test features_client "${bank_tests[@]}" 2> "$log"; then
    cat "$log" >&2
    echo "check-real-specs: FAILED: the snapshots' tests fail" >&2
    exit 1
fi
echo "check-real-specs: examples and schema instances of the real specs round-trip"
if ! cargo test --quiet --no-fail-fast --manifest-path "$work/Cargo.toml" "${real_tests[@]}" -- --nocapture > "$log" 2>&1; then
    cat "$log" >&2
    grep -E "decoded and encoded back" "$log" >&2 || true
    echo "check-real-specs: FAILED: the real specs' round-trip tests fail" >&2
    exit 1
fi
grep -E "decoded and encoded back|test result|^  [^ ]" "$log"
echo "check-real-specs: ok (${#specs[@]} large and real specs and the feature and bank snapshots compile without warnings)"
