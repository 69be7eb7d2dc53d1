#!/usr/bin/env bash
# Proves that generated code needs nothing but the `hkob` facade, and compiles without warnings
# in a binary crate: generates the feature spec with `--runtime hkob::core` into a temporary
# binary crate whose only dependency is `hkob`, and checks it.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
work="$(mktemp -d "${TMPDIR:-/tmp}/hkob-facade-binary.XXXXXX")"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "hkob-facade-binary-check"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
hkob = { path = "$repo", default-features = false }

[workspace]
TOML
cp "$repo/Cargo.lock" "$work/Cargo.lock"
cat > "$work/src/main.rs" <<'RS'
//! A TSP's own program with a client generated for its bank's spec.

mod features;

fn main() {
    let request = features::operations::ListAccounts::new().to_request();
    println!("{}", request.path());
}
RS

cargo build --quiet --manifest-path "$repo/Cargo.toml" -p hkob-codegen
"$CARGO_TARGET_DIR/debug/hkob-codegen" generate \
    --spec "$repo/crates/hkob-codegen/tests/specs/features.yaml" \
    --out "$work/src/features" --runtime hkob::core

log="$work/check.log"
if ! cargo check --manifest-path "$work/Cargo.toml" --message-format short 2> "$log"; then
    cat "$log" >&2
    echo "check-facade-binary: FAILED: the generated code does not compile on the facade alone" >&2
    exit 1
fi
if grep -Eq "^src/.*warning" "$log"; then
    grep -E "^src/" "$log" >&2
    echo "check-facade-binary: FAILED: the generated code warns in a binary crate" >&2
    exit 1
fi
echo "check-facade-binary: ok (generated code compiles on hkob alone, without warnings, in a binary)"
