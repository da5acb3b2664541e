//! Where a request is matched: request facts, patterns and the evaluation order
//! of docs/design/behaviour.md §2. Nothing here performs I/O; a decision is a
//! pure function of the request head and the compiled [`RuleTable`].

pub mod accept;
pub mod decide;
pub mod explain;
pub mod headers;
pub mod host;
pub mod method;
pub mod path;
pub mod request;
pub mod table;
pub mod values;

pub use accept::{AcceptAlias, AcceptGroups, MediaRange, MediaType};
pub use decide::{Winner, decide};
pub use explain::{Explanation, Mismatch, TraceEntry, explain};
pub use headers::RequestHeaders;
pub use host::{
    HostLabels, HostMismatch, HostName, HostPattern, InvalidHost, LabelOrder, LabelPattern,
};
pub use method::MethodSet;
pub use path::{PathMismatch, PathPattern, PathSegments, SegmentPattern};
pub use request::{Request, RequestFacts};
pub use table::{Candidates, Layer, Rule, RuleTable};
pub use values::ValueMatch;
