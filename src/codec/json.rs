//! A small JSON reader and writer for SprintDeck's own formats (storage, the JSON export).
//!
//! Why not serde_json: it was a third of the app's WebAssembly. Our formats need only objects,
//! arrays, text, booleans and whole numbers, so this module parses exactly that (fractional
//! numbers are refused), keeps object members in order, bounds nesting depth, never panics, and
//! reports errors with a line and column. Types convert through [`ToJson`] and [`FromJson`],
//! whose errors name the path of the bad value (`board.stories[3].title`).

use std::fmt;

/// A parsed JSON value. Numbers are whole (`i64`); object members keep their order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Json {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// How deeply arrays and objects may nest; deeper input is refused, not recursed into.
pub const MAX_DEPTH: usize = 64;

/// Why a text is not JSON this module reads, or why a value does not fit the expected type.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    #[error("{what} at line {line}, column {column}")]
    Syntax { what: &'static str, line: usize, column: usize },
    #[error("{path}: {what}")]
    Shape { path: String, what: String },
}

impl JsonError {
    /// A type mismatch at `path`.
    pub fn shape(path: &Path<'_>, what: impl Into<String>) -> JsonError {
        JsonError::Shape { path: path.to_string(), what: what.into() }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Parses a complete JSON text (leading BOM and surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser { s: text.as_bytes(), i: 0, text };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("unexpected text after the end"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn err(&self, what: &'static str) -> JsonError {
        let before = &self.text.as_bytes()[..self.i.min(self.s.len())];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        JsonError::Syntax { what, line, column }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8], v: Json) -> Result<Json, JsonError> {
        if self.s[self.i..].starts_with(lit) {
            self.i += lit.len();
            Ok(v)
        } else {
            Err(self.err("unexpected character"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        match self.s.get(self.i) {
            None => Err(self.err("unexpected end of text")),
            Some(b'n') => self.eat(b"null", Json::Null),
            Some(b't') => self.eat(b"true", Json::Bool(true)),
            Some(b'f') => self.eat(b"false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("nesting too deep"));
                }
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(items));
                        }
                        _ => return Err(self.err("expected , or ]")),
                    }
                }
            }
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("nesting too deep"));
                }
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(members));
                }
                loop {
                    self.ws();
                    if self.s.get(self.i) != Some(&b'"') {
                        return Err(self.err("expected a member name in quotes"));
                    }
                    let key = self.string()?;
                    self.ws();
                    if self.s.get(self.i) != Some(&b':') {
                        return Err(self.err("expected :"));
                    }
                    self.i += 1;
                    self.ws();
                    members.push((key, self.value(depth + 1)?));
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(members));
                        }
                        _ => return Err(self.err("expected , or }")),
                    }
                }
            }
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.i;
        if self.s[self.i] == b'-' {
            self.i += 1;
        }
        let digits = self.i;
        while let Some(b'0'..=b'9') = self.s.get(self.i) {
            self.i += 1;
        }
        if self.i == digits {
            return Err(self.err("expected a digit"));
        }
        if let Some(b'.' | b'e' | b'E') = self.s.get(self.i) {
            return Err(self.err("only whole numbers are expected"));
        }
        // The slice is ASCII digits with an optional sign, so it is valid UTF-8.
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("x");
        text.parse::<i64>().map(Json::Int).map_err(|_| self.err("number out of range"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.s.get(self.i..self.i + 4).ok_or_else(|| self.err("unexpected end of text"))?;
        let mut n = 0u32;
        for d in digits {
            n = n * 16 + (*d as char).to_digit(16).ok_or_else(|| self.err("bad \\u escape"))?;
        }
        self.i += 4;
        Ok(n)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            let run_start = self.i;
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // Runs end on ASCII bytes, so they split the UTF-8 text on character boundaries.
            out.push_str(&self.text[run_start..self.i]);
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let esc = *self.s.get(self.i).ok_or_else(|| self.err("unexpected end of text"))?;
                    self.i += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xd800..0xdc00).contains(&hi) && self.s[self.i..].starts_with(b"\\u") {
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return Err(self.err("bad surrogate pair"));
                                }
                                char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00))
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(c.unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(self.err("bad escape")),
                    }
                }
                Some(_) => return Err(self.err("control character in text")),
                None => return Err(self.err("unterminated text")),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

