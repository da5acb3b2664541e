//! The facts of the rule language, written once for every crate that needs
//! them: the `dispatcher!` macro (which checks rules at compile time), the
//! runtime (which matches requests and checks values built while serving)
//! and the migration tool (which writes rules the macro must accept).
//!
//! - [`Verb`]: the rule verbs and the methods each serves ([`Methods`]);
//! - [`LAST_CALL`] and [`DEFAULT_LAYERS`]: the layer names the language
//!   knows without `define_layers!`;
//! - [`is_tchar`]: the HTTP token grammar (header, cookie and method names,
//!   media types);
//! - [`cover`]: when one rule matches every request another matches (the
//!   "can never fire" check), so the macro and the migration agree;
//! - [`parse_base_url`]: what a `forward` base URL may be;
//! - [`segment_hash`]: the hash of the first-segment index.
//!
//! The crate has no dependencies: the runtime links it, and it must not pull
//! anything into the server.

mod base_url;
pub mod cover;
mod token;
mod verb;

pub use base_url::{BaseUrlError, BaseUrlFault, BaseUrlParts, parse_base_url};
pub use token::{TCHAR_SYMBOLS, is_tchar, is_token};
pub use verb::{Methods, Verb};

/// The layer `last_call: true` puts a rule in.
pub const LAST_CALL: &str = "last_call";

/// The layers when the rules have no `define_layers!`, in order.
pub const DEFAULT_LAYERS: [&str; 2] = ["service", LAST_CALL];

/// FNV-1a (64-bit) of a path segment: the macro sorts a layer's
/// first-segment index by it, the runtime looks a request's first segment up
/// by it, so both must compute it the same way.
pub const fn segment_hash(segment: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut index = 0;
    while index < segment.len() {
        hash ^= segment[index] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        index += 1;
    }
    hash
}
