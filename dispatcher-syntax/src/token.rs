//! The HTTP token grammar (RFC 9110 §5.6.2): the bytes header and cookie
//! names, methods and media types are made of. The macro checks names in
//! rules with it, the runtime parses Accept headers, chunk extensions and
//! CORS lists with it.

/// The symbols a token may hold besides ASCII letters and digits.
pub const TCHAR_SYMBOLS: &str = "!#$%&'*+-.^_`|~";

/// Whether each byte is a `tchar`; a table because the runtime asks per
/// byte of every Accept header.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    let symbols = TCHAR_SYMBOLS.as_bytes();
    let mut index = 0;
    while index < symbols.len() {
        table[symbols[index] as usize] = true;
        index += 1;
    }
    table
};

/// RFC 9110 `tchar`.
pub const fn is_tchar(byte: u8) -> bool {
    TCHAR[byte as usize]
}

/// RFC 9110 `token`: one or more `tchar`.
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&byte| is_tchar(byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_letters_digits_and_the_listed_symbols() {
        let accepted: Vec<u8> = (0..=255u8).filter(|&b| is_tchar(b)).collect();
        let mut expected: Vec<u8> = (b'0'..=b'9')
            .chain(b'A'..=b'Z')
            .chain(b'a'..=b'z')
            .chain(*b"!#$%&'*+-.^_`|~")
            .collect();
        expected.sort_unstable();
        assert_eq!(accepted, expected);
        assert!(is_token(b"x-request-id"));
        assert!(!is_token(b""));
        assert!(!is_token(b"a b"));
        assert!(!is_token(b"a,b"));
        assert!(!is_token("é".as_bytes()));
    }
}
