//! Reading delimited text (CSV, TSV, semicolon-separated) into records, whatever produced it.
//!
//! Parsing is csv-core's (RFC 4180: quoted fields, doubled quotes, embedded newlines, CRLF).
//! Around it this module decides what csv-core cannot: the text encoding (UTF-8, with or without
//! BOM; UTF-16 with BOM; otherwise Windows-1252, which is what Excel writes on Western systems),
//! the separator (comma, semicolon, tab or pipe, by which one splits the first records most
//! consistently), the line each record starts on, and whether a quoted field was never closed.

use std::fmt;

/// Files larger than this are refused before parsing.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
/// Records beyond this are refused (a board holds 5,000 stories).
pub const MAX_RECORDS: usize = 20_000;

/// Why a file cannot be read as delimited text at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("The file is empty.")]
    Empty,
    #[error("The file is {} MB; files up to 4 MB can be imported. Split it, or export fewer columns.", mb(*.0))]
    TooLarge(usize),
    #[error("The file has more than {MAX_RECORDS} rows; a board holds at most 5,000 stories.")]
    TooManyRecords,
    #[error(
        "Line {line}: a quoted field starts here but its closing quote (\") is missing, so the rest of the file would be read as one field. Check for a stray quote character on that line."
    )]
    UnclosedQuote { line: usize },
}

fn mb(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10 + 524_288) / 1_048_576;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The text encoding a file was read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    /// Bytes that are not UTF-8, read as Windows-1252 (Western European).
    Windows1252,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16 => "UTF-16",
            Encoding::Windows1252 => "Windows-1252 (the file is not UTF-8)",
        })
    }
}

/// One record and the line (1-based) it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A file read as records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub encoding: Encoding,
    pub delimiter: u8,
    /// Every non-blank record, in file order.
    pub records: Vec<Record>,
}

impl Table {
    /// The separator's name for people ("comma", "semicolon", "tab", "pipe").
    pub fn delimiter_name(&self) -> &'static str {
        match self.delimiter {
            b',' => "comma",
            b';' => "semicolon",
            b'\t' => "tab",
            _ => "pipe",
        }
    }
}

/// Decodes `bytes` to text, reporting the encoding used.
pub fn decode_text(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        return (String::from_utf16_lossy(&units), Encoding::Utf16);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return (String::from_utf16_lossy(&units), Encoding::Utf16);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), Encoding::Utf8),
        Err(_) => (bytes.iter().map(|b| windows_1252(*b)).collect(), Encoding::Windows1252),
    }
}

/// The character a Windows-1252 byte stands for (Latin-1 except 0x80–0x9F).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    if (0x80..0xa0).contains(&b) { HIGH[usize::from(b - 0x80)] } else { char::from(b) }
}

/// Reads a whole file: decodes it, picks the separator and parses every record.
pub fn read(bytes: &[u8]) -> Result<Table, CsvError> {
    if bytes.len() > MAX_BYTES {
        return Err(CsvError::TooLarge(bytes.len()));
    }
    let (text, encoding) = decode_text(bytes);
    if text.trim().is_empty() {
        return Err(CsvError::Empty);
    }
    let delimiter = detect_delimiter(&text);
    let records = parse(&text, delimiter, usize::MAX)?;
    if records.is_empty() {
        return Err(CsvError::Empty);
    }
    Ok(Table { encoding, delimiter, records })
}

/// The separator that splits the first records into the most consistent number of fields.
fn detect_delimiter(text: &str) -> u8 {
    let mut best = (0usize, b',');
    for d in [b',', b';', b'\t', b'|'] {
        let Ok(sample) = parse(text, d, 30) else { continue };
        let counts: Vec<usize> = sample.iter().map(|r| r.fields.len()).collect();
        let Some(&first) = counts.first() else { continue };
        if first < 2 {
            continue;
        }
        let agree = counts.iter().filter(|c| **c == first).count();
        let score = agree * 1000 + first.min(999);
        if score > best.0 {
            best = (score, d);
        }
    }
    best.1
}

