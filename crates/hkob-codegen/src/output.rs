//! Generated files: formatting, writing, and checking that checked-in files are fresh.

use std::path::{Path, PathBuf};

use crate::error::CodegenError;
use crate::format::rustfmt;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Where it goes.
    pub path: PathBuf,
    /// Its contents, header included, formatted.
    pub contents: String,
}

impl GeneratedFile {
    /// Formats `source` and puts `header` on top.
    pub fn new(path: PathBuf, header: &str, source: &str) -> Result<Self, CodegenError> {
        let formatted = rustfmt(source)?;
        Ok(Self {
            path,
            contents: format!("{header}{formatted}"),
        })
    }

    /// Writes the file, creating its directory.
    pub fn write(&self) -> Result<bool, CodegenError> {
        if std::fs::read_to_string(&self.path).is_ok_and(|c| c == self.contents) {
            return Ok(false);
        }
        if let Some(dir) = self.path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| CodegenError::io(dir, e))?;
        }
        std::fs::write(&self.path, &self.contents).map_err(|e| CodegenError::io(&self.path, e))?;
        Ok(true)
    }

    /// How the file on disk differs from this one, if it does.
    pub fn staleness(&self) -> Option<Stale> {
        match std::fs::read_to_string(&self.path) {
            Err(_) => Some(Stale {
                path: self.path.clone(),
                summary: "missing".to_owned(),
            }),
            Ok(on_disk) if on_disk == self.contents => None,
            Ok(on_disk) => Some(Stale {
                path: self.path.clone(),
                summary: diff_summary(&on_disk, &self.contents),
            }),
        }
    }
}

/// A checked-in file that does not match what the spec generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The file.
    pub path: PathBuf,
    /// What differs, in one line.
    pub summary: String,
}

/// `N lines differ, first at line L: - old / + new`.
pub fn diff_summary(old: &str, new: &str) -> String {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let longest = old_lines.len().max(new_lines.len());
    let mut differing = 0;
    let mut first = None;
    for i in 0..longest {
        if old_lines.get(i) != new_lines.get(i) {
            differing += 1;
            first.get_or_insert(i);
        }
    }
    match first {
        Some(i) => format!(
            "{differing} line(s) differ ({} on disk, {} generated); first at line {}:\n    - {}\n    + {}",
            old_lines.len(),
            new_lines.len(),
            i + 1,
            old_lines.get(i).copied().unwrap_or("<end of file>"),
            new_lines.get(i).copied().unwrap_or("<end of file>")
        ),
        None => "line endings differ".to_owned(),
    }
}

/// `.rs` files under `dir` that were not generated (left over from an older spec).
pub fn leftovers(dir: &Path, generated: &[GeneratedFile]) -> Vec<PathBuf> {
    let mut extra = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return extra;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.extension().is_some_and(|e| e == "rs") && !generated.iter().any(|g| g.path == p) {
            extra.push(p);
        }
    }
    extra
}
