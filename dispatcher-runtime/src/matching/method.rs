//! Which request methods a rule's verb accepts (SPEC §1.1, MU-QUIRKS P8).

use http::Method;

/// A set of methods as a bit mask; `match!` is every method, extension
/// methods included. Methods are case-sensitive: `get` is not `GET`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodSet(u16);

impl MethodSet {
    pub const GET: MethodSet = MethodSet(1);
    pub const HEAD: MethodSet = MethodSet(1 << 1);
    pub const POST: MethodSet = MethodSet(1 << 2);
    pub const PUT: MethodSet = MethodSet(1 << 3);
    pub const PATCH: MethodSet = MethodSet(1 << 4);
    pub const DELETE: MethodSet = MethodSet(1 << 5);
    pub const OPTIONS: MethodSet = MethodSet(1 << 6);
    const OTHER: MethodSet = MethodSet(1 << 7);
    pub const ANY: MethodSet = MethodSet(u16::MAX);

    /// `get!` serves HEAD too, as axum, Rocket and Plug.Router do (P8, differ).
    pub const GET_AND_HEAD: MethodSet = MethodSet(Self::GET.0 | Self::HEAD.0);

    /// The bit of one request method.
    pub fn of(method: &Method) -> MethodSet {
        match *method {
            Method::GET => Self::GET,
            Method::HEAD => Self::HEAD,
            Method::POST => Self::POST,
            Method::PUT => Self::PUT,
            Method::PATCH => Self::PATCH,
            Method::DELETE => Self::DELETE,
            Method::OPTIONS => Self::OPTIONS,
            _ => Self::OTHER,
        }
    }

    pub fn contains(self, method: &Method) -> bool {
        self.0 & Self::of(method).0 != 0
    }

    /// The verb names, for `explain` and `routes`.
    pub fn names(self) -> Vec<&'static str> {
        if self == Self::ANY {
            return vec!["any"];
        }
        [
            (Self::GET, "GET"),
            (Self::HEAD, "HEAD"),
            (Self::POST, "POST"),
            (Self::PUT, "PUT"),
            (Self::PATCH, "PATCH"),
            (Self::DELETE, "DELETE"),
            (Self::OPTIONS, "OPTIONS"),
        ]
        .into_iter()
        .filter(|(set, _)| self.0 & set.0 != 0)
        .map(|(_, name)| name)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_serves_head_but_head_does_not_serve_get() {
        assert!(MethodSet::GET_AND_HEAD.contains(&Method::HEAD));
        assert!(MethodSet::GET_AND_HEAD.contains(&Method::GET));
        assert!(!MethodSet::HEAD.contains(&Method::GET));
        assert!(!MethodSet::GET_AND_HEAD.contains(&Method::POST));
    }

    #[test]
    fn methods_are_case_sensitive_and_any_takes_extensions() {
        let lower_get = Method::from_bytes(b"get").unwrap();
        assert!(!MethodSet::GET_AND_HEAD.contains(&lower_get));
        assert!(MethodSet::ANY.contains(&lower_get));
        assert!(MethodSet::ANY.contains(&Method::from_bytes(b"PROPFIND").unwrap()));
    }
}
