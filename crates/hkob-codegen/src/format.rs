//! Formatting generated source with `rustfmt` (edition 2024).

use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::error::CodegenError;

/// Formats `source` with the `rustfmt` binary, as `cargo fmt` would.
pub fn rustfmt(source: &str) -> Result<String, CodegenError> {
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut child = Command::new(rustfmt)
        .args(["--edition", "2024"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| CodegenError::Format(format!("cannot run rustfmt: {e}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| CodegenError::Format("rustfmt has no stdin".into()))?;
    let input = source.to_owned();
    // Write from another thread so a full stdout pipe cannot deadlock us.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| CodegenError::Format(format!("rustfmt failed: {e}")))?;
    match writer.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(CodegenError::Format(format!("writing to rustfmt: {e}"))),
        Err(_) => {
            return Err(CodegenError::Format(
                "the rustfmt writer thread panicked".into(),
            ));
        }
    }
    if !output.status.success() {
        return Err(CodegenError::Format(format!(
            "rustfmt rejected the generated code: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| CodegenError::Format("rustfmt wrote invalid UTF-8".into()))
}