impl Json {
    /// The member `key` of an object; `None` if this is not an object or has no such member.
    pub fn member(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Compact JSON text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None, 0);
        out
    }

    /// Indented JSON text, for files people may read.
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(2), 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>, level: usize) {
        let newline = |out: &mut String, level: usize| {
            if let Some(n) = indent {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', n * level));
            }
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(n) => push_int(out, *n),
            Json::Str(s) => write_str(out, s),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    item.write(out, indent, level + 1);
                }
                if !items.is_empty() {
                    newline(out, level);
                }
                out.push(']');
            }
            Json::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    write_str(out, k);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    v.write(out, indent, level + 1);
                }
                if !members.is_empty() {
                    newline(out, level);
                }
                out.push('}');
            }
        }
    }
}

fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut m = n.unsigned_abs();
    loop {
        i -= 1;
        digits[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|d| *d as char));
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[((n >> shift) & 0xf) as usize] as char);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------------------------
// Typed conversion

/// Where in a document a value sits, for error messages.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    Root(&'static str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(name) => f.write_str(name),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Converts a value into JSON.
pub trait ToJson {
    fn to_json(&self) -> Json;
}

/// Reads a value from JSON, naming `path` in errors.
pub trait FromJson: Sized {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError>;
}

/// Builds an object, leaving out members that hold their default value.
#[derive(Default)]
pub struct ObjBuilder(Vec<(String, Json)>);

impl ObjBuilder {
    pub fn new() -> ObjBuilder {
        ObjBuilder(Vec::new())
    }

    /// Adds a member.
    pub fn put(mut self, key: &str, value: &impl ToJson) -> ObjBuilder {
        self.0.push((key.to_owned(), value.to_json()));
        self
    }

    /// Adds a member unless it equals the type's default (empty text, empty list, `None`).
    pub fn put_nondefault<T: ToJson + Default + PartialEq>(self, key: &str, value: &T) -> ObjBuilder {
        if *value == T::default() { self } else { self.put(key, value) }
    }

    pub fn build(self) -> Json {
        Json::Obj(self.0)
    }
}

/// Reads the members of an object.
pub struct ObjReader<'a> {
    members: &'a [(String, Json)],
    path: &'a Path<'a>,
}

impl<'a> ObjReader<'a> {
    /// Expects `j` to be an object.
    pub fn new(j: &'a Json, path: &'a Path<'a>) -> Result<ObjReader<'a>, JsonError> {
        match j {
            Json::Obj(members) => Ok(ObjReader { members, path }),
            _ => Err(JsonError::shape(path, "expected an object")),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Json> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A member that must be present.
    pub fn req<T: FromJson>(&self, key: &str) -> Result<T, JsonError> {
        let path = Path::Key(self.path, key);
        match self.get(key) {
            Some(v) => T::from_json(v, &path),
            None => Err(JsonError::shape(&path, "is missing")),
        }
    }

    /// A member that may be missing or null, then taking the type's default.
    pub fn opt<T: FromJson + Default>(&self, key: &str) -> Result<T, JsonError> {
        match self.get(key) {
            None | Some(Json::Null) => Ok(T::default()),
            Some(v) => T::from_json(v, &Path::Key(self.path, key)),
        }
    }
}

impl ToJson for String {
    fn to_json(&self) -> Json {
        Json::Str(self.clone())
    }
}

impl FromJson for String {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        match j {
            Json::Str(s) => Ok(s.clone()),
            _ => Err(JsonError::shape(path, "expected text")),
        }
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Json {
        Json::Bool(*self)
    }
}

impl FromJson for bool {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        match j {
            Json::Bool(b) => Ok(*b),
            _ => Err(JsonError::shape(path, "expected true or false")),
        }
    }
}

macro_rules! int_json {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Json {
                Json::Int(*self as i64)
            }
        }
        impl FromJson for $t {
            fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
                match j {
                    Json::Int(n) => <$t>::try_from(*n)
                        .map_err(|_| JsonError::shape(path, concat!("number out of range for ", stringify!($t)))),
                    _ => Err(JsonError::shape(path, "expected a whole number")),
                }
            }
        }
    )*};
}
int_json!(u8, u16, u32, u64, i32, i64, usize);

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        Json::Arr(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        match j {
            Json::Arr(items) => items.iter().enumerate().map(|(i, v)| T::from_json(v, &Path::Index(path, i))).collect(),
            _ => Err(JsonError::shape(path, "expected a list")),
        }
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Json {
        self.as_ref().map_or(Json::Null, ToJson::to_json)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        match j {
            Json::Null => Ok(None),
            v => T::from_json(v, path).map(Some),
        }
    }
}

