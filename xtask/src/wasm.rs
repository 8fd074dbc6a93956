//! Just enough of the WebAssembly binary format to walk a module's sections and read its imports.

use crate::util::Result;

/// One section of a module: its id and its bytes, header included (`whole`) and not (`body`).
pub struct Section<'a> {
    pub id: u8,
    pub whole: &'a [u8],
    pub body: &'a [u8],
}

impl Section<'_> {
    /// The name of a custom section (id 0), or `None` for any other.
    pub fn custom_name(&self) -> Option<&[u8]> {
        if self.id != 0 {
            return None;
        }
        let mut at = 0;
        let len = leb(self.body, &mut at).ok()?;
        self.body.get(at..at + len)
    }
}

/// The sections of `wasm`, in order.
pub fn sections(wasm: &[u8]) -> Result<Vec<Section<'_>>> {
    if wasm.get(..4) != Some(b"\0asm") || wasm.len() < 8 {
        return Err("not a WebAssembly module".into());
    }
    let mut out = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at)?;
        let end = at.checked_add(size).filter(|e| *e <= wasm.len()).ok_or("truncated WebAssembly")?;
        out.push(Section { id, whole: &wasm[start..end], body: &wasm[at..end] });
        at = end;
    }
    Ok(out)
}

/// Reads an unsigned LEB128 number at `*at` and moves past it.
pub fn leb(bytes: &[u8], at: &mut usize) -> Result<usize> {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let b = *bytes.get(*at).ok_or("truncated WebAssembly")?;
        *at += 1;
        if shift >= usize::BITS {
            return Err("malformed WebAssembly number".into());
        }
        value |= usize::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(value);
        }
        shift += 7;
    }
}

/// Appends `n` as unsigned LEB128.
pub fn put_leb(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends a name (length, then bytes).
pub fn put_name(out: &mut Vec<u8>, name: &[u8]) {
    put_leb(out, name.len());
    out.extend_from_slice(name);
}

/// Appends a section with its id and size.
pub fn put_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    put_leb(out, body.len());
    out.extend_from_slice(body);
}

/// One entry of the import section.
pub struct Import<'a> {
    pub module: &'a [u8],
    pub field: &'a [u8],
    /// What is imported (kind and type), as encoded.
    pub desc: &'a [u8],
}

/// The entries of an import section's body.
pub fn imports(body: &[u8]) -> Result<Vec<Import<'_>>> {
    fn name<'a>(b: &'a [u8], at: &mut usize) -> Result<&'a [u8]> {
        let len = leb(b, at)?;
        let s = b.get(*at..*at + len).ok_or("truncated WebAssembly")?;
        *at += len;
        Ok(s)
    }
    fn limits(b: &[u8], at: &mut usize) -> Result {
        let flags = *b.get(*at).ok_or("truncated WebAssembly")?;
        *at += 1;
        leb(b, at)?;
        if flags & 1 != 0 {
            leb(b, at)?;
        }
        Ok(())
    }
    let mut at = 0;
    let count = leb(body, &mut at)?;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let module = name(body, &mut at)?;
        let field = name(body, &mut at)?;
        let start = at;
        let kind = *body.get(at).ok_or("truncated WebAssembly")?;
        at += 1;
        match kind {
            0 => {
                leb(body, &mut at)?;
            }
            1 => {
                at += 1; // a reference type of one byte (funcref, externref)
                limits(body, &mut at)?;
            }
            2 => limits(body, &mut at)?,
            3 => at += 2, // value type, mutability
            4 => {
                at += 1;
                leb(body, &mut at)?;
            }
            _ => return Err(format!("unknown import kind {kind}")),
        }
        let desc = body.get(start..at).ok_or("truncated WebAssembly")?;
        out.push(Import { module, field, desc });
    }
    if at != body.len() {
        return Err("the import section has bytes after its last entry".into());
    }
    Ok(out)
}
