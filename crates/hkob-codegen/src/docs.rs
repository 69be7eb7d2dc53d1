//! Doc comments from spec text: made safe for rustdoc and clippy.
//!
//! Spec descriptions are Markdown written for other tools. Left as they are,
//! indented blocks would become doctests, `[x]` would become broken intra-doc
//! links, bare URLs would warn, and list items continued without indentation
//! would trip clippy. This module rewrites such text conservatively.

/// Doc comment lines (`/// ...`) for `text`, indented by `indent`.
pub fn doc_lines(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for line in sanitize(text) {
        if line.is_empty() {
            out.push_str(indent);
            out.push_str("///\n");
        } else {
            out.push_str(indent);
            out.push_str("/// ");
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Inner doc comment lines (`//! ...`) for `text`.
pub fn inner_doc_lines(text: &str) -> String {
    let mut out = String::new();
    for line in sanitize(text) {
        if line.is_empty() {
            out.push_str("//!\n");
        } else {
            out.push_str("//! ");
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The first sentence-like line of `text`, for one-line summaries.
pub fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_owned()
}

/// Rewrites Markdown into lines that rustdoc renders without warnings or doctests.
pub fn sanitize(text: &str) -> Vec<String> {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    // Content indent of the list item being continued, if any.
    let mut list_indent: Option<usize> = None;
    for raw in text.lines() {
        let trimmed = raw.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                out.push("```text".to_owned());
            }
            in_fence = !in_fence;
            list_indent = None;
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_owned());
            continue;
        }
        let body = trimmed.trim_end();
        if body.is_empty() {
            out.push(String::new());
            list_indent = None;
            continue;
        }
        let body = escape_inline(body);
        if let Some(marker) = list_marker_width(&body) {
            list_indent = Some(marker);
            out.push(body);
        } else if let Some(indent) = list_indent {
            out.push(format!("{}{}", " ".repeat(indent), body));
        } else {
            out.push(body);
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    out
}

/// Width of a list marker (`- `, `* `, `1. `) at the start of `line`.
fn list_marker_width(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    if bytes.len() >= 2 && matches!(bytes[0], b'-' | b'*' | b'+') && bytes[1] == b' ' {
        return Some(2);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0
        && digits < 4
        && bytes.len() > digits + 1
        && matches!(bytes[digits], b'.' | b')')
        && bytes[digits + 1] == b' '
    {
        return Some(digits + 2);
    }
    None
}

/// Escapes `[text]` that is not a Markdown link, and wraps bare URLs in `<>`.
fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let code = code_mask(&chars);
    // Brackets to escape: unmatched ones, and pairs not followed by a link target.
    let mut escape = vec![false; chars.len()];
    let mut opens: Vec<usize> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if code[i] {
            continue;
        }
        match c {
            '[' => opens.push(i),
            ']' => match opens.pop() {
                Some(o) => {
                    let next = chars.get(i + 1).copied();
                    if !matches!(next, Some('(') | Some('[')) {
                        escape[o] = true;
                        escape[i] = true;
                    }
                }
                None => escape[i] = true,
            },
            _ => {}
        }
    }
    for o in opens {
        escape[o] = true;
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if code[i] {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' | ']' if escape[i] => {
                out.push('\\');
                out.push(c);
            }
            'h' if starts_url(&chars, i) && !preceded_by_link_char(&chars, i) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            '<' | '>' if !is_autolink(&chars, i) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Marks the characters inside inline code spans (backticks included).
fn code_mask(chars: &[char]) -> Vec<bool> {
    let mut mask = vec![false; chars.len()];
    let ticks: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '`').collect();
    for pair in ticks.chunks(2) {
        if let [a, b] = pair {
            for m in &mut mask[*a..=*b] {
                *m = true;
            }
        }
    }
    mask
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    rest.starts_with("https://") || rest.starts_with("http://")
}

fn preceded_by_link_char(chars: &[char], i: usize) -> bool {
    i > 0 && matches!(chars[i - 1], '(' | '<')
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], '<' | '>' | '"')
    {
        end += 1;
    }
    while end > start
        && matches!(
            chars[end - 1],
            '.' | ',' | ';' | ':' | ')' | ']' | '!' | '?'
        )
    {
        end -= 1;
    }
    end
}

/// Whether the angle bracket at `i` belongs to an autolink (`<https://...>`). Every other
/// angle bracket is escaped: spec HTML is often unbalanced, which rustdoc rejects.
fn is_autolink(chars: &[char], i: usize) -> bool {
    if chars[i] == '<' {
        return starts_url(chars, i + 1) && chars[i + 1..].contains(&'>');
    }
    let before: String = chars[..i].iter().collect();
    match before.rfind('<') {
        Some(o) => {
            !before[..o].ends_with('\\')
                && before[o + 1..].starts_with("http")
                && !before[o + 1..].contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Escapes text for use inside a Rust string literal (`"..."`).
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indented_blocks_do_not_become_doctests() {
        let lines = sanitize("Intro\n\n    let x = 1;\n```\ncode\n```");
        assert_eq!(
            lines,
            vec!["Intro", "", "let x = 1;", "```text", "code", "```"]
        );
    }

    #[test]
    fn tabs_and_carriage_returns_are_normalised() {
        assert_eq!(sanitize("a\tb\r\nc"), vec!["a    b", "c"]);
    }

    #[test]
    fn list_continuations_are_indented() {
        let lines = sanitize("- first\nmore\n1. second\n   tail");
        assert_eq!(lines, vec!["- first", "  more", "1. second", "   tail"]);
    }

    #[test]
    fn brackets_urls_and_angles_are_escaped() {
        assert_eq!(escape_inline("see [x]"), "see \\[x\\]");
        assert_eq!(escape_inline("see [x](y)"), "see [x](y)");
        assert_eq!(escape_inline("go https://a.b/c."), "go <https://a.b/c>.");
        assert_eq!(escape_inline("<https://a.b>"), "<https://a.b>");
        assert_eq!(escape_inline("a < b"), "a \\< b");
        assert_eq!(escape_inline("x<i/>y"), "x\\<i/\\>y");
        assert_eq!(
            escape_inline("<a href=\"https://a.b/c\">d</a>"),
            "\\<a href=\"<https://a.b/c>\"\\>d\\</a\\>"
        );
        assert_eq!(escape_inline("[Note]: text"), "\\[Note\\]: text");
        assert_eq!(escape_inline("`[x]`"), "`[x]`");
    }

    #[test]
    fn string_literals_are_escaped() {
        assert_eq!(string_literal("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
