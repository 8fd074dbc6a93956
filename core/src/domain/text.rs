//! Text limits and clean-up for everything a user types or imports.
//!
//! Limits keep a board small enough for localStorage and share links, and keep hostile input
//! (megabyte titles, control characters) out of the model. Lengths are counted in Unicode scalar
//! values, which is what a person counts as characters closely enough for limits.

use super::error::{DomainError, Field};

pub const TITLE_MAX: usize = 200;
pub const LONG_TEXT_MAX: usize = 10_000;
pub const TAG_MAX: usize = 40;
pub const TAGS_PER_STORY_MAX: usize = 20;
pub const NAME_MAX: usize = 80;
pub const STORIES_MAX: usize = 5_000;

/// Lower-cases `s` for comparisons that ignore case (search, tags, status words), with the full
/// Unicode mapping.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() { s.to_ascii_lowercase() } else { s.to_lowercase() }
}

/// Whether `c` may stay in a file name made from a board's name: ASCII letters and digits, and
/// other scripts' characters, but no spacing, punctuation, symbols, emoji or invisible
/// controls. Told by code point blocks, so that no Unicode tables are needed.
pub fn is_name_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !c.is_whitespace()
        && !matches!(
            u32::from(c),
            0x80..=0xBF | 0xD7 | 0xF7 | 0x2000..=0x2BFF | 0x3000..=0x303F | 0xFE00..=0xFE0F | 0xFEFF | 0xFFF0..=0xFFFF | 0x1F000..
        )
}

/// `text` cut to at most `max` characters, ending in "…" when it was longer.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// Trims a one-line text, folds whitespace runs (newlines, tabs) into single spaces, drops other
/// control characters, and checks it is non-empty and within `max` characters.
pub fn one_line(field: Field, raw: &str, max: usize) -> Result<String, DomainError> {
    let mut out = String::with_capacity(raw.len().min(max * 4));
    let mut pending_space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else if !c.is_control() {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    if out.is_empty() {
        return Err(DomainError::Empty(field));
    }
    check_len(field, &out, max)?;
    Ok(out)
}

/// Keeps line breaks and tabs, normalises `\r\n` to `\n`, drops other control characters, trims
/// the ends, and checks the length. Empty is allowed.
pub fn multi_line(field: Field, raw: &str, max: usize) -> Result<String, DomainError> {
    let out: String = raw
        .replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let out = out.trim().to_owned();
    check_len(field, &out, max)?;
    Ok(out)
}

/// Refuses a text longer than `max` characters.
pub fn check_len(field: Field, text: &str, max: usize) -> Result<(), DomainError> {
    // Byte length bounds the character count from above, so the count is only taken when needed.
    if text.len() > max {
        let actual = text.chars().count();
        if actual > max {
            return Err(DomainError::TooLong { field, max, actual });
        }
    }
    Ok(())
}

/// Splits a comma-separated tag list, cleans each tag, drops duplicates (case-insensitively) and
/// checks the limits.
pub fn tags(raw: &[String]) -> Result<Vec<String>, DomainError> {
    let mut out: Vec<String> = Vec::new();
    for piece in raw.iter().flat_map(|t| t.split(',')) {
        // A piece with nothing to read once cleaned (spaces, control characters) is no tag.
        let tag = match one_line(Field::Tag, piece, TAG_MAX) {
            Err(DomainError::Empty(_)) => continue,
            other => other?,
        };
        if !out.iter().any(|t| lowercase(t) == lowercase(&tag)) {
            out.push(tag);
        }
    }
    if out.len() > TAGS_PER_STORY_MAX {
        return Err(DomainError::TooMany { what: "tags per story", max: TAGS_PER_STORY_MAX });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn lowercase_is_unicode_aware_and_ascii_is_lowered_here() {
        assert_eq!(lowercase("Login PAGE 42"), "login page 42");
        assert_eq!(lowercase("ÜBER Straße ΟΔΟΣ"), "über straße οδος");
        assert!(['a', '7', 'ü', 'Ж', 'ß', '漢'].into_iter().all(is_name_char));
        let not =
            [' ', '-', '_', '\u{a0}', '\u{ad}', '—', '’', '…', '\u{200b}', '\u{202e}', '\u{feff}', '✓', '😀', '×'];
        assert!(not.into_iter().all(|c| !is_name_char(c)));
    }

    use super::*;

    #[test]
    fn one_line_folds_whitespace_and_refuses_empty() {
        assert_eq!(one_line(Field::Title, "  a \n\t b  ", 10).unwrap(), "a b");
        assert_eq!(one_line(Field::Title, " \n ", 10), Err(DomainError::Empty(Field::Title)));
        assert_eq!(one_line(Field::Title, "a\u{0}b", 10).unwrap(), "ab");
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let ok = "é".repeat(200);
        assert!(one_line(Field::Title, &ok, TITLE_MAX).is_ok());
        let long = "é".repeat(201);
        assert_eq!(
            one_line(Field::Title, &long, TITLE_MAX),
            Err(DomainError::TooLong { field: Field::Title, max: 200, actual: 201 })
        );
    }

    #[test]
    fn multi_line_keeps_lines_and_normalises_endings() {
        assert_eq!(multi_line(Field::Description, " a\r\nb\rc \u{7} ", 100).unwrap(), "a\nb\nc");
        assert_eq!(multi_line(Field::Description, "", 100).unwrap(), "");
    }

    #[test]
    fn tags_are_split_trimmed_and_deduplicated() {
        let raw = vec!["ux, API ,,ux".to_owned(), "Api".to_owned(), "  ".to_owned()];
        assert_eq!(tags(&raw).unwrap(), vec!["ux", "API"]);
        let too_long = vec!["x".repeat(41)];
        assert!(matches!(tags(&too_long), Err(DomainError::TooLong { field: Field::Tag, .. })));
    }
}
