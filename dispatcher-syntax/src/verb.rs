//! The rule verbs (`get!`, `match!`, ...) and the request methods each
//! serves. The macro recognises verbs by these names, the runtime tests a
//! request's method against [`Verb::methods`], and the migration compares
//! rules by the same sets.

/// A verb of the rule language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    Match,
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl Verb {
    /// Every verb, in the order messages list them.
    pub const ALL: [Verb; 8] = [
        Verb::Match,
        Verb::Get,
        Verb::Post,
        Verb::Put,
        Verb::Patch,
        Verb::Delete,
        Verb::Head,
        Verb::Options,
    ];

    /// The names of [`Verb::ALL`], as written before the `!`.
    pub const NAMES: [&'static str; 8] = {
        let mut names = [""; 8];
        let mut index = 0;
        while index < Verb::ALL.len() {
            names[index] = Verb::ALL[index].name();
            index += 1;
        }
        names
    };

    /// As written in a rule, without the `!`.
    pub const fn name(self) -> &'static str {
        match self {
            Verb::Match => "match",
            Verb::Get => "get",
            Verb::Post => "post",
            Verb::Put => "put",
            Verb::Patch => "patch",
            Verb::Delete => "delete",
            Verb::Head => "head",
            Verb::Options => "options",
        }
    }

    pub fn from_name(name: &str) -> Option<Verb> {
        Verb::ALL.into_iter().find(|verb| verb.name() == name)
    }

    /// The request methods a rule with this verb serves.
    pub const fn methods(self) -> Methods {
        match self {
            Verb::Match => Methods::ANY,
            // `get!` serves HEAD too, as axum, Rocket and Plug.Router do
            // (docs/design/mu-compatibility.md P8, differ).
            Verb::Get => Methods::GET.union(Methods::HEAD),
            Verb::Post => Methods::POST,
            Verb::Put => Methods::PUT,
            Verb::Patch => Methods::PATCH,
            Verb::Delete => Methods::DELETE,
            Verb::Head => Methods::HEAD,
            Verb::Options => Methods::OPTIONS,
        }
    }
}

/// A set of request methods, one bit each; the methods without a verb of
/// their own (extension methods, `CONNECT`, `TRACE`) share one bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Methods(u16);

impl Methods {
    pub const NONE: Methods = Methods(0);
    pub const GET: Methods = Methods(1);
    pub const HEAD: Methods = Methods(1 << 1);
    pub const POST: Methods = Methods(1 << 2);
    pub const PUT: Methods = Methods(1 << 3);
    pub const PATCH: Methods = Methods(1 << 4);
    pub const DELETE: Methods = Methods(1 << 5);
    pub const OPTIONS: Methods = Methods(1 << 6);
    /// Every other method.
    pub const OTHER: Methods = Methods(1 << 7);
    pub const ANY: Methods = Methods(u16::MAX);

    /// The methods with a bit of their own, by their names on the wire.
    pub const NAMED: [(Methods, &'static str); 7] = [
        (Methods::GET, "GET"),
        (Methods::HEAD, "HEAD"),
        (Methods::POST, "POST"),
        (Methods::PUT, "PUT"),
        (Methods::PATCH, "PATCH"),
        (Methods::DELETE, "DELETE"),
        (Methods::OPTIONS, "OPTIONS"),
    ];

    /// The bit of a method named as on the wire (case-sensitive).
    pub fn of_name(name: &str) -> Methods {
        Methods::NAMED
            .into_iter()
            .find(|(_, named)| *named == name)
            .map_or(Methods::OTHER, |(methods, _)| methods)
    }

    pub const fn union(self, other: Methods) -> Methods {
        Methods(self.0 | other.0)
    }

    pub const fn intersection(self, other: Methods) -> Methods {
        Methods(self.0 & other.0)
    }

    /// Whether every method of `other` is in `self`.
    pub const fn contains(self, other: Methods) -> bool {
        self.0 & other.0 == other.0
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for verb in Verb::ALL {
            assert_eq!(Verb::from_name(verb.name()), Some(verb));
        }
        assert_eq!(Verb::NAMES[0], "match");
        assert_eq!(Verb::from_name("GET"), None);
        assert_eq!(Verb::from_name("gett"), None);
    }

    #[test]
    fn get_serves_head_and_match_serves_every_method() {
        assert!(Verb::Get.methods().contains(Methods::HEAD));
        assert!(!Verb::Head.methods().contains(Methods::GET));
        assert!(Verb::Match.methods().contains(Methods::OTHER));
        for verb in Verb::ALL {
            assert!(Verb::Match.methods().contains(verb.methods()));
        }
        assert_eq!(Methods::of_name("PATCH"), Methods::PATCH);
        assert_eq!(Methods::of_name("patch"), Methods::OTHER);
    }

    #[test]
    fn the_verbs_of_single_methods_serve_only_that_method() {
        for (verb, name) in [
            (Verb::Post, "POST"),
            (Verb::Put, "PUT"),
            (Verb::Patch, "PATCH"),
            (Verb::Delete, "DELETE"),
            (Verb::Head, "HEAD"),
            (Verb::Options, "OPTIONS"),
        ] {
            assert_eq!(verb.methods(), Methods::of_name(name), "{verb:?}");
        }
    }
}