/// Parses up to `limit` non-blank records of `text` separated by `delimiter`.
fn parse(text: &str, delimiter: u8, limit: usize) -> Result<Vec<Record>, CsvError> {
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut input = text.as_bytes();
    let mut out = vec![0u8; 4096];
    let mut ends = vec![0usize; 64];
    let (mut out_len, mut ends_len) = (0usize, 0usize);
    let mut records = Vec::new();
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut quotes = 0usize;
    loop {
        let (result, nin, nout, nend) = reader.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        line += input[..nin].iter().filter(|b| **b == b'\n').count();
        quotes += input[..nin].iter().filter(|b| **b == b'"').count();
        input = &input[nin..];
        out_len += nout;
        ends_len += nend;
        match result {
            csv_core::ReadRecordResult::InputEmpty => {}
            csv_core::ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
            csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            csv_core::ReadRecordResult::Record => {
                // A record whose raw text holds an odd number of quote characters opened a
                // quoted field it never closed (doubled quotes and closed fields come in pairs).
                if quotes % 2 == 1 && input.is_empty() {
                    return Err(CsvError::UnclosedQuote { line: record_line });
                }
                let bytes = &out[..out_len];
                let mut start = 0;
                let fields: Vec<String> = ends[..ends_len]
                    .iter()
                    .map(|&end| {
                        let f = String::from_utf8_lossy(&bytes[start..end]).trim().to_owned();
                        start = end;
                        f
                    })
                    .collect();
                if fields.iter().any(|f| !f.is_empty()) {
                    if records.len() >= MAX_RECORDS {
                        return Err(CsvError::TooManyRecords);
                    }
                    records.push(Record { line: record_line, fields });
                    if records.len() >= limit {
                        return Ok(records);
                    }
                }
                out_len = 0;
                ends_len = 0;
                quotes = 0;
                // The next record starts after this one's line break.
                record_line = line;
            }
            csv_core::ReadRecordResult::End => return Ok(records),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(t: &Table) -> Vec<Vec<&str>> {
        t.records.iter().map(|r| r.fields.iter().map(String::as_str).collect()).collect()
    }

    #[test]
    fn quoted_fields_newlines_and_doubled_quotes() {
        let t = read(b"Title,Body\n\"A, b\",\"line 1\nline 2\"\n\"Say \"\"hi\"\"\",x\r\n").unwrap();
        assert_eq!(t.delimiter, b',');
        assert_eq!(fields(&t), [vec!["Title", "Body"], vec!["A, b", "line 1\nline 2"], vec!["Say \"hi\"", "x"]]);
        assert_eq!(t.records.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2, 4]);
    }

    #[test]
    fn separators_are_detected() {
        assert_eq!(read(b"a;b;c\n1;2, 3;4\n").unwrap().delimiter, b';');
        assert_eq!(read(b"a\tb\n\"x\" y\tz\n").unwrap().delimiter, b'\t');
        assert_eq!(read(b"a|b\n1|2\n").unwrap().delimiter, b'|');
        assert_eq!(read(b"a,b\n1,2\n").unwrap().delimiter, b',');
    }

    #[test]
    fn encodings() {
        let t = read(b"\xef\xbb\xbfT\xc3\xadtulo,b\n").unwrap();
        assert_eq!((t.encoding, t.records[0].fields[0].as_str()), (Encoding::Utf8Bom, "Título"));
        let t = read(b"tecnolog\xeda,\x80 5\n").unwrap();
        assert_eq!(t.encoding, Encoding::Windows1252);
        assert_eq!(fields(&t), [vec!["tecnología", "€ 5"]]);
        let utf16: Vec<u8> =
            [0xff, 0xfe].into_iter().chain("a\tb\n".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(fields(&read(&utf16).unwrap()), [vec!["a", "b"]]);
    }

    #[test]
    fn blank_lines_are_skipped_and_lines_counted() {
        let t = read(b"a,b\n\n,\n1,2\n").unwrap();
        assert_eq!(t.records.len(), 2);
        assert_eq!(t.records[1].line, 4);
    }

    #[test]
    fn broken_files_get_exact_errors() {
        assert_eq!(read(b""), Err(CsvError::Empty));
        assert_eq!(read(b" \n\r\n"), Err(CsvError::Empty));
        assert_eq!(read(b"Title,Body\nok,fine\n\"never closed,x\nmore\n"), Err(CsvError::UnclosedQuote { line: 3 }));
        assert_eq!(
            read(b"Title,Body\nok,fine\n\"never closed,x\nmore\n").unwrap_err().to_string(),
            "Line 3: a quoted field starts here but its closing quote (\") is missing, so the rest of the file would be read as one field. Check for a stray quote character on that line."
        );
        let big = vec![b'a'; 5 * 1024 * 1024];
        assert_eq!(read(&big), Err(CsvError::TooLarge(5 * 1024 * 1024)));
        assert_eq!(
            read(&big).unwrap_err().to_string(),
            "The file is 5.0 MB; files up to 4 MB can be imported. Split it, or export fewer columns."
        );
    }
}
