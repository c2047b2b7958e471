//! Reading the byte formats of this crate (feed pages, sync rounds, team
//! messages, nearby frames) without ever reading past the input: every
//! take is checked against what is left, and a short input is the format's
//! own "malformed" error, never a panic.

/// A cursor over bytes that answers `malformed` when the input is short.
#[derive(Debug)]
pub(crate) struct Reader<'a, E> {
    bytes: &'a [u8],
    malformed: E,
}

impl<'a, E: Clone> Reader<'a, E> {
    /// Reads `bytes`; a short input gives `malformed`.
    pub(crate) fn new(bytes: &'a [u8], malformed: E) -> Self {
        Reader { bytes, malformed }
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], E> {
        let (head, tail) = self
            .bytes
            .split_at_checked(n)
            .ok_or_else(|| self.malformed.clone())?;
        self.bytes = tail;
        Ok(head)
    }

    /// The next `N` bytes as an array.
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], E> {
        let b = self.take(N)?;
        b.try_into().map_err(|_| self.malformed.clone())
    }

    /// A big-endian `u32`.
    pub(crate) fn u32(&mut self) -> Result<u32, E> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    /// A big-endian `u64`.
    pub(crate) fn u64(&mut self) -> Result<u64, E> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    /// What is left, not consumed.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.bytes
    }

    /// Everything left, consumed.
    pub(crate) fn take_rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.bytes)
    }

    /// `malformed` unless every byte was read.
    pub(crate) fn end(&self) -> Result<(), E> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(self.malformed.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_input_is_malformed_never_a_panic() {
        let mut r = Reader::new(&[0, 0, 0, 7, 1, 2], "malformed");
        assert_eq!(r.u32(), Ok(7));
        assert_eq!(r.u64(), Err("malformed"));
        assert_eq!(r.rest(), [1, 2], "a failed take consumes nothing");
        assert_eq!(r.end(), Err("malformed"));
        assert_eq!(r.array::<2>(), Ok([1, 2]));
        assert_eq!(r.end(), Ok(()));
        assert_eq!(r.take(1), Err("malformed"));
        assert_eq!(r.take(usize::MAX), Err("malformed"));
        let mut r = Reader::new(&[9, 8, 7], "malformed");
        assert_eq!(r.take_rest(), [9, 8, 7]);
        assert_eq!(r.rest(), [] as [u8; 0]);
    }
}
