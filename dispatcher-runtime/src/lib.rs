//! The dispatcher's runtime: the matching core behind `dispatcher!` rules,
//! the actions rule bodies produce, and the command-line interface.
//!
//! A request's path through the system: the server builds a
//! [`matching::Request`], the [`Dispatcher`] emitted by `dispatcher!` decides
//! which rule fires ([`matching`]) and runs its body, which returns an
//! [`Action`] ([`action`]); the proxy then performs it.

pub mod action;
pub mod allocator;
pub mod base_url;
pub mod buffers;
pub mod cli;
pub mod config;
pub mod conn;
pub mod cors;
pub mod demo;
pub mod dispatcher;
pub mod elixir;
pub mod form;
pub mod h1;
pub mod log;
pub mod matching;
pub mod metrics;
pub mod proxy;
pub mod server;
pub mod socket;
pub mod stop;
pub mod timer;

pub use action::{Action, Forward, Respond, forward, send_resp};
pub use base_url::{BaseUrl, Scheme};
pub use conn::{Conn, HeaderEdit, Labels, RuleError, Segments};
pub use dispatcher::{Dispatched, Dispatcher};
pub use dispatcher_macros::dispatcher;

/// What a `dispatcher.rs` rules file needs: `use dispatcher::prelude::*;`.
pub mod prelude {
    pub use crate::action::{Action, forward, send_resp};
    pub use crate::base_url::BaseUrl;
    pub use crate::conn::{Conn, Labels, Segments};
    pub use crate::cors::{Cors, cors, cors_preflight};
    pub use crate::dispatcher::Dispatcher;
    pub use dispatcher_macros::dispatcher;
}

/// Paths the macro's output uses; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::base_url::Scheme;
    pub use crate::matching::{
        AcceptAlias, HostPattern, LabelOrder, LabelPattern, Layer, MediaType, MethodSet,
        PathPattern, Rule, RuleTable, SegmentPattern, ValueMatch,
    };
    pub use dispatcher_syntax::Verb;
}
