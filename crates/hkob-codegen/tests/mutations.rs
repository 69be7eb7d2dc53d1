//! No spec makes the generator or the instance generator panic: the project's feature spec and
//! its bank API (in each input format) are mutated many times over (a node removed, or replaced
//! by a value of another kind), and each mutant must give code or an error, never a panic.
//! `HKOB_MUTANTS` sets how many mutants per spec (200 by default).

use std::path::{Path, PathBuf};

use serde_yaml::Value;

/// A small deterministic generator (SplitMix64), so a failing mutant can be reproduced.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
}

/// Where a node sits: the keys and indexes from the root.
#[derive(Clone, Debug)]
enum Step {
    Key(Value),
    Index(usize),
}

/// The paths of every node below the root.
fn paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Mapping(m) => {
            for (k, v) in m {
                at.push(Step::Key(k.clone()));
                out.push(at.clone());
                paths(v, at, out);
                at.pop();
            }
        }
        Value::Sequence(s) => {
            for (i, v) in s.iter().enumerate() {
                at.push(Step::Index(i));
                out.push(at.clone());
                paths(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// `root` with the node at `path` removed (`replacement` is `None`) or replaced.
fn mutate(root: &mut Value, path: &[Step], replacement: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = root;
    for step in parents {
        node = match (step, node) {
            (Step::Key(k), Value::Mapping(m)) => match m.get_mut(k) {
                Some(v) => v,
                None => return,
            },
            (Step::Index(i), Value::Sequence(s)) => match s.get_mut(*i) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
    }
    match (last, node, replacement) {
        (Step::Key(k), Value::Mapping(m), None) => {
            m.remove(k);
        }
        (Step::Key(k), Value::Mapping(m), Some(r)) => {
            m.insert(k.clone(), r);
        }
        (Step::Index(i), Value::Sequence(s), None) if *i < s.len() => {
            s.remove(*i);
        }
        (Step::Index(i), Value::Sequence(s), Some(r)) if *i < s.len() => {
            s[*i] = r;
        }
        _ => {}
    }
}

/// Values of every kind a mutant may put in place of a node.
fn replacement(rng: &mut Rng) -> Option<Value> {
    let choices = [
        None,
        Some(Value::Null),
        Some(Value::Bool(true)),
        Some(Value::Number((-1).into())),
        Some(Value::Number(1e300.into())),
        Some(Value::String(String::new())),
        Some(Value::String("#/components/schemas/Nowhere".into())),
        Some(Value::Sequence(vec![Value::Null])),
        Some(Value::Mapping(serde_yaml::Mapping::new())),
        Some(
            serde_yaml::from_str("{type: [string, 'null'], pattern: '^(?!', minLength: 9}")
                .unwrap_or(Value::Null),
        ),
        Some(serde_yaml::from_str("{$ref: '#/components/schemas/Nowhere'}").unwrap_or(Value::Null)),
        Some(
            serde_yaml::from_str("{oneOf: [{type: integer}, {allOf: [{type: string}]}]}")
                .unwrap_or(Value::Null),
        ),
    ];
    choices[rng.below(choices.len())].clone()
}

fn mutants() -> usize {
    std::env::var("HKOB_MUTANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

/// Mutates the spec at `path` and runs the generator and the instance generator on each mutant.
fn survive_mutants(path: &Path, seed: u64) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let original: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let mut all = Vec::new();
    paths(&original, &mut Vec::new(), &mut all);
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    let dir = std::env::temp_dir().join(format!(
        "hkob-codegen-mutants-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("yaml");
    // The spec's sibling files come along, so a `$ref` to one (`common.yaml`) still resolves.
    let siblings = path.parent().expect("a spec in a directory");
    for entry in std::fs::read_dir(siblings)
        .expect("spec directory")
        .flatten()
    {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy a sibling");
        }
    }
    let spec_file = dir.join(format!("mutant.{extension}"));
    let mut rng = Rng(seed);
    let mut generated = 0;
    let mut refused = 0;
    for i in 0..mutants() {
        let mut mutant = original.clone();
        for _ in 0..=rng.below(2) {
            let target = &all[rng.below(all.len())];
            mutate(&mut mutant, target, replacement(&mut rng));
        }
        let written = if extension == "json" {
            serde_json::to_string(&mutant).expect("json")
        } else {
            serde_yaml::to_string(&mutant).expect("yaml")
        };
        std::fs::write(&spec_file, &written).expect("write mutant");
        let job = hkob_codegen::Job::new(&spec_file, dir.join("out"));
        let outcome = std::panic::catch_unwind(|| {
            let generated = hkob_codegen::generate(&job).is_ok();
            if let Ok(spec) = hkob_codegen::load::load_spec(&spec_file) {
                let names: Vec<String> = spec
                    .components
                    .iter()
                    .flat_map(|c| c.schemas.keys().cloned())
                    .collect();
                for schema in names {
                    let _ = hkob_codegen::instances::instances(&spec, &schema, 4, 7);
                }
            }
            generated
        });
        match outcome {
            Ok(true) => generated += 1,
            Ok(false) => refused += 1,
            Err(_) => {
                let _ = std::fs::remove_dir_all(&dir);
                panic!("{name}: mutant {i} (seed {seed}) made a generator panic:\n{written}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("{name}: {generated} mutants generated, {refused} refused with an error, no panic");
    assert!(
        generated > 0,
        "{name}: no mutant generated (the mutations are too harsh)"
    );
}

fn spec(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/specs")
        .join(relative)
}

#[test]
fn mutants_of_the_feature_spec_never_panic() {
    survive_mutants(&spec("features.yaml"), 1);
}

#[test]
fn mutants_of_the_bank_api_in_each_format_never_panic() {
    for (i, file) in [
        "bank/swagger20.yaml",
        "bank/openapi30.yaml",
        "bank/openapi31.yaml",
    ]
    .iter()
    .enumerate()
    {
        survive_mutants(&spec(file), 100 + i as u64);
    }
}