impl<T: ToJson> ToJson for std::sync::Arc<T> {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
}

impl<T: FromJson> FromJson for std::sync::Arc<T> {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        T::from_json(j, path).map(std::sync::Arc::new)
    }
}

/// Reads a value through its `FromStr` text form, for ids, dates and enums.
pub fn from_text<T: std::str::FromStr>(j: &Json, path: &Path<'_>, what: &str) -> Result<T, JsonError> {
    match j {
        Json::Str(s) => s.parse().map_err(|_| JsonError::shape(path, format!("“{s}” is not {what}"))),
        _ => Err(JsonError::shape(path, format!("expected {what} as text"))),
    }
}

impl FromJson for Json {
    fn from_json(j: &Json, _: &Path<'_>) -> Result<Self, JsonError> {
        Ok(j.clone())
    }
}

impl ToJson for Json {
    fn to_json(&self) -> Json {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_back() {
        let text = r#"{"a":[1,-2,true,false,null],"b":"x\"y\\z\n\u00e9\ud83d\ude00","c":{}}"#;
        let v = parse(text).unwrap();
        assert_eq!(parse(&v.to_text()).unwrap(), v);
        assert_eq!(parse(&v.to_pretty()).unwrap(), v);
        let Json::Obj(m) = &v else { panic!("object expected") };
        assert_eq!(m[1].1, Json::Str("x\"y\\z\né😀".into()));
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            parse("{\n  \"a\": 1.5}"),
            Err(JsonError::Syntax { what: "only whole numbers are expected", line: 2, column: 9 })
        );
        assert!(matches!(parse(""), Err(JsonError::Syntax { what: "unexpected end of text", .. })));
        assert!(matches!(parse("[1,]"), Err(JsonError::Syntax { .. })));
        assert!(matches!(parse("{\"a\" 1}"), Err(JsonError::Syntax { what: "expected :", .. })));
        assert!(matches!(parse("\"abc"), Err(JsonError::Syntax { what: "unterminated text", .. })));
        assert!(matches!(parse("99999999999999999999"), Err(JsonError::Syntax { what: "number out of range", .. })));
        assert!(matches!(parse("[1] x"), Err(JsonError::Syntax { .. })));
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(matches!(parse(&deep), Err(JsonError::Syntax { what: "nesting too deep", .. })));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn control_and_separator_characters_are_escaped() {
        let v = Json::Str("a\u{1}\u{2028}b".into());
        assert_eq!(v.to_text(), "\"a\\u0001\\u2028b\"");
        assert_eq!(parse(&v.to_text()).unwrap(), v);
    }

    #[test]
    fn typed_errors_name_the_path() {
        let v = parse(r#"{"items":[{"n":1},{"n":"x"}]}"#).unwrap();
        let root = Path::Root("doc");
        let r = ObjReader::new(&v, &root).unwrap();
        let Json::Arr(items) = r.req::<Json>("items").unwrap() else { panic!() };
        let p = Path::Key(&root, "items");
        let second = Path::Index(&p, 1);
        let err = ObjReader::new(&items[1], &second).unwrap().req::<u32>("n").unwrap_err();
        assert_eq!(err.to_string(), "doc.items[1].n: expected a whole number");
        assert_eq!(r.req::<u32>("missing").unwrap_err().to_string(), "doc.missing: is missing");
    }

    #[test]
    fn numbers_at_the_edges() {
        for n in [0i64, -1, i64::MAX, i64::MIN, 1_763_800_000_000] {
            let t = Json::Int(n).to_text();
            assert_eq!(parse(&t).unwrap(), Json::Int(n), "{t}");
        }
    }
}
