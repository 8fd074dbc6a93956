//! A compact binary writer and a defensive reader: the body of share links.
//!
//! Integers are LEB128 varints, text is a length-prefixed UTF-8 string. The reader never panics,
//! never allocates more than the input can justify (counts are checked against the bytes left
//! before anything is reserved), and bounds every length it reads.

/// Why bytes could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BinError {
    #[error("it ends too early")]
    Truncated,
    #[error("a number in it is too large")]
    Overflow,
    #[error("it holds text that is not valid UTF-8")]
    BadText,
    #[error("it holds a {what} of {len}, more than the {max} allowed")]
    TooLong { what: &'static str, len: usize, max: usize },
    #[error("it holds an unknown {0}")]
    Unknown(&'static str),
    #[error("it has {0} bytes of unexpected data at the end")]
    Trailing(usize),
}

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    /// A signed integer, zig-zag encoded so small negatives stay small.
    pub fn zigzag(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }

    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
}

/// Reads values from a byte slice.
pub struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf }
    }

    pub fn u8(&mut self) -> Result<u8, BinError> {
        let (&b, rest) = self.buf.split_first().ok_or(BinError::Truncated)?;
        self.buf = rest;
        Ok(b)
    }

    pub fn varint(&mut self) -> Result<u64, BinError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                if shift == 63 && b > 1 {
                    return Err(BinError::Overflow);
                }
                return Ok(v);
            }
        }
        Err(BinError::Overflow)
    }

    /// A varint that must fit `max`.
    pub fn bounded(&mut self, what: &'static str, max: u64) -> Result<u64, BinError> {
        let v = self.varint()?;
        if v > max {
            return Err(BinError::TooLong { what, len: v.min(usize::MAX as u64) as usize, max: max as usize });
        }
        Ok(v)
    }

    pub fn zigzag(&mut self) -> Result<i64, BinError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    /// A count of items, each at least `min_item_bytes` long, at most `max`: checked against what
    /// is left before the caller reserves room for them.
    pub fn count(&mut self, what: &'static str, max: usize, min_item_bytes: usize) -> Result<usize, BinError> {
        let n = self.bounded(what, max as u64)? as usize;
        if n.saturating_mul(min_item_bytes) > self.buf.len() {
            return Err(BinError::Truncated);
        }
        Ok(n)
    }

    /// Text of at most `max_chars` characters.
    pub fn str(&mut self, what: &'static str, max_chars: usize) -> Result<String, BinError> {
        let len = self.bounded(what, (max_chars * 4) as u64)? as usize;
        let bytes = self.take(len)?;
        let s = std::str::from_utf8(bytes).map_err(|_| BinError::BadText)?;
        let chars = s.chars().count();
        if chars > max_chars {
            return Err(BinError::TooLong { what, len: chars, max: max_chars });
        }
        Ok(s.to_owned())
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], BinError> {
        if n > self.buf.len() {
            return Err(BinError::Truncated);
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }

    /// Fails unless everything was read.
    pub fn finish(self) -> Result<(), BinError> {
        if self.buf.is_empty() { Ok(()) } else { Err(BinError::Trailing(self.buf.len())) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        let mut w = Writer::default();
        for v in [0u64, 1, 127, 128, 300, u64::MAX] {
            w.varint(v);
        }
        for v in [0i64, -1, 1, i64::MIN, i64::MAX] {
            w.zigzag(v);
        }
        w.str("héllo");
        let mut r = Reader::new(&w.buf);
        for v in [0u64, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(r.varint(), Ok(v));
        }
        for v in [0i64, -1, 1, i64::MIN, i64::MAX] {
            assert_eq!(r.zigzag(), Ok(v));
        }
        assert_eq!(r.str("title", 10).as_deref(), Ok("héllo"));
        assert_eq!(r.finish(), Ok(()));
    }

    #[test]
    fn hostile_bytes_are_refused() {
        assert_eq!(Reader::new(&[0x80]).varint(), Err(BinError::Truncated));
        assert_eq!(Reader::new(&[0xff; 11]).varint(), Err(BinError::Overflow));
        assert_eq!(
            Reader::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]).varint(),
            Err(BinError::Overflow)
        );
        assert_eq!(Reader::new(&[5, b'a']).str("title", 10), Err(BinError::Truncated));
        assert_eq!(Reader::new(&[2, 0xc3, 0x28]).str("title", 10), Err(BinError::BadText));
        assert!(matches!(Reader::new(&[3, b'a', b'b', b'c']).str("title", 2), Err(BinError::TooLong { .. })));
        // A huge count with little input behind it is refused before anything is allocated.
        let mut w = Writer::default();
        w.varint(4000);
        assert_eq!(Reader::new(&w.buf).count("stories", 5000, 3), Err(BinError::Truncated));
        assert_eq!(Reader::new(&[1, 2]).finish(), Err(BinError::Trailing(2)));
    }
}
