//! `hkob-codegen`: generate hkob client modules from OpenAPI specs, or check they are fresh.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hkob_codegen::config::Config;
use hkob_codegen::output::leftovers;
use hkob_codegen::{CodegenError, Job, generate};

const USAGE: &str = "\
usage:
  hkob-codegen generate --spec <spec.yaml|json> --out <dir/module> [--overrides <file.toml>]
                        [--roundtrip-test <tests/file.rs> --module-path <crate::path>
                         [--schema-instances]]   (the test also checks instances of every
                                                  schema; needs hkob-codegen as a dev-dependency)
                        [--runtime <path>]   (hkob::core when your crate depends on hkob only)
      generate one spec: writes <out>.rs, <out>/types.rs and <out>/operations.rs
  hkob-codegen generate [--config <codegen.toml>]
      regenerate every spec listed in codegen.toml
  hkob-codegen check [--config <codegen.toml>]
      regenerate in memory; fail if a checked-in file is stale
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

#[derive(Default)]
struct Flags {
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    overrides: Option<PathBuf>,
    roundtrip_test: Option<PathBuf>,
    module_path: Option<String>,
    schema_instances: bool,
    runtime: Option<String>,
    config: Option<PathBuf>,
}

fn parse_flags(args: &[String]) -> Result<Flags, String> {
    let mut flags = Flags::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--schema-instances" {
            flags.schema_instances = true;
            continue;
        }
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs a value\n\n{USAGE}"))
        };
        match a.as_str() {
            "--spec" => flags.spec = Some(value()?.into()),
            "--out" => flags.out = Some(value()?.into()),
            "--overrides" => flags.overrides = Some(value()?.into()),
            "--roundtrip-test" => flags.roundtrip_test = Some(value()?.into()),
            "--module-path" => flags.module_path = Some(value()?),
            "--runtime" => flags.runtime = Some(value()?),
            "--config" => flags.config = Some(value()?.into()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(flags)
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err(USAGE.to_owned());
    };
    if rest.iter().any(|a| a == "-h" || a == "--help") {
        print_usage();
        return Ok(ExitCode::SUCCESS);
    }
    let flags = parse_flags(rest)?;
    match command.as_str() {
        "generate" => {
            let jobs = jobs(&flags)?;
            for job in &jobs {
                let generated = generate(job).map_err(|e| e.to_string())?;
                report_warnings(job, &generated.warnings);
                let mut changed = 0;
                for file in &generated.files {
                    if file.write().map_err(|e| e.to_string())? {
                        changed += 1;
                    }
                }
                for extra in leftovers(&job.out, &generated.files) {
                    eprintln!(
                        "warning: {} is not generated any more; delete it",
                        extra.display()
                    );
                }
                let simplified = match generated.warnings.len() {
                    0 => "nothing simplified or left out".to_owned(),
                    n => format!("{n} simplification(s) or omission(s), listed above"),
                };
                eprintln!(
                    "{}: {} types, {} operations, {simplified}; {} file(s), {changed} changed",
                    job.spec.display(),
                    generated.types,
                    generated.operations,
                    generated.files.len()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        "check" => {
            if flags.spec.is_some() || flags.out.is_some() {
                return Err("check reads codegen.toml; pass --config, not --spec/--out".into());
            }
            let jobs = jobs(&flags)?;
            let mut stale = 0;
            for job in &jobs {
                let generated = generate(job).map_err(|e| e.to_string())?;
                for file in &generated.files {
                    if let Some(s) = file.staleness() {
                        stale += 1;
                        eprintln!("stale: {}: {}", s.path.display(), s.summary);
                    }
                }
                for extra in leftovers(&job.out, &generated.files) {
                    stale += 1;
                    eprintln!("stale: {}: not generated any more", extra.display());
                }
            }
            if stale > 0 {
                eprintln!(
                    "{stale} generated file(s) are stale; run `cargo run -p hkob-codegen -- generate`"
                );
                Ok(ExitCode::FAILURE)
            } else {
                eprintln!("{} spec(s): generated code is fresh", jobs.len());
                Ok(ExitCode::SUCCESS)
            }
        }
        "-h" | "--help" | "help" => {
            print_usage();
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    }
}

/// Prints the usage on stdout; a closed pipe is not an error.
fn print_usage() {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout(), "{USAGE}");
}

fn report_warnings(job: &Job, warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {}: {w}", job.spec.display());
    }
}

/// The jobs: one from `--spec/--out`, or every entry of `codegen.toml`.
fn jobs(flags: &Flags) -> Result<Vec<Job>, String> {
    if let (Some(spec), Some(out)) = (&flags.spec, &flags.out) {
        let mut job = Job::new(spec, out);
        if let Some(o) = &flags.overrides {
            job.overrides = Some(o.clone());
            job.command
                .push_str(&format!(" --overrides {}", o.display()));
        }
        if let Some(r) = &flags.runtime {
            job.runtime = r.clone();
            job.command.push_str(&format!(" --runtime {r}"));
        }
        match (&flags.roundtrip_test, &flags.module_path) {
            (Some(t), Some(m)) => {
                job.roundtrip = Some((t.clone(), m.clone()));
                job.command.push_str(&format!(
                    " --roundtrip-test {} --module-path {m}",
                    t.display()
                ));
                if flags.schema_instances {
                    job.schema_instances = true;
                    job.command.push_str(" --schema-instances");
                }
            }
            (None, None) if flags.schema_instances => {
                return Err("--schema-instances needs --roundtrip-test".into());
            }
            (None, None) => {}
            _ => return Err("--roundtrip-test and --module-path go together".into()),
        }
        return Ok(vec![job]);
    }
    if flags.spec.is_some() || flags.out.is_some() {
        return Err(format!("--spec and --out go together\n\n{USAGE}"));
    }
    let config_path = match &flags.config {
        Some(c) => c.clone(),
        None => find_config().ok_or("no codegen.toml here or in a parent directory")?,
    };
    let config = Config::load(&config_path).map_err(|e: CodegenError| e.to_string())?;
    let base = config_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut jobs = Vec::new();
    for api in &config.api {
        let mut job = Job::new(&api.spec, &api.out);
        job.spec = base.join(&api.spec);
        job.out = base.join(&api.out);
        job.overrides = match &api.overrides {
            Some(o) => {
                job.command
                    .push_str(&format!(" --overrides {}", o.display()));
                Some(base.join(o))
            }
            None => hkob_codegen::default_overrides(&job.spec),
        };
        if let Some(r) = &api.runtime {
            job.runtime = r.clone();
            job.command.push_str(&format!(" --runtime {r}"));
        }
        if let (Some(t), Some(m)) = (&api.roundtrip_test, &api.module_path) {
            job.roundtrip = Some((base.join(t), m.clone()));
            job.command.push_str(&format!(
                " --roundtrip-test {} --module-path {m}",
                t.display()
            ));
            if api.schema_instances {
                job.schema_instances = true;
                job.command.push_str(" --schema-instances");
            }
        }
        jobs.push(job);
    }
    Ok(jobs)
}

fn find_config() -> Option<PathBuf> {
    let mut dir = std::env::current_dir().ok()?;
    loop {
        let candidate = dir.join("codegen.toml");
        if candidate.is_file() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}
