//! Which request methods a rule's verb accepts (docs/design/behaviour.md §1,
//! docs/design/mu-compatibility.md P8). The verb → methods table is
//! `dispatcher_syntax::Verb::methods`, which the macro and the migration
//! read too; this adds what needs `http`: a request method's bit.

use dispatcher_syntax::{Methods, Verb};
use http::Method;

/// A set of methods as a bit mask; `match!` is every method, extension
/// methods included. Methods are case-sensitive: `get` is not `GET`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodSet(Methods);

impl MethodSet {
    pub const ANY: MethodSet = MethodSet(Methods::ANY);

    /// The methods a rule with `verb` serves.
    pub const fn of_verb(verb: Verb) -> MethodSet {
        MethodSet(verb.methods())
    }

    /// The bit of one request method.
    pub fn of(method: &Method) -> MethodSet {
        MethodSet(match *method {
            Method::GET => Methods::GET,
            Method::HEAD => Methods::HEAD,
            Method::POST => Methods::POST,
            Method::PUT => Methods::PUT,
            Method::PATCH => Methods::PATCH,
            Method::DELETE => Methods::DELETE,
            Method::OPTIONS => Methods::OPTIONS,
            _ => Methods::OTHER,
        })
    }

    pub fn contains(self, method: &Method) -> bool {
        !self.0.intersection(Self::of(method).0).is_empty()
    }

    /// The verb names, for `explain` and `routes`.
    pub fn names(self) -> Vec<&'static str> {
        if self == Self::ANY {
            return vec!["any"];
        }
        Methods::NAMED
            .into_iter()
            .filter(|(methods, _)| self.0.contains(*methods))
            .map(|(_, name)| name)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_serves_head_but_head_does_not_serve_get() {
        let get = MethodSet::of_verb(Verb::Get);
        assert!(get.contains(&Method::HEAD));
        assert!(get.contains(&Method::GET));
        assert!(!MethodSet::of_verb(Verb::Head).contains(&Method::GET));
        assert!(!get.contains(&Method::POST));
        assert_eq!(get.names(), ["GET", "HEAD"]);
    }

    #[test]
    fn methods_are_case_sensitive_and_any_takes_extensions() {
        let lower_get = Method::from_bytes(b"get").unwrap();
        assert!(!MethodSet::of_verb(Verb::Get).contains(&lower_get));
        assert!(MethodSet::ANY.contains(&lower_get));
        assert!(MethodSet::ANY.contains(&Method::from_bytes(b"PROPFIND").unwrap()));
        assert_eq!(MethodSet::of_verb(Verb::Match), MethodSet::ANY);
    }

    #[test]
    fn every_method_with_a_bit_is_read_by_its_name() {
        for (methods, name) in Methods::NAMED {
            let method = Method::from_bytes(name.as_bytes()).unwrap();
            assert_eq!(MethodSet::of(&method), MethodSet(methods), "{name}");
        }
    }
}
